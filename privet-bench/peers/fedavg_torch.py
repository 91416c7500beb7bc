"""PyTorch CPU peer of FlRoundBench: one FedAvg round of 100 clients, each 50 random 16x16 inputs (10 classes),
MLP 256-64-10, one local epoch of batch 10 with plain SGD (lr 0.1), weighted mean of the deltas, then evaluation
on 1,000 test inputs. Clients run one after another (torch.set_num_threads sets the intra-op threads).
Prints 'round_ms <mean>' and 'client_rounds_per_s <value>' over --rounds timed rounds after --warmup rounds."""
import argparse
import time

import torch

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=1)
p.add_argument("--rounds", type=int, default=10)
p.add_argument("--warmup", type=int, default=3)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
C, N = 100, 50
x = torch.rand(C, N, 256)
y = torch.randint(0, 10, (C, N))
xt, yt = torch.rand(1000, 256), torch.randint(0, 10, (1000,))
net = torch.nn.Sequential(torch.nn.Linear(256, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
glob = [q.detach().clone() for q in net.parameters()]
loss_fn = torch.nn.CrossEntropyLoss()


def one_round():
    acc = [torch.zeros_like(g) for g in glob]
    for c in range(C):
        with torch.no_grad():
            for q, g in zip(net.parameters(), glob):
                q.copy_(g)
        perm = torch.randperm(N)
        for s in range(0, N, 10):
            idx = perm[s:s + 10]
            net.zero_grad(set_to_none=True)
            loss_fn(net(x[c, idx]), y[c, idx]).backward()
            with torch.no_grad():
                for q in net.parameters():
                    q.add_(q.grad, alpha=-0.1)
        with torch.no_grad():
            for s_, q, g in zip(acc, net.parameters(), glob):
                s_.add_((q - g) * N)
    with torch.no_grad():
        for g, s_ in zip(glob, acc):
            g.add_(s_ / (C * N))
        for q, g in zip(net.parameters(), glob):
            q.copy_(g)
        (net(xt).argmax(1) == yt).float().mean().item()


for _ in range(a.warmup):
    one_round()
t0 = time.perf_counter()
for _ in range(a.rounds):
    one_round()
ms = (time.perf_counter() - t0) * 1000 / a.rounds
print(f"round_ms {ms:.2f}")
print(f"client_rounds_per_s {C / ms * 1000:.0f}")

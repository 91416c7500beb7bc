#!/usr/bin/env python3
"""PyTorch CPU peer for GradientMatchingBench: one Inverting Gradients iteration on one 28x28 image.

Objective: 1 - cos(grad(dummy), grad(target)) over all parameters + 1e-4 * TV(dummy); double backprop
(create_graph=True); Adam step on the signed gradient; clamp to [0, 1]. Models as in the Java benchmark:
MLP 784-64-10 sigmoid, and cnn = conv5x5(4,pad2)-relu-maxpool2-conv5x5(8,pad2)-relu-maxpool2-dense(392,32)-relu-dense(10).
Prints median milliseconds per iteration for each model.
Run with Debian's Python:  PYENV_VERSION=system python3 privet-bench/peers/reconstruct_torch.py --threads 1
"""
import argparse
import statistics
import time

import torch
import torch.nn.functional as F


def models():
    mlp = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 64), torch.nn.Sigmoid(), torch.nn.Linear(64, 10))
    cnn = torch.nn.Sequential(
        torch.nn.Conv2d(1, 4, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(4, 8, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(8 * 7 * 7, 32), torch.nn.ReLU(), torch.nn.Linear(32, 10))
    return {"mlp": mlp, "cnn": cnn}


def tv(x):
    dx = x[:, :, :, 1:] - x[:, :, :, :-1]
    dy = x[:, :, 1:, :] - x[:, :, :-1, :]
    return torch.sqrt(dx * dx + 1e-8).mean() + torch.sqrt(dy * dy + 1e-8).mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--iters", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=50)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    for name, model in models().items():
        params = list(model.parameters())
        x = torch.rand(1, 1, 28, 28)
        y = torch.tensor([3])
        target = [g.detach() for g in torch.autograd.grad(F.cross_entropy(model(x), y), params)]
        tnorm = torch.sqrt(sum((t * t).sum() for t in target))
        dummy = torch.rand(1, 1, 28, 28, requires_grad=True)
        opt = torch.optim.Adam([dummy], lr=0.1)
        times = []
        for it in range(args.warmup + args.iters):
            t0 = time.perf_counter()
            opt.zero_grad()
            g = torch.autograd.grad(F.cross_entropy(model(dummy), y), params, create_graph=True)
            dot = sum((a * b).sum() for a, b in zip(g, target))
            sq = sum((a * a).sum() for a in g)
            obj = 1 - dot / (torch.sqrt(sq) * tnorm) + 1e-4 * tv(dummy)
            dummy.grad, = torch.autograd.grad(obj, [dummy])
            dummy.grad.sign_()
            opt.step()
            with torch.no_grad():
                dummy.clamp_(0, 1)
            if it >= args.warmup:
                times.append((time.perf_counter() - t0) * 1e3)
        print(f"torch {torch.__version__} threads={args.threads} {name}: {statistics.median(times):.3f} ms/iteration")


if __name__ == "__main__":
    main()

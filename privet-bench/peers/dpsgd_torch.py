#!/usr/bin/env python3
"""PyTorch CPU peer for the DP-SGD step benchmark (privet-bench DpSgdBench).

MLP 784-512-10 (ReLU), batch 256, cross-entropy. Times (median ms per step):
  plain_step   forward, mean loss, backward, SGD update
  dp_step      per-sample gradients with functorch (vmap(grad)), per-example clipping to C = 1 over all
               parameters, Gaussian noise N(0, (z C)^2) with z = 1 on the clipped sum (torch.normal: floating-point,
               not a secure or exact sampler), division by the expected batch size, SGD update
  noise_only   the torch.normal draw for the 407,050 coordinates
Run with Debian's Python, one thread:
  PYENV_VERSION=system python3 privet-bench/peers/dpsgd_torch.py --threads 1
  PYENV_VERSION=system python3 privet-bench/peers/dpsgd_torch.py --threads 1 --noise-only --steps 300   # noise alone
"""
import argparse
import statistics
import time

import torch
import torch.nn.functional as F


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--noise-only", action="store_true", help="time only the noise draw (skips the steps)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.rand(args.batch, 784)
    y = torch.randint(0, 10, (args.batch,))
    clip, z, expected = 1.0, 1.0, float(args.batch)

    def timed(fn, n, warm):
        for _ in range(warm):
            fn()
        ts = []
        for _ in range(n):
            t0 = time.perf_counter()
            fn()
            ts.append((time.perf_counter() - t0) * 1e3)
        return statistics.median(ts)

    def plain():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), y).backward()
        opt.step()

    from functorch import make_functional, vmap, grad
    fmodel, _ = make_functional(model)

    def loss1(p, xi, yi):
        return F.cross_entropy(fmodel(p, xi.unsqueeze(0)), yi.unsqueeze(0))

    per_ex = vmap(grad(loss1), in_dims=(None, 0, 0))
    params = list(model.parameters())

    def dp():
        with torch.no_grad():
            p = tuple(t.detach() for t in params)
        gs = per_ex(p, x, y)
        b = gs[0].shape[0]
        norms = torch.sqrt(sum(g.reshape(b, -1).pow(2).sum(1) for g in gs))
        factor = (clip / (norms + 1e-12)).clamp(max=1.0)
        with torch.no_grad():
            for param, g in zip(params, gs):
                s = torch.einsum("i,i...->...", factor, g)
                s += torch.normal(0.0, z * clip, size=s.shape)
                param.grad = s / expected
        opt.step()

    sizes = [p.numel() for p in params]

    def noise():
        for n in sizes:
            torch.normal(0.0, z * clip, size=(n,))

    print(f"torch {torch.__version__} threads={args.threads} batch={args.batch} params={sum(sizes)}")
    if not args.noise_only:
        print(f"plain_step_ms {timed(plain, args.steps * 3, args.warmup):.3f}")
        print(f"dp_step_ms {timed(dp, args.steps, args.warmup):.3f}")
    print(f"noise_only_ms {timed(noise, args.steps, args.warmup):.3f}")


if __name__ == "__main__":
    main()

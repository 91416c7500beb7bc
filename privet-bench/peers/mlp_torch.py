#!/usr/bin/env python3
"""PyTorch CPU peer for the MLP training-step benchmark (privet-bench MlpStepBench).

MLP 784-512-10 (ReLU), batch 256, cross-entropy, plain SGD step; and per-example gradient
norms (functorch vmap) on the same model. Prints median milliseconds per step (and the mean of the plain step, to set beside JMH averages).
Run with Debian's Python:  PYENV_VERSION=system python3 privet-bench/peers/mlp_torch.py --threads 1
"""
import argparse
import os
import statistics
import time

import torch
import torch.nn.functional as F


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=50)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.rand(args.batch, 784)
    y = torch.randint(0, 10, (args.batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()

    def timed(fn, n, warm):
        for _ in range(warm):
            fn()
        ts = []
        for _ in range(n):
            t0 = time.perf_counter()
            fn()
            ts.append((time.perf_counter() - t0) * 1e3)
        return statistics.median(ts), statistics.fmean(ts)

    plain, plain_mean = timed(step, args.steps, args.warmup)
    print(f"torch {torch.__version__} threads={args.threads} OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print(f"plain_step_ms {plain:.3f}")
    print(f"plain_step_mean_ms {plain_mean:.3f}")

    try:
        from functorch import make_functional, vmap, grad
        fmodel, params = make_functional(model)

        def loss1(p, xi, yi):
            out = fmodel(p, xi.unsqueeze(0))
            return F.cross_entropy(out, yi.unsqueeze(0))

        per_ex = vmap(grad(loss1), in_dims=(None, 0, 0))

        def norms():
            gs = per_ex(params, x, y)
            sq = sum(g.reshape(g.shape[0], -1).pow(2).sum(1) for g in gs)
            return sq.sqrt()

        pe, _ = timed(norms, max(10, args.steps // 10), 5)
        print(f"vmap_per_example_norms_ms {pe:.3f}")
    except Exception as e:  # functorch missing or API changed
        print(f"vmap_per_example_norms_ms unavailable ({e})")


if __name__ == "__main__":
    main()

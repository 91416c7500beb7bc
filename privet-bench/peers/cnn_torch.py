#!/usr/bin/env python3
"""PyTorch CPU peer for the CNN training-step benchmark (privet-bench CnnStepBench).

The small CNN of Networks.smallCnn: conv5x5(1->32, pad 2)-relu-maxpool2-conv5x5(32->64, pad 2)-
relu-maxpool2-flatten-dense(3136->128)-relu-dense(128->10), on 1x28x28 inputs at batch 64, mean
cross-entropy, Adam step (zero grad, forward, loss, backward, update); and the forward pass alone.
Prints median milliseconds per step.
Run with Debian's Python:  PYENV_VERSION=system python3 privet-bench/peers/cnn_torch.py --threads 1
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
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--warmup", type=int, default=15)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(3136, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(args.batch, 1, 28, 28)
    y = torch.randint(0, 10, (args.batch,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()

    def forward():
        return F.cross_entropy(model(x), y)

    def timed(fn, n, warm):
        for _ in range(warm):
            fn()
        ts = []
        for _ in range(n):
            t0 = time.perf_counter()
            fn()
            ts.append((time.perf_counter() - t0) * 1e3)
        return statistics.median(ts)

    s = timed(step, args.steps, args.warmup)
    f = timed(forward, args.steps, args.warmup)
    print(f"torch {torch.__version__} threads={args.threads} "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print(f"step_ms {s:.3f}")
    print(f"forward_ms {f:.3f}")


if __name__ == "__main__":
    main()

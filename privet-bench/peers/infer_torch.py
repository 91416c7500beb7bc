#!/usr/bin/env python3
"""PyTorch CPU peer for OnnxInferenceBench: logits of one batch, eval mode, no autograd.

mlp: 784-512-10 (ReLU), batch 256; cnn: conv5x5(32, pad 2)-relu-maxpool2-conv5x5(64, pad 2)-relu-maxpool2-
dense(128)-relu-dense(10) on 1x28x28, batch 64. Prints median milliseconds per batch.
Run with Debian's Python:  PYENV_VERSION=system python3 privet-bench/peers/infer_torch.py --threads 1
"""
import argparse
import statistics
import time

import torch


def model_of(kind):
    if kind == "mlp":
        return torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10)), (256, 784)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(64 * 7 * 7, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    return net, (64, 1, 28, 28)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=50)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    print(f"torch {torch.__version__}, threads {args.threads}")
    for kind in ("mlp", "cnn"):
        net, shape = model_of(kind)
        net.eval()
        x = torch.rand(*shape)
        with torch.no_grad():
            for _ in range(args.warmup):
                net(x)
            ts = []
            for _ in range(args.steps):
                t0 = time.perf_counter()
                net(x)
                ts.append((time.perf_counter() - t0) * 1e3)
        print(f"{kind}_ms {statistics.median(ts):.4f}")


if __name__ == "__main__":
    main()

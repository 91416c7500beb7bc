#!/usr/bin/env python3
"""Peer for SgemmBench: numpy float32 matmul (OpenBLAS sgemm) on the same shapes.

Run with Debian's Python and the thread count fixed by the environment, e.g.
  OPENBLAS_NUM_THREADS=1 PYENV_VERSION=system python3 sgemm_numpy.py
Prints one line per shape: "numpy <shape> <threads> <median us> <median GFLOP/s>".
Each shape: warm-up calls, then REPEATS timed batches; the median batch is reported.
Outputs are preallocated (out=) so the timing is the product, not allocation.
"""
import os
import sys
import time

import numpy as np

SHAPES = ["1024x1024x1024:NN", "256x512x784:NN", "784x512x256:TN", "256x784x512:NT",
          "256x10x512:NN", "512x10x256:TN", "256x512x10:NT"]
REPEATS = 15


def operands(spec, rng):
    dims, trans = spec.split(":")
    m, n, k = (int(v) for v in dims.split("x"))
    a = rng.random((k, m) if trans[0] == "T" else (m, k), dtype=np.float32) - 0.5
    b = rng.random((n, k) if trans[1] == "T" else (k, n), dtype=np.float32) - 0.5
    opa = a.T if trans[0] == "T" else a   # transposed views: BLAS gets the transpose flag, no copy
    opb = b.T if trans[1] == "T" else b
    return m, n, k, opa, opb


def main():
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    rng = np.random.default_rng(42)
    for spec in SHAPES:
        m, n, k, opa, opb = operands(spec, rng)
        out = np.empty((m, n), dtype=np.float32)
        flops = 2.0 * m * n * k
        calls = max(1, int(2e8 / flops))  # about 0.2 GFLOP per timed batch
        for _ in range(3 * calls):
            np.matmul(opa, opb, out=out)
        times = []
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            for _ in range(calls):
                np.matmul(opa, opb, out=out)
            times.append((time.perf_counter() - t0) / calls)
        times.sort()
        med = times[len(times) // 2]
        print(f"numpy {spec} {threads} {med * 1e6:.1f} {flops / med / 1e9:.1f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

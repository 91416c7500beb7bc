#!/usr/bin/env python3
"""Peer timing for DiceBench: anonlink's C++ Dice kernel (data61/anonlink, built in /work/peers/anonlink).

Same data shape as DiceBench: A has NA random 1024-bit CLKs (each bit set with probability 1/2, as in
anonlink's own benchmark), B has NB random CLKs of which the first NA/10 are noisy copies of A rows (3% of
bits flipped) so that some pairs pass the threshold. One thread. Prints one line per measurement:
    anonlink <what> <na> <nb> <threshold> <seconds> <comparisons-per-second>
where <what> is "kernel-cpu" (the same, timed by process CPU time: robust to a busy machine), "kernel" (_dice.dice_many_to_many on prepared arrays: only the C++ loop and the Cython
per-row call) or "api" (similarities.dice_coefficient_accelerated, what a user calls, sort included).
The best of REPEATS runs is reported (least disturbed by other load).
Usage: PYENV_VERSION=system python3 anonlink_dice.py [NA NB THRESHOLD REPEATS]
"""
import os
import random
import sys
import time
from array import array

ANONLINK_DIR = os.environ.get("ANONLINK_DIR", "/work/peers/anonlink")
sys.path.insert(0, ANONLINK_DIR)

from bitarray import bitarray  # noqa: E402

try:
    from anonlink.similarities import _dice, dice_coefficient_accelerated  # noqa: E402
except ImportError as e:  # e.g. no numpy: load the compiled kernel module on its own, skip the API timing
    import glob
    import importlib.machinery
    import importlib.util
    print(f"# anonlink package import failed ({e}); timing the compiled kernel module only", file=sys.stderr)
    path = glob.glob(os.path.join(ANONLINK_DIR, "anonlink", "similarities", "_dice*.so"))[0]
    loader = importlib.machinery.ExtensionFileLoader("_dice", path)
    spec = importlib.util.spec_from_file_location("_dice", path, loader=loader)
    _dice = importlib.util.module_from_spec(spec)
    loader.exec_module(_dice)
    dice_coefficient_accelerated = None

BITS = 1024


def clks(rng, n):
    out = []
    for _ in range(n):
        b = bitarray()
        b.frombytes(rng.getrandbits(BITS).to_bytes(BITS // 8, "little"))
        out.append(b)
    return out


def noisy(rng, b, flip):
    c = b.copy()
    for i in range(BITS):
        if rng.random() < flip:
            c[i] = not c[i]
    return c


def main():
    na = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    nb = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    threshold = float(sys.argv[3]) if len(sys.argv) > 3 else 0.8
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    rng = random.Random(20261128)
    a = clks(rng, na)
    b = clks(rng, nb)
    for i in range(na // 10):
        b[i] = noisy(rng, a[i], 0.03)
    nbytes = BITS // 8
    carr0, carr1 = array("b"), array("b")
    carr0.frombytes(b"".join(memoryview(f) for f in a))
    carr1.frombytes(b"".join(memoryview(f) for f in b))
    pops = _dice.popcount_arrays(carr1, nbytes)
    best = float("inf")
    best_cpu = float("inf")
    found = 0
    for _ in range(repeats):
        sims, i0, i1 = array("d"), array("I"), array("I")
        t0 = time.perf_counter()
        c0 = time.process_time()
        found = _dice.dice_many_to_many(carr0, carr1, na, nb, pops, nbytes, nb, threshold, sims, i0, i1)
        best_cpu = min(best_cpu, time.process_time() - c0)
        best = min(best, time.perf_counter() - t0)
    print(f"anonlink kernel {na} {nb} {threshold} {best:.4f} {na * nb / best:.4e}  (pairs found: {found})")
    print(f"anonlink kernel-cpu {na} {nb} {threshold} {best_cpu:.4f} {na * nb / best_cpu:.4e}  (CPU time of"
          f" this process: not counting time waiting for a core on a busy machine)")
    if dice_coefficient_accelerated is None:
        return
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        sims, _ = dice_coefficient_accelerated((a, b), threshold, None)
        best = min(best, time.perf_counter() - t0)
    print(f"anonlink api {na} {nb} {threshold} {best:.4f} {na * nb / best:.4e}  (pairs found: {len(sims)})")


if __name__ == "__main__":
    main()

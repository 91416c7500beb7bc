#!/usr/bin/env bash
# Runs SgemmBench (Privet, JMH) and the numpy/OpenBLAS peer on the same shapes, 1 and 2 threads,
# and prints one table in GFLOP/s. Usage (from the repository root or anywhere):
#   privet-bench/run-sgemm.sh            # builds privet-bench/target/benchmarks.jar first
#   SKIP_BUILD=1 privet-bench/run-sgemm.sh
# Settings: OPENBLAS_CORETYPE is left as set in the environment (stated in the output); the
# MALLOC_* variables let glibc reuse memory for numpy (see /work/shared/PEERS.md, traps 2-3);
# the JVM runs with a fixed, pre-touched 2 GB heap (see @Fork in SgemmBench).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
# KEEP=<dir> keeps the raw JMH json/log and numpy output there.
out="$(mktemp -d)"
trap 'if [[ -n "${KEEP:-}" ]]; then mkdir -p "$KEEP" && cp "$out"/* "$KEEP"/; fi; rm -rf "$out"' EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -o -q -DskipTests -pl privet-bench -am package)
fi

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "java: $(java -version 2>&1 | head -1)  OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>}"
java -jar "$jar" SgemmBench -rf json -rff "$out/jmh.json" ${JMH_ARGS:-} > "$out/jmh.log" 2>&1 \
  || { cat "$out/jmh.log"; exit 1; }

for t in 1 2; do
  OPENBLAS_NUM_THREADS=$t MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 \
    PYENV_VERSION=system python3 "$here/peers/sgemm_numpy.py" >> "$out/numpy.txt"
done
PYENV_VERSION=system python3 -c 'import numpy; print("numpy", numpy.__version__)'

PYENV_VERSION=system python3 - "$out/jmh.json" "$out/numpy.txt" <<'PY'
import json, sys
jmh = json.load(open(sys.argv[1]))
priv = {}
for r in jmh:
    p = r["params"]
    m, n, k = (int(v) for v in p["shape"].split(":")[0].split("x"))
    us = r["primaryMetric"]["score"]
    priv[(p["shape"], p["threads"])] = 2.0 * m * n * k / (us * 1e-6) / 1e9
peer = {}
for line in open(sys.argv[2]):
    _, shape, t, us, gf = line.split()
    peer[(shape, t)] = float(gf)
shapes = []
for s, _ in list(priv) + list(peer):
    if s not in shapes:
        shapes.append(s)
print(f"| shape m x n x k:op | threads | Privet GFLOP/s | numpy GFLOP/s | Privet / numpy |")
print(f"|---|---|---|---|---|")
for s in shapes:
    for t in ("1", "2"):
        a, b = priv.get((s, t)), peer.get((s, t))
        ratio = f"{a / b:.2f}" if a and b else "-"
        fa = f"{a:.1f}" if a else "-"
        fb = f"{b:.1f}" if b else "-"
        print(f"| {s} | {t} | {fa} | {fb} | {ratio} |")
PY

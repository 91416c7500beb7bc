#!/usr/bin/env bash
# Runs MlpStepBench (Privet, JMH average time) and the PyTorch CPU peer (median and mean of 200 steps) (Debian python3-torch) on the same
# MLP 784-512-10, batch 256, 1 and 2 threads, and prints one table (ms per step).
#   privet-bench/run-mlp.sh              # builds privet-bench/target/benchmarks.jar first
#   SKIP_BUILD=1 privet-bench/run-mlp.sh
# OPENBLAS_CORETYPE is left as set in the environment and printed; the JVM runs with a fixed,
# pre-touched 2 GB heap (see @Fork in MlpStepBench); the peer gets the MALLOC_* settings of
# PEERS.md trap 2.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
out="$(mktemp -d)"
trap 'if [[ -n "${KEEP:-}" ]]; then mkdir -p "$KEEP" && cp "$out"/* "$KEEP"/; fi; rm -rf "$out"' EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -o -q -DskipTests -pl privet-bench -am package)
fi

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "java: $(java -version 2>&1 | head -1)  OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>}"
java -jar "$jar" MlpStepBench -rf json -rff "$out/jmh.json" ${JMH_ARGS:-} > "$out/jmh.log" 2>&1 \
  || { cat "$out/jmh.log"; exit 1; }
for t in 1 2; do
  OPENBLAS_NUM_THREADS="$t" MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 PYENV_VERSION=system \
    python3 "$here/peers/mlp_torch.py" --threads "$t" > "$out/torch-$t.txt"
done
head -1 "$out/torch-1.txt"

PYENV_VERSION=system python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
jmh = json.load(open(os.path.join(out, "jmh.json")))
priv = {}
for r in jmh:
    name = r["benchmark"].rsplit(".", 1)[1]
    priv[(name, r["params"]["threads"])] = r["primaryMetric"]["score"]
torch = {}
for t in ("1", "2"):
    for line in open(os.path.join(out, f"torch-{t}.txt")):
        parts = line.split()
        if len(parts) == 2 and parts[0].endswith("_ms"):
            torch[(parts[0], t)] = float(parts[1])
print("| measure | threads | Privet ms | PyTorch ms | PyTorch / Privet |")
print("|---|---|---|---|---|")
rows = [("plain SGD step (PyTorch median)", "plainStep", "plain_step_ms"),
        ("plain SGD step (PyTorch mean)", "plainStep", "plain_step_mean_ms"),
        ("per-example gradient norms", "perExampleNorms", "vmap_per_example_norms_ms"),
        ("clipped step (norms + clipped sum + update)", "clippedStep", None)]
for label, jm, tm in rows:
    for t in ("1", "2"):
        a = priv.get((jm, t))
        b = torch.get((tm, t)) if tm else None
        fa = f"{a:.2f}" if a else "-"
        fb = f"{b:.2f}" if b else "-"
        sp = f"{b / a:.2f}" if a and b else "-"
        print(f"| {label} | {t} | {fa} | {fb} | {sp} |")
for t in ("1", "2"):
    p, n, c = priv.get(("plainStep", t)), priv.get(("perExampleNorms", t)), priv.get(("clippedStep", t))
    if p and c:
        print(f"\nthreads={t}: clipped step / plain step = {c / p:.2f}; norms / plain step = {n / p:.2f}")
PY

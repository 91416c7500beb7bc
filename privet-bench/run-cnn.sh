#!/usr/bin/env bash
# Runs CnnStepBench (Privet, JMH, sample mode: the whole step and the forward pass) and the
# PyTorch CPU peer (Debian python3-torch) on the same small CNN (Networks.smallCnn, 1x28x28,
# batch 64, Adam), 1 and 2 threads, and prints one table (ms per step: median and minimum).
#   privet-bench/run-cnn.sh              # builds privet-bench/target/benchmarks.jar first
#   SKIP_BUILD=1 privet-bench/run-cnn.sh
#   JAR=/elsewhere/benchmarks.jar SKIP_BUILD=1 SKIP_PEER=1 privet-bench/run-cnn.sh   # another build
# OPENBLAS_NUM_THREADS is set to the thread count (Debian's PyTorch calls OpenBLAS, whose pool ignores
# torch.set_num_threads). Medians and minima rather than means: on a shared machine a few slow samples dominate a mean.
# The per-kernel breakdown is in the same class: java -jar privet-bench/target/benchmarks.jar CnnStepBench
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="${JAR:-$here/target/benchmarks.jar}"
out="$(mktemp -d)"
trap 'if [[ -n "${KEEP:-}" ]]; then mkdir -p "$KEEP" && cp "$out"/* "$KEEP"/; fi; rm -rf "$out"' EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -o -q -DskipTests -pl privet-bench -am package)
fi

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "java: $(java -version 2>&1 | head -1)  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -jar "$jar" 'CnnStepBench.(step|forward)$' -bm sample -tu ms -wi 3 -i 5 -rf json -rff "$out/jmh.json" \
  ${JMH_ARGS:-} > "$out/jmh.log" 2>&1 || { cat "$out/jmh.log"; exit 1; }
if [[ "${SKIP_PEER:-0}" != 1 ]]; then
  for t in 1 2; do
    OPENBLAS_NUM_THREADS="$t" MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 PYENV_VERSION=system \
      python3 "$here/peers/cnn_torch.py" --threads "$t" > "$out/torch-$t.txt"
  done
  head -1 "$out/torch-1.txt"
fi

PYENV_VERSION=system python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
priv = {}
for r in json.load(open(os.path.join(out, "jmh.json"))):
    name = r["benchmark"].rsplit(".", 1)[1]
    p = r["primaryMetric"]["scorePercentiles"]
    priv[(name, r["params"]["threads"])] = (p["50.0"], p["0.0"])
torch = {}
for t in ("1", "2"):
    f = os.path.join(out, f"torch-{t}.txt")
    if os.path.exists(f):
        for line in open(f):
            parts = line.split()
            if len(parts) == 2 and parts[0].endswith("_ms"):
                torch[(parts[0], t)] = float(parts[1])
print("| measure | threads | Privet median ms | Privet min ms | PyTorch median ms | PyTorch / Privet (medians) |")
print("|---|---|---|---|---|---|")
for label, jm, tm in (("Adam step", "step", "step_ms"), ("forward (graph recorded)", "forward", "forward_ms")):
    for t in ("1", "2"):
        med, mn = priv.get((jm, t), (None, None))
        b = torch.get((tm, t))
        fa = f"{med:.1f}" if med else "-"
        fm = f"{mn:.1f}" if mn else "-"
        fb = f"{b:.1f}" if b else "-"
        sp = f"{b / med:.2f}" if med and b else "-"
        print(f"| {label} | {t} | {fa} | {fm} | {fb} | {sp} |")
PY

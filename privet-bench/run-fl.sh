#!/usr/bin/env bash
# Simulated client-rounds per second: FlRoundBench (Privet, JMH; one FedAvg round of 100 clients x 50 images,
# MLP 256-64-10, E=1, B=10, then aggregation + evaluation) beside the PyTorch CPU peer (peers/fedavg_torch.py,
# the same round with clients run one after another), 1 and 2 threads.
#   privet-bench/run-fl.sh                   # builds privet-bench/target/benchmarks.jar first
#   SKIP_BUILD=1 JMH_ARGS='-wi 2 -i 3' privet-bench/run-fl.sh
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
echo "java: $(java -version 2>&1 | head -1)  OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>}  load: $(cut -d' ' -f1-3 /proc/loadavg)"
java -jar "$jar" 'fl.FlRoundBench' -rf json -rff "$out/jmh.json" ${JMH_ARGS:-} > "$out/jmh.log" 2>&1 \
  || { cat "$out/jmh.log"; exit 1; }
for t in 1 2; do
  OPENBLAS_NUM_THREADS="$t" MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 PYENV_VERSION=system \
    python3 "$here/peers/fedavg_torch.py" --threads "$t" > "$out/torch-$t.txt"
done
PYENV_VERSION=system python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
print("| engine | aggregator | threads | ms per round of 100 clients | client-rounds/s |")
print("|---|---|---|---|---|")
for r in sorted(json.load(open(os.path.join(out, "jmh.json"))), key=lambda r: (r["params"]["aggregator"], r["params"]["threads"])):
    ms = r["primaryMetric"]["score"]
    print(f"| Privet | {r['params']['aggregator']} | {r['params']['threads']} | {ms:.1f} | {100 / ms * 1000:.0f} |")
for t in ("1", "2"):
    vals = dict(l.split() for l in open(os.path.join(out, f"torch-{t}.txt")) if l.strip())
    print(f"| PyTorch 1.13 | mean | {t} | {float(vals['round_ms']):.1f} | {vals['client_rounds_per_s']} |")
PY

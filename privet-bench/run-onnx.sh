#!/usr/bin/env bash
# Runs OnnxInferenceBench (Privet engine vs ONNX Runtime on the exported model, JMH) and the PyTorch
# CPU peer (Debian python3-torch) on the same networks, one thread each, and prints one table
# (ms per batch).
#   privet-bench/run-onnx.sh                     # builds privet-bench/target/benchmarks.jar first
#   SKIP_BUILD=1 JMH_ARGS="-wi 2 -i 3" privet-bench/run-onnx.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -o -q -DskipTests -pl privet-bench -am package)
fi
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "java: $(java -version 2>&1 | head -1)  OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>}"
java -jar "$jar" OnnxInferenceBench -rf json -rff "$out/jmh.json" ${JMH_ARGS:-} > "$out/jmh.log" 2>&1 \
  || { cat "$out/jmh.log"; exit 1; }
OPENBLAS_NUM_THREADS=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 PYENV_VERSION=system \
  python3 "$here/peers/infer_torch.py" --threads 1 > "$out/torch.txt"
head -1 "$out/torch.txt"
PYENV_VERSION=system python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
res = {}
for r in json.load(open(os.path.join(out, "jmh.json"))):
    res[(r["benchmark"].rsplit(".", 1)[1], r["params"]["model"])] = r["primaryMetric"]["score"]
torch = {}
for line in open(os.path.join(out, "torch.txt")):
    p = line.split()
    if len(p) == 2 and p[0].endswith("_ms"):
        torch[p[0][:-3]] = float(p[1])
print("| network | Privet ms | ONNX Runtime ms | PyTorch ms | export ms |")
print("|---|---|---|---|---|")
for m in ("mlp", "cnn"):
    f = lambda v: f"{v:.3f}" if v is not None else "-"
    print(f"| {m} | {f(res.get(('privet', m)))} | {f(res.get(('onnxRuntime', m)))} | {f(torch.get(m))} | "
          f"{f(res.get(('export', m)))} |")
PY

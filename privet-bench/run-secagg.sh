#!/usr/bin/env bash
# Secure aggregation server time and bytes, beside the plaintext sum of the same vectors: SecAggBench (JMH,
# single-shot: one whole round of server work per measurement) and SecAggPlaintextBench; 100,000 elements,
# 32-bit ring, 16-bit inputs, 0% and 10% of clients dropping after ShareKeys (the server's worst case).
# Graphs: complete (Bonawitz et al. 2017, threshold floor(2n/3)+1) and plus (SecAgg+, Bell et al. 2020, k and t
# chosen for 10% corrupt and 10% dropping clients). By default 100 clients with both graphs, then 1000 clients
# with SecAgg+ only (the complete graph at 1000 clients needs ~10^11 PRG words of client work in the setup).
#   privet-bench/run-secagg.sh                    # builds privet-bench/target/benchmarks.jar first
#   CLIENTS=100 GRAPHS=complete,plus privet-bench/run-secagg.sh     # one size only
#   JMH_ARGS='-wi 1 -i 3' privet-bench/run-secagg.sh                # fewer iterations
# The "secagg ..." lines give the server's bytes in and out (the setup runs every client for real and checks
# the secure sum against the plaintext sum). Wall-clock on all cores: the unmasking PRG work is parallel.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="${JAR:-$here/target/benchmarks.jar}"
heap="${HEAP:-8g}"
out="$(mktemp -d)"
trap 'if [[ -n "${KEEP:-}" ]]; then mkdir -p "$KEEP" && cp "$out"/* "$KEEP"/; fi; rm -rf "$out"' EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -o -q -DskipTests -pl privet-bench -am package)
fi

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "java: $(java -version 2>&1 | head -1)  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
run() { # $1 clients, $2 graphs (comma-separated), $3 tag
  MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 \
  java ${JAVA_OPTS:-} -jar "$jar" 'mpc.SecAgg(Plaintext)?Bench' -p clients="$1" -p graph="$2" \
    -jvmArgsAppend "-Xms$heap -Xmx$heap" -rf json -rff "$out/jmh-$3.json" ${JMH_ARGS:-} > "$out/jmh-$3.log" 2>&1 \
    || { cat "$out/jmh-$3.log"; exit 1; }
  grep '^secagg ' "$out/jmh-$3.log" | sort -u
}
if [[ -n "${CLIENTS:-}" ]]; then
  run "$CLIENTS" "${GRAPHS:-complete,plus}" custom
else
  run 100 complete,plus n100
  run 1000 plus n1000
fi
PYENV_VERSION=system python3 - "$out" <<'PY'
import json, sys, os, glob
plain, server = {}, {}
for f in sorted(glob.glob(os.path.join(sys.argv[1], "jmh-*.json"))):
    for r in json.load(open(f)):
        p = r["params"]; m = r["primaryMetric"]
        raw = [x for fork in m["rawData"] for x in fork]
        if r["benchmark"].endswith(".plaintext"):
            plain[(p["clients"], p["dimension"])] = m["score"]
        else:
            server[(p["graph"], p["clients"], p["dimension"], p["drop"])] = (m["score"], min(raw))
print("| graph | clients | dimension | drop | secure aggregation server ms (mean, min) | plaintext sum ms | ratio |")
print("|---|---|---|---|---|---|---|")
for (g, n, d, drop), (s, smin) in sorted(server.items(), key=lambda kv: (int(kv[0][1]), kv[0][0], float(kv[0][3]))):
    pl = plain.get((n, d), float("nan"))
    print(f"| {g} | {n} | {d} | {float(drop):.0%} | {s:.1f} ({smin:.1f}) | {pl:.2f} | {s / pl:.0f}x |")
PY

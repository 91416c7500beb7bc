#!/usr/bin/env bash
# Dice comparisons per second for 1024-bit CLKs at threshold 0.8: Privet's CandidateSearch (JMH DiceBench),
# the machine's naive popcount ceiling (DiceBench.popcountCeiling) and anonlink's C++ kernel
# (peers/anonlink_dice.py, anonlink built in $ANONLINK_DIR, default /work/peers/anonlink), one table.
# Usage (from anywhere):
#   privet-bench/run-dice.sh                 # builds privet-bench/target/benchmarks.jar first
#   SKIP_BUILD=1 NA=2000 NB=20000 privet-bench/run-dice.sh
# JMH_ARGS (e.g. "-f 1 -wi 2 -i 3") are passed to JMH; KEEP=<dir> keeps the raw outputs.
# The JVM runs with a fixed pre-touched 2 GB heap (see @Fork in DiceBench); the peer is timed best-of-5.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
na="${NA:-2000}"
nb="${NB:-20000}"
threshold="${THRESHOLD:-0.8}"
cores="$(nproc)"
out="$(mktemp -d)"
trap 'if [[ -n "${KEEP:-}" ]]; then mkdir -p "$KEEP" && cp "$out"/* "$KEEP"/; fi; rm -rf "$out"' EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -o -q -DskipTests -pl privet-bench -am package)
fi

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)  sizes: A=$na B=$nb threshold=$threshold"
java -Djmh.ignoreLock=true -jar "$jar" 'DiceBench.search' -p na="$na" -p nb="$nb" -p threshold="$threshold" \
  -p threads="1,$cores" -rf json -rff "$out/jmh.json" ${JMH_ARGS:-} > "$out/jmh.log" 2>&1 \
  || { cat "$out/jmh.log"; exit 1; }
java -Djmh.ignoreLock=true -jar "$jar" 'DiceBench.(naiveKernel|popcountCeiling)' -p na="$na" -p nb="$nb" \
  -p threshold="$threshold" -p threads=1 -rf json -rff "$out/jmh1.json" ${JMH_ARGS:-} > "$out/jmh1.log" 2>&1 \
  || { cat "$out/jmh1.log"; exit 1; }
# CPU-time figures (robust on a shared machine): Privet's three single-thread measurements, then the peer's
java -Xms1g -Xmx1g -cp "$jar" org.privet.bench.pprl.DiceCpuTime "$na" "$nb" "$threshold" 8 > "$out/cpu.txt"
MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 PYENV_VERSION=system \
  python3 "$here/peers/anonlink_dice.py" "$na" "$nb" "$threshold" 5 > "$out/anonlink.txt"
cat "$out/anonlink.txt"

cat "$out/cpu.txt"

PYENV_VERSION=system python3 - "$out/jmh.json" "$out/anonlink.txt" "$na" "$nb" "$out/jmh1.json" "$out/cpu.txt" <<'PY'
import json, sys
jmh = json.load(open(sys.argv[1])) + json.load(open(sys.argv[5]))
na, nb = int(sys.argv[3]), int(sys.argv[4])
peer = {}
for line in open(sys.argv[2]):
    f = line.split()
    peer[f[1]] = float(f[6])
kernel = peer.get("kernel")
print("Wall time (JMH; the peer best of 5):")
print("| what | threads | comparisons/s (1e6) | vs anonlink kernel (1 thread) |")
print("|---|---|---|---|")
for r in jmh:
    name = r["benchmark"].rsplit(".", 1)[1]
    t = r["params"]["threads"]
    ms = r["primaryMetric"]["score"]
    rate = na * nb / (ms * 1e-3)
    label = {"search": "Privet CandidateSearch", "naiveKernel": "naive AND+popcount kernel (Java)",
             "popcountCeiling": "pure popcount ceiling (16 popcounts = 1 comparison)"}[name]
    ratio = f"{rate / kernel:.2f}x" if kernel else "-"
    print(f"| {label} | {t} | {rate / 1e6:.0f} | {ratio} |")
for what in ("kernel", "api"):
    if what in peer:
        print(f"| anonlink {what} | 1 | {peer[what] / 1e6:.0f} | {peer[what] / kernel:.2f}x |")
cpu_peer = peer.get("kernel-cpu")
print()
print("CPU time of the measuring thread/process (best of runs; robust to a busy machine):")
print("| what | comparisons/s (1e6) | vs anonlink kernel |")
print("|---|---|---|")
for line in open(sys.argv[6]):
    f = line.split()
    rate = float(f[8])
    print(f"| Privet {f[1][:-4]} | {rate / 1e6:.0f} | {rate / cpu_peer:.2f}x |")
print(f"| anonlink kernel | {cpu_peer / 1e6:.0f} | 1.00x |")
PY

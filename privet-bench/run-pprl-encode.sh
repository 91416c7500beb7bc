#!/usr/bin/env bash
# CLK encoding throughput: EncodeBench (Privet, JMH, one thread) beside clkhash (pure Python, one process) on the
# same 10,000 synthetic records and an equivalent schema. Usage:
#   CLKHASH=/work/peers/clkhash privet-bench/run-pprl-encode.sh     # builds privet-bench/target/benchmarks.jar
#   SKIP_BUILD=1 JMH_ARGS="-f 1 -wi 2 -i 3" CLKHASH=... privet-bench/run-pprl-encode.sh
# clkhash comes from public source (data61/clkhash) in a scratch folder, never from this repository; it needs
# Debian python3-bitarray, python3-cryptography, python3-jsonschema, python3-tqdm, python3-mypy-extensions.
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
echo "java: $(java -version 2>&1 | head -1)"
java -jar "$jar" 'pprl.EncodeBench' ${JMH_ARGS:-} 2>&1 | grep -E '^(Benchmark|EncodeBench)' || true
java -cp "$jar" org.privet.bench.pprl.EncodeData "$out"
if [[ -n "${CLKHASH:-}" ]]; then
  MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 PYENV_VERSION=system \
    python3 "$here/peers/clkhash_encode.py" "$CLKHASH" "$out/records.csv" 3
else
  echo "clkhash: set CLKHASH to its source folder to run the peer"
fi

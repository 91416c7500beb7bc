#!/usr/bin/env bash
# Paired, interleaved DP-SGD step against the plain step: ROUNDS times (default 6) one JMH fork of
# the plain step then one of the DP step (ghost clipping, discrete Gaussian noise, z = 1), each 5 x 1 s warm-up and
# 5 x 1 s measured (average), so that both see the same state of this VM, whose speed drifts by +-10% over
# minutes. MODEL=mlp (default: DpSgdBench, MLP 784-512-10, batch 256) or MODEL=cnn (CnnDpSgdBench, the small CNN,
# batch 64). THREADS=1 (default) or 2: Privet's thread count for both. Prints each pair and the median of the
# ratios DP / plain (the issue's goal: <= 1.3).
#   privet-bench/run-dpsgd-paired.sh          # builds privet-bench/target/benchmarks.jar first
#   SKIP_BUILD=1 ROUNDS=10 MODEL=cnn privet-bench/run-dpsgd-paired.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
rounds="${ROUNDS:-6}"
threads="${THREADS:-1}"
case "${MODEL:-mlp}" in
  mlp) bench=DpSgdBench ;;
  cnn) bench=CnnDpSgdBench ;;
  *) echo "MODEL must be mlp or cnn, got: ${MODEL}" >&2; exit 2 ;;
esac
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -o -q -DskipTests -pl privet-bench -am package)
fi
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "java: $(java -version 2>&1 | head -1)  benchmark: $bench, threads=$threads"
echo "| round | plain ms | DP ms | DP / plain |"
echo "|---|---|---|---|"
ratios=()
for r in $(seq 1 "$rounds"); do
  p=$(java -jar "$jar" "^org.privet.bench.$bench.plainStep\$" -p threads="$threads" -f 1 -wi 5 -i 5 -w 1 -r 1 2>&1 \
      | awk -v b="$bench.plainStep" '$1 == b {print $(NF-3)}')
  d=$(java -jar "$jar" "^org.privet.bench.$bench.dpStepGhost\$" -p threads="$threads" -f 1 -wi 5 -i 5 -w 1 -r 1 2>&1 \
      | awk -v b="$bench.dpStepGhost" '$1 == b {print $(NF-3)}')
  ratio=$(awk -v a="$p" -v b="$d" 'BEGIN {printf "%.3f", b / a}')
  ratios+=("$ratio")
  echo "| $r | $p | $d | $ratio |"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR] = $1} END {m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
  printf "\nmedian DP / plain over %d rounds: %.3f (min %.3f, max %.3f)\n", NR, m, a[1], a[NR]}'

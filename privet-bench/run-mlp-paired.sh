#!/usr/bin/env bash
# Paired, interleaved comparison of the one-thread MLP 784-512-10 training step (batch 256, SGD) against
# PyTorch: ROUNDS times (default 6) one JMH fork of MlpStepBench.plainStep (5 x 1 s warm-up, 5 x 1 s measured,
# average) then the PyTorch peer (200 steps after 50 warm-up, mean), so that both see the same state of this
# VM, whose speed drifts by +-10% over minutes. Prints each pair and the median of the ratios.
#   privet-bench/run-mlp-paired.sh          # builds privet-bench/target/benchmarks.jar first
#   SKIP_BUILD=1 ROUNDS=10 privet-bench/run-mlp-paired.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
rounds="${ROUNDS:-6}"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -o -q -DskipTests -pl privet-bench -am package)
fi
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "java: $(java -version 2>&1 | head -1)  OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>}  OPENBLAS_NUM_THREADS=1"
echo "| round | Privet ms (JMH average) | PyTorch ms (mean) | PyTorch / Privet |"
echo "|---|---|---|---|"
ratios=()
for r in $(seq 1 "$rounds"); do
  p=$(java -jar "$jar" 'MlpStepBench.plainStep' -p threads=1 -f 1 -wi 5 -i 5 -w 1 -r 1 2>&1 \
      | awk '/^MlpStepBench.plainStep/ {print $(NF-3)}')
  t=$(OPENBLAS_NUM_THREADS=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 PYENV_VERSION=system \
      python3 "$here/peers/mlp_torch.py" --threads 1 | awk '/^plain_step_mean_ms/ {print $2}')
  ratio=$(awk -v a="$p" -v b="$t" 'BEGIN {printf "%.3f", b / a}')
  ratios+=("$ratio")
  echo "| $r | $p | $t | $ratio |"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR] = $1} END {m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2;
  printf "\nmedian PyTorch / Privet over %d rounds: %.3f (min %.3f, max %.3f)\n", NR, m, a[1], a[NR]}'

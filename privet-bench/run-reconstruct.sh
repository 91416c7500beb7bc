#!/usr/bin/env bash
# Reconstruction cost per iteration: GradientMatchingBench (Privet, JMH) beside the PyTorch CPU peer
# (peers/reconstruct_torch.py, Debian python3-torch), one thread each, same models and objective.
#   privet-bench/run-reconstruct.sh                 # builds privet-bench/target/benchmarks.jar first
#   SKIP_BUILD=1 JMH_ARGS='-f 1 -wi 2 -i 3' privet-bench/run-reconstruct.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="${JAR:-$here/target/benchmarks.jar}"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -o -q -DskipTests -pl privet-bench -am package)
fi
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 \
java -jar "$jar" 'reconstruct.GradientMatchingBench' -jvmArgsAppend "--add-modules jdk.incubator.vector -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:ActiveProcessorCount=1" ${JMH_ARGS:-} 2>&1 | grep -E '^(Benchmark|GradientMatchingBench)'
PYENV_VERSION=system python3 "$here/peers/reconstruct_torch.py" --threads 1

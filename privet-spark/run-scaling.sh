#!/usr/bin/env bash
# Scaling figures of docs/spark.md: local[1] vs local[2] (and the local path) for reference-model training and
# for blocked linkage. Long: minutes. Never part of the test run.
#   privet-spark/run-scaling.sh [MODELS] [POOL] [LINK_N]       defaults: 8 4000 200000
#   ONLY_LINK=1 or ONLY_REFS=1 before it runs one half; JAVA_OPTS adds JVM flags, e.g.
#   JAVA_OPTS=-Dspark.privet.linkage.partitions=2 (reduce partitions of the blocked linkage).
# Needs: mvn -B -Pspark -pl privet-spark -am package -DskipTests
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models="${1:-8}"
pool="${2:-4000}"
n="${3:-200000}"
jar="$(ls "$root"/privet-spark/target/privet-spark-*.jar | grep -v -- '-app.jar$' | head -n 1)"
cp="$jar:$(cat "$root/privet-spark/target/classpath.txt")"
opens=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
run() {
  MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 java --add-modules jdk.incubator.vector \
    -XX:+IgnoreUnrecognizedVMOptions $opens -Dio.netty.tryReflectionSetAccessible=true \
    -Dlog4j2.configurationFile="$root/privet-spark/src/main/resources/org/privet/spark/log4j2-cli.properties" \
    -Xms6g -Xmx6g -XX:+AlwaysPreTouch -XX:+UseParallelGC ${JAVA_OPTS:-} -cp "$cp" org.privet.spark.Scaling "$@" \
    2> >(grep -v --line-buffered '^WARNING: Using incubator modules' >&2)
}
echo "# $(date -u +%FT%TZ) $(nproc) cores; models=$models pool=$pool link=$n x $n"
if [ -z "${ONLY_LINK:-}" ]; then
  run local-refs 1 "$models" "$pool"
  run refs 'local[1]' "$models" "$pool"
  run refs 'local[2]' "$models" "$pool"
fi
if [ -z "${ONLY_REFS:-}" ]; then
  run local-link 1 "$n"
  run link 'local[1]' "$n"
  run link 'local[2]' "$n"
fi

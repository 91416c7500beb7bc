#!/usr/bin/env bash
# Load test of `privet serve` on loopback with wrk (Debian: apt-get install -y wrk) and
# privet-bench/peers/serve_post.lua: throughput (requests/s and instances/s) and p50/p99 latency for
# single-instance and 32-instance requests, with no defence and with defences + PRADA monitor on.
# The model is an MLP (600-256-100) trained by `privet train` on Purchase-like data.
#   privet-bench/run-serve.sh                       # builds privet-cli/target/privet.jar first
#   SKIP_BUILD=1 DURATION=20s CONNECTIONS=16 WRK_THREADS=1 privet-bench/run-serve.sh
# The server runs with a fixed pre-touched heap; wrk and the server share the machine's cores, so
# on a 2-core VM the figures are lower bounds. There is no serving peer on this machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="${JAR:-$root/privet-cli/target/privet.jar}"
duration="${DURATION:-10s}"
conns="${CONNECTIONS:-16}"
wthreads="${WRK_THREADS:-1}"
port="${PORT:-18080}"
out="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$out"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -o -q -DskipTests -pl privet-cli -am package)
fi
java_cmd=(java --add-modules jdk.incubator.vector -Xms1g -Xmx1g -XX:+AlwaysPreTouch -jar "$jar")

"${java_cmd[@]}" train --data purchase --records 4000 --epochs 5 --seed 1 --quiet --no-report --out "$out/model.pmf"
"${java_cmd[@]}" serve --generate-key bench > "$out/key" 2>/dev/null
# request bodies: 1 and 32 instances of 600 features (Purchase-like rows are binary)
python3 - "$out" <<'PY'
import json, random, sys
random.seed(1)
for n in (1, 32):
    rows = [[random.randint(0, 1) for _ in range(600)] for _ in range(n)]
    open(f"{sys.argv[1]}/body{n}.json", "w").write(json.dumps({"instances": rows}))
PY

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "java: $(java -version 2>&1 | head -1)  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t$wthreads -c$conns -d$duration; server: ${java_cmd[*]:0:6} serve"
printf "%-34s %6s %10s %12s %9s %9s %7s\n" "configuration" "batch" "req/s" "instances/s" "p50 ms" "p99 ms" "non2xx"

run_config() {
  local name="$1"; shift
  "${java_cmd[@]}" serve --model "$out/model.pmf" --port "$port" --api-key-file "$out/key" --rate 1e9 --burst 1000000 --quiet "$@" \
    > "$out/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/v1/health" >/dev/null 2>&1 && break
    sleep 0.2
  done
  for n in 1 32; do
    # warm-up, then the measured run
    wrk -t"$wthreads" -c"$conns" -d3s -s "$here/peers/serve_post.lua" "http://127.0.0.1:$port/v1/predict" \
      -- "$out/key" "$out/body$n.json" > /dev/null 2>&1
    line=$(wrk -t"$wthreads" -c"$conns" -d"$duration" -s "$here/peers/serve_post.lua" \
      "http://127.0.0.1:$port/v1/predict" -- "$out/key" "$out/body$n.json" 2>"$out/wrk.err" | grep '^RESULT')
    rps=$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$line")
    p50=$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$line")
    p99=$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$line")
    bad=$(sed -E 's/.*non2xx=([0-9]+).*/\1/' <<<"$line")
    printf "%-34s %6d %10.0f %12.0f %9.2f %9.2f %7s\n" "$name" "$n" "$rps" "$(echo "$rps * $n" | bc -l)" "$p50" "$p99" "$bad"
  done
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

run_config "no defence"
run_config "top-3, round 2, laplace eps=1" --top-k 3 --round 2 --laplace 1
run_config "same + PRADA monitor + log" --top-k 3 --round 2 --laplace 1 --monitor --query-log "$out/q.jsonl"

#!/usr/bin/env bash
# Runs PaillierBench (Privet and javallier 0.6.0 in one JMH run) and the paillier-bigint 3.4.3 peer
# (Node, BigInt) at the same modulus size, and prints one table (microseconds per operation).
#   privet-bench/run-paillier.sh                      # builds privet-bench/target/benchmarks.jar first
#   SKIP_BUILD=1 JMH_ARGS="-wi 2 -i 3" privet-bench/run-paillier.sh
#   PEER_DIR=/work/peers/paillier                      # where `npm install paillier-bigint@3.4.3` ran
#   JAVA_OPTS=-Djmh.ignoreLock=true                   # when another JMH run holds /tmp/jmh.lock
#   PAIRED_ROUNDS=15                                   # rounds of the interleaved Privet/javallier table (0: skip)
# The JVM runs with a fixed, pre-touched 2 GB heap (see @Fork in PaillierBench). The second table
# (PaillierPaired) interleaves Privet and javallier batches so both see the same background load.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
peer_dir="${PEER_DIR:-/work/peers/paillier}"
bits="${BITS:-2048}"
out="$(mktemp -d)"
trap 'if [[ -n "${KEEP:-}" ]]; then mkdir -p "$KEEP" && cp "$out"/* "$KEEP"/; fi; rm -rf "$out"' EXIT

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -o -q -DskipTests -pl privet-bench -am package)
fi

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "java: $(java -version 2>&1 | head -1)  node: $(node --version 2>/dev/null || echo none)"
java ${JAVA_OPTS:-} -jar "$jar" 'org.privet.bench.he.PaillierBench' -p bits="$bits" -rf json -rff "$out/jmh.json" ${JMH_ARGS:-} \
  > "$out/jmh.log" 2>&1 || { cat "$out/jmh.log"; exit 1; }
if [[ -d "$peer_dir/node_modules/paillier-bigint" ]]; then
  node "$here/peers/paillier_bigint.mjs" "$peer_dir/node_modules" "$bits" "${PEER_REPS:-20}" > "$out/js.txt"
  head -1 "$out/js.txt"
else
  echo "paillier-bigint not found under $peer_dir (npm install paillier-bigint@3.4.3 there); its column stays empty"
  : > "$out/js.txt"
fi

PYENV_VERSION=system python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
jmh = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"]["score"] for r in json.load(open(os.path.join(out, "jmh.json")))}
js = {}
for line in open(os.path.join(out, "js.txt")):
    p = line.split()
    if len(p) == 2 and p[0].endswith("_us"):
        js[p[0]] = float(p[1])
def f(v):
    return f"{v:,.1f}" if v else "-"
print("| operation | Privet us | javallier 0.6.0 us | paillier-bigint 3.4.3 us | javallier / Privet |")
print("|---|---|---|---|---|")
rows = [("encrypt, public key, full randomness", "privetEncryptPublic", "javallierEncrypt", "encrypt_us"),
        ("encrypt, private key CRT, full randomness", "privetEncryptCrt", "javallierEncrypt", None),
        ("encrypt, public key, DJN fixed base (opt-in)", "privetEncryptDjn", "javallierEncrypt", None),
        ("encrypt, private key CRT, DJN fixed base (opt-in)", "privetEncryptDjnCrt", "javallierEncrypt", None),
        ("decrypt (CRT)", "privetDecrypt", "javallierDecrypt", "decrypt_us"),
        ("add", "privetAdd", "javallierAdd", "add_us"),
        ("multiply by 63-bit plaintext", "privetMultiplyPlain", "javallierMultiplyPlain", "multiply_plain_us")]
for label, p, j, s in rows:
    a, b = jmh.get(p), jmh.get(j)
    c = js.get(s) if s else None
    print(f"| {label} | {f(a)} | {f(b)} | {f(c)} | {f'{b / a:.2f}x' if a and b else '-'} |")
PY
if [[ "${PAIRED_ROUNDS:-15}" != 0 ]]; then
  echo
  java -Xms2g -Xmx2g -XX:+AlwaysPreTouch --add-modules jdk.incubator.vector -cp "$jar" org.privet.bench.he.PaillierPaired \
    "$bits" "${PAIRED_ROUNDS:-15}" 2>/dev/null | tee "$out/paired.txt"
fi

// Times paillier-bigint 3.4.3 (JavaScript BigInt) for run-paillier.sh: encrypt, decrypt, add and
// multiply by a 63-bit plaintext, mean microseconds per operation after a warm-up pass.
//   node paillier_bigint.mjs <path to node_modules> [bits=2048] [reps=20]
// Prints lines "<op>_us <value>".
import { createRequire } from 'module';
import path from 'path';

const [modules, bitsArg, repsArg] = process.argv.slice(2);
if (!modules) {
  console.error('usage: node paillier_bigint.mjs <node_modules folder> [bits] [reps]');
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(modules), 'noop.js'));
const paillier = require('paillier-bigint');
const bits = Number(bitsArg ?? 2048);
const reps = Number(repsArg ?? 20);

const { publicKey, privateKey } = await paillier.generateRandomKeys(bits);
const m = BigInt.asUintN(bits - 2, 0x123456789abcdef0123456789abcdefn ** 20n);
const k = 0x5deece66d1234567n;

function time(fn) {
  const t = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) fn(i);
  return Number(process.hrtime.bigint() - t) / 1e3 / reps;
}

let out = {};
for (let pass = 0; pass < 2; pass++) { // pass 0 warms up
  const cs = [];
  out.encrypt_us = time(() => cs.push(publicKey.encrypt(m)));
  out.decrypt_us = time((i) => {
    if (privateKey.decrypt(cs[i]) !== m) throw new Error('decrypt(encrypt(m)) != m');
  });
  out.add_us = time((i) => publicKey.addition(cs[i], cs[(i + 1) % reps]));
  out.multiply_plain_us = time((i) => publicKey.multiply(cs[i], k));
}
console.log(`paillier-bigint 3.4.3, node ${process.version}, ${bits} bits, ${reps} reps`);
for (const [key, v] of Object.entries(out)) console.log(`${key} ${v.toFixed(1)}`);

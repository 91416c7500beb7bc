// node-seal 7.0.0 (Microsoft SEAL 4.1 compiled to WebAssembly) timings for the operations CkksBench times.
// Run from a folder where node-seal is installed (see privet-bench/run-ckks.sh):
//   ./node_modules/.bin/node seal_bench.mjs --logN 14 --reps 20
// The chain matches CkksBench's "seal" rows: the Q primes of Privet's preset (same bit sizes) and one
// special prime (SEAL supports exactly one: the last one in the list), 40 bits at N=2^13, else 60.
// Prints one JSON line per operation: {"op", "logN", "medianMs", "minMs", "cpuMedianMs", "cpuMinMs", "reps"}
// (cpu*: the process's user + system CPU time per call, process.cpuUsage(), comparable with
// org.privet.bench.he.CkksCpuTime on a loaded machine).
import SEAL from 'node-seal'

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]])
  return acc
}, []))
const logN = Number(args.logN ?? 14)
const reps = Number(args.reps ?? 20)
const chains = {
  13: { q: [42, 34, 34, 34, 34], p: 40, scale: 34 },
  14: { q: [55, 40, 40, 40, 40, 40, 40, 40], p: 60, scale: 40 },
  15: { q: [55, ...Array(18).fill(40)], p: 60, scale: 40 },
}
const chain = chains[logN]
if (!chain) throw new Error(`logN must be 13, 14 or 15. Provided value: ${logN}`)

const seal = await SEAL()
const n = 1 << logN
const parms = new seal.EncryptionParameters(seal.SchemeType.ckks)
parms.setPolyModulusDegree(n)
parms.setCoeffModulus(seal.CoeffModulus.Create(n, Int32Array.from([...chain.q, chain.p])))
const context = new seal.SEALContext(parms, true, seal.SecLevelType.tc128)
const keygen = new seal.KeyGenerator(context)
const sk = keygen.secretKey()
const pk = keygen.createPublicKey()
const rk = keygen.createRelinKeys()
const gk = keygen.createGaloisKeysWithSteps(Int32Array.from([1]))
const encoder = new seal.CKKSEncoder(context)
const encryptor = new seal.Encryptor(context, pk)
const decryptor = new seal.Decryptor(context, sk)
const evaluator = new seal.Evaluator(context)
const scale = 2 ** chain.scale
const values = Float64Array.from({ length: n / 2 }, () => Math.random() * 2 - 1)

function time(op, fn) {
  for (let i = 0; i < 3; i++) fn() // warm-up
  const t = []
  const cpu = []
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage()
    const t0 = process.hrtime.bigint()
    fn()
    t.push(Number(process.hrtime.bigint() - t0) / 1e6)
    const c1 = process.cpuUsage(c0)
    cpu.push((c1.user + c1.system) / 1e3)
  }
  t.sort((a, b) => a - b)
  cpu.sort((a, b) => a - b)
  console.log(JSON.stringify({ op, logN, medianMs: t[Math.floor(t.length / 2)], minMs: t[0],
    cpuMedianMs: cpu[Math.floor(cpu.length / 2)], cpuMinMs: cpu[0], reps }))
}

const pt = new seal.Plaintext()
const a = new seal.Ciphertext()
encoder.encode(values, scale, pt)
encryptor.encrypt(pt, a)
const b = new seal.Ciphertext()
encryptor.encrypt(pt, b)
const prod = new seal.Ciphertext()
evaluator.multiply(a, b, prod)
evaluator.relinearizeInplace(prod, rk)

time('encodeEncrypt', () => {
  const p = new seal.Plaintext()
  const c = new seal.Ciphertext()
  encoder.encode(values, scale, p)
  encryptor.encrypt(p, c)
  p.delete(); c.delete()
})
time('multiplyRelinearize', () => {
  const c = new seal.Ciphertext()
  evaluator.multiply(a, b, c)
  evaluator.relinearizeInplace(c, rk)
  c.delete()
})
time('rescale', () => {
  const c = new seal.Ciphertext()
  evaluator.rescaleToNext(prod, c)
  c.delete()
})
time('rotate', () => {
  const c = new seal.Ciphertext()
  evaluator.rotateVector(a, 1, gk, c)
  c.delete()
})
time('decrypt', () => {
  const p = new seal.Plaintext()
  decryptor.decrypt(a, p)
  p.delete()
})
const dp = new seal.Plaintext()
decryptor.decrypt(a, dp)
time('decode', () => {
  encoder.decodeFloat64(dp)
})

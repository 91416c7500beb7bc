package org.privet.bench.he;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Supplier;
import org.privet.he.paillier.Obfuscator;
import org.privet.he.paillier.Obfuscators;
import org.privet.he.paillier.PaillierCiphertext;
import org.privet.he.paillier.PaillierKeyPair;
import org.privet.he.paillier.PaillierPrivateKey;
import org.privet.he.paillier.PaillierPublicKey;

/**
 * Paired (interleaved) timing of Privet against javallier 0.6.0, for a machine shared with other
 * work: each round times a batch of the Privet operation and a batch of the javallier operation
 * back to back (alternating which goes first), so both see the same background load; the table
 * gives the median batch time per operation of each and the median of the per-round ratios.
 * Complements {@link PaillierBench} (JMH, sequential), whose ratios drift when the load changes
 * between benchmarks.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp privet-bench/target/benchmarks.jar \
 *     org.privet.bench.he.PaillierPaired [bits=2048] [rounds=15]</pre>
 */
public final class PaillierPaired {
    private PaillierPaired() {
    }

    public static void main(String[] args) {
        int bits = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        SecureRandom random = new SecureRandom();
        PaillierKeyPair kp = PaillierKeyPair.generate(bits, random);
        PaillierPublicKey pk = kp.publicKey();
        PaillierPrivateKey sk = kp.privateKey();
        Obfuscator full = Obfuscators.full(pk, random);
        Obfuscator crt = Obfuscators.crt(sk, random);
        Obfuscator djn = Obfuscators.djn(pk, random);
        Obfuscator djnCrt = Obfuscators.djnCrt(sk, random);
        BigInteger m = new BigInteger(bits - 2, random);
        BigInteger k = BigInteger.valueOf(random.nextLong() >>> 1);
        PaillierCiphertext c1 = pk.encrypt(m, crt);
        PaillierCiphertext c2 = pk.encrypt(m.shiftRight(1), crt);
        com.n1analytics.paillier.PaillierPrivateKey jsk = com.n1analytics.paillier.PaillierPrivateKey.create(bits);
        com.n1analytics.paillier.PaillierPublicKey jpk = jsk.getPublicKey();
        BigInteger j1 = jpk.raw_encrypt(m);
        BigInteger j2 = jpk.raw_encrypt(m.shiftRight(1));
        if (!sk.decrypt(c1).equals(m) || !jsk.raw_decrypt(j1).equals(m)) {
            throw new AssertionError("decrypt(encrypt(m)) != m");
        }
        System.out.printf("paired timing, %d bits, %d rounds, java %s, %d cpus%n", bits, rounds, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| operation | Privet us (median) | javallier us (median) | javallier / Privet (median of rounds) |");
        System.out.println("|---|---|---|---|");
        Supplier<Object> jEnc = () -> jpk.raw_encrypt(m);
        row("encrypt, public key, full randomness", rounds, 1, () -> pk.encrypt(m, full), jEnc);
        row("encrypt, private key CRT, full randomness", rounds, 1, () -> pk.encrypt(m, crt), jEnc);
        row("encrypt, public key, DJN fixed base (opt-in)", rounds, 1, () -> pk.encrypt(m, djn), jEnc);
        row("encrypt, private key CRT, DJN fixed base (opt-in)", rounds, 1, () -> pk.encrypt(m, djnCrt), jEnc);
        row("decrypt (CRT)", rounds, 1, () -> sk.decrypt(c1), () -> jsk.raw_decrypt(j1));
        row("add", rounds, 200, () -> c1.add(c2), () -> jpk.raw_add(j1, j2));
        row("multiply by 63-bit plaintext", rounds, 5, () -> c1.multiply(k), () -> jpk.raw_multiply(j1, k));
    }

    private static volatile Object sink;

    private static void row(String label, int rounds, int batch, Supplier<Object> privet, Supplier<Object> javallier) {
        for (int w = 0; w < 3; w++) { // warm-up
            time(privet, batch);
            time(javallier, batch);
        }
        double[] a = new double[rounds];
        double[] b = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if ((r & 1) == 0) {
                a[r] = time(privet, batch);
                b[r] = time(javallier, batch);
            } else {
                b[r] = time(javallier, batch);
                a[r] = time(privet, batch);
            }
            ratio[r] = b[r] / a[r];
        }
        System.out.printf("| %s | %,.1f | %,.1f | %.2fx |%n", label, median(a), median(b), median(ratio));
    }

    private static double time(Supplier<Object> op, int batch) {
        long t = System.nanoTime();
        for (int i = 0; i < batch; i++) {
            sink = op.get();
        }
        return (System.nanoTime() - t) / 1e3 / batch;
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}

package org.privet.bench.he;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One half of Paillier CRT decryption at 2048 bits, {@code c^(p-1) mod p^2} with a 1024-bit prime p:
 * {@link BigInteger#modPow} against the {@code long[]} Montgomery experiment {@link LongMontgomery}, in the
 * same run. Setup checks that both give the same result (it throws otherwise).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class MontgomeryBench {
    private BigInteger pSquared;
    private BigInteger pMinus1;
    private BigInteger c;
    private LongMontgomery mont;

    @Setup(Level.Trial)
    public void setup() {
        SecureRandom r = new SecureRandom();
        BigInteger p = BigInteger.probablePrime(1024, r);
        pSquared = p.multiply(p);
        pMinus1 = p.subtract(BigInteger.ONE);
        c = new BigInteger(2047, r).mod(pSquared);
        mont = new LongMontgomery(pSquared);
        for (int i = 0; i < 20; i++) {
            BigInteger x = new BigInteger(2048, r);
            BigInteger e = i < 10 ? pMinus1 : new BigInteger(1 + r.nextInt(1100), r).setBit(0);
            if (!mont.modPow(x, e).equals(x.modPow(e, pSquared))) {
                throw new AssertionError("internal invariant: LongMontgomery.modPow differs from BigInteger.modPow");
            }
        }
    }

    @Benchmark
    public BigInteger bigIntegerModPow() {
        return c.modPow(pMinus1, pSquared);
    }

    @Benchmark
    public BigInteger longMontgomeryModPow() {
        return mont.modPow(c, pMinus1);
    }
}

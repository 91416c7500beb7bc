package org.privet.mpc.beaver;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.privet.mpc.arith.Prg;
import org.privet.mpc.arith.RingMath;

/**
 * A trusted dealer of Beaver triples that never sees any input (the "trusted third party" of CrypTen, after
 * Beaver 1991). The dealer shares a 128-bit PRG key with each party. Party {@code i} expands its key into
 * its shares of {@code a}, {@code b} and (for {@code i < n-1}) {@code c}, locally and without talking to
 * anyone; the dealer expands all keys the same way, computes {@code c = a * b} and hands the last party
 * only its correction share {@code c_{n-1} = c - sum_{i<n-1} c_i}. So the only dealer traffic is one
 * correction share per triple, to one party.
 *
 * <p>Security: semi-honest; the dealer must not collude with any party (it knows every share of every
 * triple). Triples are uniform and independent of inputs. Keys come from {@link SecureRandom} unless made
 * by {@link #insecureForTests}.
 *
 * <p>This class runs the dealer inside the JVM of the parties (in-process mode): {@link #sourceFor(int)}
 * gives each party its {@link TripleSource}; the last party's source obtains its correction by a direct,
 * synchronized call. Thread-safe: sources may be used from different threads, one thread per source.
 */
public final class TrustedDealer {
    private final int parties;
    private final byte[][] keys;
    /** The dealer's own copies of every party's stream, advanced by the last party's requests. */
    private final Prg[] mirrors;
    private final boolean[] issued;

    private TrustedDealer(int parties, byte[][] keys) {
        if (parties < 2) {
            throw new IllegalArgumentException("parties must be >= 2. Provided value: " + parties);
        }
        this.parties = parties;
        this.keys = keys;
        this.mirrors = new Prg[parties];
        for (int i = 0; i < parties; i++) {
            mirrors[i] = Prg.fromKey(keys[i]);
        }
        this.issued = new boolean[parties];
    }

    /** A dealer for {@code parties >= 2} parties with keys from {@link SecureRandom}. */
    public static TrustedDealer create(int parties) {
        SecureRandom random = new SecureRandom();
        byte[][] keys = new byte[Math.max(parties, 0)][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Prg.newKey(random);
        }
        return new TrustedDealer(parties, keys);
    }

    /** A reproducible dealer whose keys are a public function of {@code seed}: tests only. */
    public static TrustedDealer insecureForTests(int parties, long seed) {
        Prg p = Prg.insecureForTests(seed);
        byte[][] keys = new byte[Math.max(parties, 0)][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = p.nextKey();
        }
        return new TrustedDealer(parties, keys);
    }

    public int parties() {
        return parties;
    }

    /**
     * The triple source of party {@code party}; each party's source can be taken once.
     *
     * @throws IllegalArgumentException if {@code party} is out of range
     * @throws IllegalStateException if that party's source was already taken
     */
    public synchronized TripleSource sourceFor(int party) {
        if (party < 0 || party >= parties) {
            throw new IllegalArgumentException("party must be in [0, " + parties + "). Provided value: " + party);
        }
        if (issued[party]) {
            throw new IllegalStateException("the triple source of party " + party + " was already taken: a second"
                    + " one would reuse its triples");
        }
        issued[party] = true;
        return new Source(party, Prg.fromKey(keys[party]));
    }

    /** Every party's source, in party order (convenience for in-process runs). */
    public List<TripleSource> sources() {
        List<TripleSource> out = new ArrayList<>(parties);
        for (int i = 0; i < parties; i++) {
            out.add(sourceFor(i));
        }
        return List.copyOf(out);
    }

    // ---- dealer side: corrections for the last party ----

    private synchronized long[] arithmeticCorrection(int count) {
        long[] a = new long[count];
        long[] b = new long[count];
        long[] cSum = new long[count];
        long[] tmp = new long[count];
        for (int p = 0; p < parties; p++) {
            Prg g = mirrors[p];
            g.fill(tmp, 0, count);
            for (int i = 0; i < count; i++) {
                a[i] += tmp[i];
            }
            g.fill(tmp, 0, count);
            for (int i = 0; i < count; i++) {
                b[i] += tmp[i];
            }
            if (p < parties - 1) {
                g.fill(tmp, 0, count);
                for (int i = 0; i < count; i++) {
                    cSum[i] += tmp[i];
                }
            }
        }
        for (int i = 0; i < count; i++) {
            cSum[i] = a[i] * b[i] - cSum[i];
        }
        return cSum;
    }

    private synchronized long[] matrixCorrection(int m, int k, int n) {
        long[] a = new long[m * k];
        long[] b = new long[k * n];
        long[] cSum = new long[m * n];
        long[] ta = new long[m * k];
        long[] tb = new long[k * n];
        long[] tc = new long[m * n];
        for (int p = 0; p < parties; p++) {
            Prg g = mirrors[p];
            g.fill(ta, 0, ta.length);
            g.fill(tb, 0, tb.length);
            for (int i = 0; i < ta.length; i++) {
                a[i] += ta[i];
            }
            for (int i = 0; i < tb.length; i++) {
                b[i] += tb[i];
            }
            if (p < parties - 1) {
                g.fill(tc, 0, tc.length);
                for (int i = 0; i < tc.length; i++) {
                    cSum[i] += tc[i];
                }
            }
        }
        long[] c = RingMath.matmul(a, b, m, k, n);
        for (int i = 0; i < c.length; i++) {
            c[i] -= cSum[i];
        }
        return c;
    }

    private synchronized long[] binaryCorrection(int words) {
        long[] a = new long[words];
        long[] b = new long[words];
        long[] cSum = new long[words];
        long[] tmp = new long[words];
        for (int p = 0; p < parties; p++) {
            Prg g = mirrors[p];
            g.fill(tmp, 0, words);
            for (int i = 0; i < words; i++) {
                a[i] ^= tmp[i];
            }
            g.fill(tmp, 0, words);
            for (int i = 0; i < words; i++) {
                b[i] ^= tmp[i];
            }
            if (p < parties - 1) {
                g.fill(tmp, 0, words);
                for (int i = 0; i < words; i++) {
                    cSum[i] ^= tmp[i];
                }
            }
        }
        for (int i = 0; i < words; i++) {
            cSum[i] ^= a[i] & b[i];
        }
        return cSum;
    }

    /** One party's view: expands its own key; the last party also asks the dealer for corrections. */
    private final class Source implements TripleSource {
        private final int party;
        private final Prg prg;
        private final boolean last;

        Source(int party, Prg prg) {
            this.party = party;
            this.prg = prg;
            this.last = party == parties - 1;
        }

        @Override
        public int party() {
            return party;
        }

        @Override
        public int parties() {
            return parties;
        }

        @Override
        public ArithmeticTriples arithmetic(int count) {
            TripleSource.checkCount("count", count);
            long[] a = prg.nextLongs(count);
            long[] b = prg.nextLongs(count);
            long[] c = last ? arithmeticCorrection(count) : prg.nextLongs(count);
            return new ArithmeticTriples(a, b, c);
        }

        @Override
        public MatrixTriple matrix(int m, int k, int n) {
            if (m < 1 || k < 1 || n < 1) {
                throw new IllegalArgumentException("matrix triple dimensions must be >= 1. Provided: [" + m + ","
                        + k + "] x [" + k + "," + n + "]");
            }
            TripleSource.checkCount("m*k", (long) m * k);
            TripleSource.checkCount("k*n", (long) k * n);
            TripleSource.checkCount("m*n", (long) m * n);
            long[] a = prg.nextLongs(m * k);
            long[] b = prg.nextLongs(k * n);
            long[] c = last ? matrixCorrection(m, k, n) : prg.nextLongs(m * n);
            return new MatrixTriple(m, k, n, a, b, c);
        }

        @Override
        public BinaryTriples binary(int words) {
            TripleSource.checkCount("words", words);
            long[] a = prg.nextLongs(words);
            long[] b = prg.nextLongs(words);
            long[] c = last ? binaryCorrection(words) : prg.nextLongs(words);
            return new BinaryTriples(a, b, c);
        }

        @Override
        public String toString() {
            return "TrustedDealer.Source[party " + party + " of " + parties + "]";
        }
    }
}

package org.privet.mpc.beaver;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.privet.mpc.arith.Prg;
import org.privet.mpc.arith.RingMath;
import org.privet.mpc.arith.Wire;
import org.privet.mpc.net.MpcException;
import org.privet.mpc.net.PartyNetwork;

/**
 * A trusted dealer of Beaver triples that never sees any input (the "trusted third party" of CrypTen, after
 * Beaver 1991). The dealer shares a 128-bit PRG key with each party. Party {@code i} expands its key into
 * its shares of {@code a}, {@code b} and (for {@code i < n-1}) {@code c}, locally and without talking to
 * anyone; the dealer expands all keys the same way, computes {@code c = a * b} and hands the last party
 * only its correction share {@code c_{n-1} = c - sum_{i<n-1} c_i}. So the only dealer traffic is one
 * correction share per triple, to one party. Truncation pairs {@code (r, r >> f)} (ABY3) are dealt the same
 * way: every party expands its share of {@code r}, all but the last their share of {@code r >> f}, and the
 * last party receives the correction.
 *
 * <p>Security: semi-honest; the dealer must not collude with any party (it knows every share of every
 * triple). Triples are uniform and independent of inputs. Keys come from {@link SecureRandom} unless made
 * by {@link #insecureForTests}.
 *
 * <p>Two ways to run it. In-process: {@link #sourceFor(int)} gives each party its {@link TripleSource}; the
 * last party's source obtains its corrections by a direct, synchronized call. Between processes: the dealer
 * calls {@link #serve} once per party over a link to that party (a two-endpoint {@link PartyNetwork}, which
 * must be confidential, e.g. TLS, since it carries the party's key), and each party calls {@link #connect};
 * the last party then sends one small request per triple batch and receives its corrections.
 *
 * <p>Thread-safe: sources may be used from different threads, one thread per source; {@code serve} calls
 * for different parties may run concurrently.
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

    private static final long ARITHMETIC = 1;
    private static final long MATRIX = 2;
    private static final long BINARY = 3;
    private static final long TRUNCATION = 4;
    /** The largest batch a remote last party may request in one message (elements). */
    public static final long MAX_REMOTE_REQUEST = 1L << 26;

    /**
     * Dealer side of the networked mode for {@code party}: sends the party its PRG key over {@code link}
     * (to endpoint {@code peer}); for the last party, then answers its correction requests until it
     * disconnects or stays silent longer than the link's timeout.
     *
     * @return the number of correction requests answered
     * @throws IllegalStateException if that party's key was already handed out
     * @throws MpcException on a malformed request (naming the peer)
     */
    public long serve(int party, PartyNetwork link, int peer) {
        synchronized (this) {
            if (party < 0 || party >= parties) {
                throw new IllegalArgumentException("party must be in [0, " + parties + "). Provided value: " + party);
            }
            if (issued[party]) {
                throw new IllegalStateException("the key of party " + party + " was already handed out");
            }
            issued[party] = true;
        }
        link.send(peer, keys[party].clone());
        if (party != parties - 1) {
            return 0;
        }
        long served = 0;
        while (true) {
            byte[] msg;
            try {
                msg = link.receive(peer);
            } catch (MpcException e) {
                return served; // the last party is done (disconnected) or idle past the timeout
            }
            long[] req = Wire.decode(msg, 4, peer, "dealer request");
            long[] corr;
            if (req[0] == ARITHMETIC && req[1] >= 0 && req[1] <= MAX_REMOTE_REQUEST) {
                corr = arithmeticCorrection((int) req[1]);
            } else if (req[0] == BINARY && req[1] >= 0 && req[1] <= MAX_REMOTE_REQUEST) {
                corr = binaryCorrection((int) req[1]);
            } else if (req[0] == TRUNCATION && req[1] >= 0 && req[1] <= MAX_REMOTE_REQUEST && req[2] >= 0
                    && req[2] <= 62) {
                corr = truncationCorrection((int) req[1], (int) req[2]);
            } else if (req[0] == MATRIX && req[1] >= 1 && req[2] >= 1 && req[3] >= 1
                    && req[1] * req[2] <= MAX_REMOTE_REQUEST && req[2] * req[3] <= MAX_REMOTE_REQUEST
                    && req[1] * req[3] <= MAX_REMOTE_REQUEST) {
                corr = matrixCorrection((int) req[1], (int) req[2], (int) req[3]);
            } else {
                throw new MpcException(peer, "dealer: malformed request from party " + peer + ": kind " + req[0]
                        + ", sizes " + req[1] + ", " + req[2] + ", " + req[3]);
            }
            link.send(peer, Wire.encode(corr));
            served++;
        }
    }

    /**
     * Party side of the networked mode: receives this party's key from the dealer (endpoint {@code dealer} of
     * {@code link}) and returns its triple source. The last party ({@code party == parties - 1}) keeps using
     * the link for corrections.
     *
     * @throws MpcException if the dealer's key message is malformed
     */
    public static TripleSource connect(PartyNetwork link, int dealer, int party, int parties) {
        if (parties < 2 || party < 0 || party >= parties) {
            throw new IllegalArgumentException("need parties >= 2 and party in [0, parties). Provided: party " + party
                    + " of " + parties);
        }
        byte[] key = link.receive(dealer);
        if (key.length != 16) {
            throw new MpcException(dealer, "dealer: malformed key message from party " + dealer + ": expected 16 bytes,"
                    + " received " + key.length);
        }
        return new RemoteSource(party, parties, Prg.fromKey(key), party == parties - 1 ? link : null, dealer);
    }

    /**
     * A party's triples: a and b (and c for every party but the last) expanded from its own key; the last party's
     * c is the correction that makes the shares of c sum to a * b, from wherever {@link #lastCorrection} gets it.
     */
    private abstract static class KeyedSource implements TripleSource {
        private final int party;
        private final int parties;
        private final Prg prg;

        KeyedSource(int party, int parties, Prg prg) {
            this.party = party;
            this.parties = parties;
            this.prg = prg;
        }

        /** The last party's c for a triple of {@code kind} with sizes {@code x, y, z} ({@code len} values). */
        abstract long[] lastCorrection(long kind, int x, int y, int z, int len);

        private long[] c(long kind, int x, int y, int z, int len) {
            return party == parties - 1 ? lastCorrection(kind, x, y, z, len) : prg.nextLongs(len);
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
            return new ArithmeticTriples(a, b, c(ARITHMETIC, count, 0, 0, count));
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
            return new MatrixTriple(m, k, n, a, b, c(MATRIX, m, k, n, m * n));
        }

        @Override
        public BinaryTriples binary(int words) {
            TripleSource.checkCount("words", words);
            long[] a = prg.nextLongs(words);
            long[] b = prg.nextLongs(words);
            return new BinaryTriples(a, b, c(BINARY, words, 0, 0, words));
        }

        @Override
        public TruncationPairs truncationPairs(int count, int bits) {
            TripleSource.checkCount("count", count);
            if (bits < 0 || bits > 62) {
                throw new IllegalArgumentException("truncation bits must be in [0, 62]. Provided value: " + bits);
            }
            long[] r = prg.nextLongs(count);
            return new TruncationPairs(bits, r, c(TRUNCATION, count, bits, 0, count));
        }

        @Override
        public String toString() {
            return getClass().getSimpleName() + "[party " + party + " of " + parties + "]";
        }
    }

    /** A party's source in the networked mode: the last party asks the dealer for its corrections. */
    private static final class RemoteSource extends KeyedSource {
        private final PartyNetwork link;
        private final int dealer;

        RemoteSource(int party, int parties, Prg prg, PartyNetwork link, int dealer) {
            super(party, parties, prg);
            this.link = link;
            this.dealer = dealer;
        }

        @Override
        long[] lastCorrection(long kind, int x, int y, int z, int len) {
            long largest = kind == MATRIX ? Math.max(len, Math.max((long) x * y, (long) y * z)) : len;
            if (largest > MAX_REMOTE_REQUEST) {
                throw new IllegalArgumentException("a remote dealer serves at most " + MAX_REMOTE_REQUEST
                        + " elements per request; split the batch. Provided sizes: " + x + ", " + y + ", " + z);
            }
            link.send(dealer, Wire.encode(new long[] {kind, x, y, z}));
            return Wire.decode(link.receive(dealer), len, dealer, "dealer correction");
        }
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

    /** The last party's share of {@code r >> bits}, given every party's share of {@code r} and the others' of r >> bits. */
    private synchronized long[] truncationCorrection(int count, int bits) {
        long[] r = new long[count];
        long[] shiftedSum = new long[count];
        long[] tmp = new long[count];
        for (int p = 0; p < parties; p++) {
            Prg g = mirrors[p];
            g.fill(tmp, 0, count);
            for (int i = 0; i < count; i++) {
                r[i] += tmp[i];
            }
            if (p < parties - 1) {
                g.fill(tmp, 0, count);
                for (int i = 0; i < count; i++) {
                    shiftedSum[i] += tmp[i];
                }
            }
        }
        for (int i = 0; i < count; i++) {
            shiftedSum[i] = (r[i] >> bits) - shiftedSum[i];
        }
        Arrays.fill(r, 0);
        return shiftedSum;
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

    /** One party's view in process: the last party's corrections come from this dealer directly. */
    private final class Source extends KeyedSource {
        Source(int party, Prg prg) {
            super(party, TrustedDealer.this.parties, prg);
        }

        @Override
        long[] lastCorrection(long kind, int x, int y, int z, int len) {
            if (kind == ARITHMETIC) {
                return arithmeticCorrection(x);
            }
            if (kind == TRUNCATION) {
                return truncationCorrection(x, y);
            }
            return kind == MATRIX ? matrixCorrection(x, y, z) : binaryCorrection(x);
        }
    }
}

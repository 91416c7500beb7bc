package org.privet.mpc;

import org.privet.mpc.arith.FixedPoint;
import org.privet.mpc.arith.Prg;
import org.privet.mpc.arith.RingMath;
import org.privet.mpc.arith.Wire;
import org.privet.mpc.beaver.ArithmeticTriples;
import org.privet.mpc.beaver.BinaryTriples;
import org.privet.mpc.beaver.MatrixTriple;
import org.privet.mpc.beaver.TripleSource;
import org.privet.mpc.beaver.TruncationPairs;
import org.privet.mpc.net.PartyNetwork;
import org.privet.mpc.net.TrafficCounters;

/**
 * One party's side of a run of additive secret sharing over Z_2^64: a secret {@code x} is held as shares
 * {@code x_0 + ... + x_{n-1} = x mod 2^64}, one {@code long} per party, where any {@code n - 1} shares are
 * uniformly random. Reals are held in {@link FixedPoint} encoding. This class is the arithmetic core:
 * input, opening, linear operations (local), Beaver multiplication (element-wise and matrix; Beaver 1991),
 * probabilistic truncation (two parties: SecureML, Mohassel and Zhang 2017, Theorem 1, local; more parties:
 * ABY3's truncation pairs from the dealer, Mohassel and Rindal 2018, one round) and AND on XOR-shared words.
 * Comparison and conversions are in {@code org.privet.mpc.binary}, non-linear functions in {@code
 * org.privet.mpc.approx}.
 *
 * <p>Every party calls the same methods with the same shapes in the same order (secret values differ,
 * shapes are public). A shared vector is a plain {@code long[]} of this party's shares; matrices are
 * row-major. Methods never modify their arguments.
 *
 * <p>Security: semi-honest (honest-but-curious) parties; up to {@code n - 1} colluding parties learn
 * nothing beyond what is opened. Triples (and, for more than two parties, truncation pairs) come from the
 * {@link TripleSource}; input masks from the session's {@link Prg} (from {@code SecureRandom} unless a test
 * passes an insecure one).
 *
 * <p>Communication: {@link #open} and each multiplication cost one round; {@link #counters()} reports bytes,
 * messages and rounds. Malformed messages raise {@link org.privet.mpc.net.MpcException} naming the peer.
 *
 * <p>Not thread-safe: one thread per party.
 */
public final class MpcSession {
    private final PartyNetwork net;
    private final TripleSource triples;
    private final FixedPoint fp;
    private final Prg prg;
    private final int id;
    private final int n;

    /**
     * @param net this party's network ({@code net.id()} is this party)
     * @param triples this party's triple source, for the same parties
     * @param fixedPoint the encoding of reals
     * @param prg source of input masks (use {@link Prg#secure()} outside tests)
     */
    public MpcSession(PartyNetwork net, TripleSource triples, FixedPoint fixedPoint, Prg prg) {
        if (triples.party() != net.id() || triples.parties() != net.parties()) {
            throw new IllegalArgumentException("triple source is for party " + triples.party() + " of "
                    + triples.parties() + " but the network is party " + net.id() + " of " + net.parties());
        }
        this.net = net;
        this.triples = triples;
        this.fp = fixedPoint;
        this.prg = prg;
        this.id = net.id();
        this.n = net.parties();
    }

    /** A session with the default fixed-point encoding and masks from {@code SecureRandom}. */
    public static MpcSession create(PartyNetwork net, TripleSource triples) {
        return new MpcSession(net, triples, FixedPoint.defaults(), Prg.secure());
    }

    public int id() {
        return id;
    }

    public int parties() {
        return n;
    }

    public FixedPoint fixedPoint() {
        return fp;
    }

    public PartyNetwork network() {
        return net;
    }

    public TripleSource triples() {
        return triples;
    }

    /** This party's traffic so far. */
    public TrafficCounters counters() {
        return net.counters();
    }

    // ------------------------------------------------------------------ input and output

    /**
     * Secret-shares this party's private ring values: sends each other party a uniformly random share and
     * keeps the rest. The other parties call {@link #inputFrom(int, int)} with this party's id. One round.
     *
     * @return this party's shares
     */
    public long[] input(long[] values) {
        long[] own = values.clone();
        for (int p = 0; p < n; p++) {
            if (p == id) {
                continue;
            }
            long[] r = prg.nextLongs(values.length);
            for (int i = 0; i < own.length; i++) {
                own[i] -= r[i];
            }
            net.send(p, Wire.encode(r));
        }
        net.round();
        return own;
    }

    /** {@link #input(long[])} of fixed-point encoded reals. */
    public long[] inputFixed(double[] values) {
        return input(fp.encode(values));
    }

    /** Receives this party's shares of {@code length} values that party {@code owner} inputs. One round. */
    public long[] inputFrom(int owner, int length) {
        checkPeer(owner);
        long[] out = Wire.decode(net.receive(owner), length, owner, "input from party " + owner);
        net.round();
        return out;
    }

    /** Shares of a public constant vector: party 0 holds the values, the others zeros. No communication. */
    public long[] publicValue(long[] values) {
        return id == 0 ? values.clone() : new long[values.length];
    }

    /** Opens shared ring values to every party. One round; each party sends {@code 8 * x.length} bytes per peer. */
    public long[] open(long[] x) {
        byte[] msg = Wire.encode(x);
        net.broadcast(msg);
        long[] acc = x.clone();
        for (int p = 0; p < n; p++) {
            if (p != id) {
                Wire.addInto(net.receive(p), acc, p, "open");
            }
        }
        net.round();
        return acc;
    }

    /** Opens and decodes fixed-point values to every party. */
    public double[] openFixed(long[] x) {
        return fp.decode(open(x));
    }

    /**
     * Opens shared ring values to party {@code receiver} only. One round.
     *
     * @return the values at {@code receiver}; {@code null} at every other party
     */
    public long[] openTo(int receiver, long[] x) {
        if (receiver < 0 || receiver >= n) {
            throw new IllegalArgumentException("receiver must be in [0, " + n + "). Provided value: " + receiver);
        }
        if (id != receiver) {
            net.send(receiver, Wire.encode(x));
            net.round();
            return null;
        }
        long[] acc = x.clone();
        for (int p = 0; p < n; p++) {
            if (p != id) {
                Wire.addInto(net.receive(p), acc, p, "open to party " + receiver);
            }
        }
        net.round();
        return acc;
    }

    /** Opens XOR-shared words to every party. One round. */
    public long[] openBinary(long[] x) {
        net.broadcast(Wire.encode(x));
        long[] acc = x.clone();
        for (int p = 0; p < n; p++) {
            if (p != id) {
                Wire.xorInto(net.receive(p), acc, p, "open binary");
            }
        }
        net.round();
        return acc;
    }

    // ------------------------------------------------------------------ local linear operations

    /** {@code x + y}: local. */
    public static long[] add(long[] x, long[] y) {
        checkSame("add", x, y);
        long[] z = new long[x.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = x[i] + y[i];
        }
        return z;
    }

    /** {@code x - y}: local. */
    public static long[] sub(long[] x, long[] y) {
        checkSame("sub", x, y);
        long[] z = new long[x.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = x[i] - y[i];
        }
        return z;
    }

    /** {@code x + c} for a public ring vector {@code c} (party 0 adds it): local. */
    public long[] addPublic(long[] x, long[] c) {
        checkSame("addPublic", x, c);
        long[] z = x.clone();
        if (id == 0) {
            for (int i = 0; i < z.length; i++) {
                z[i] += c[i];
            }
        }
        return z;
    }

    /** {@code x + c} for a public ring constant (party 0 adds it): local. */
    public long[] addPublic(long[] x, long c) {
        long[] z = x.clone();
        if (id == 0) {
            for (int i = 0; i < z.length; i++) {
                z[i] += c;
            }
        }
        return z;
    }

    /** {@code c * x} in the ring for a public integer {@code c} (no rescaling): local. */
    public static long[] mulPublic(long[] x, long c) {
        long[] z = new long[x.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = c * x[i];
        }
        return z;
    }

    /** {@code c * x} for a public real {@code c} and fixed-point {@code x}: local product, then {@link #truncate}. */
    public long[] mulPublicFixed(long[] x, double c) {
        return truncate(mulPublic(x, fp.encode(c)), fp.fracBits());
    }

    // ------------------------------------------------------------------ multiplication

    /**
     * Element-wise product in the ring, {@code z = x * y mod 2^64}, with one Beaver triple per element: open
     * {@code d = x - a}, {@code e = y - b}; {@code z = c + d b + e a + d e} (the last term by party 0). One
     * round, {@code 16 * x.length} bytes to each peer. No rescaling: see {@link #mul} for fixed point.
     */
    public long[] mulRing(long[] x, long[] y) {
        checkSame("mul", x, y);
        int len = x.length;
        ArithmeticTriples t = triples.arithmetic(len);
        long[] a = t.a();
        long[] b = t.b();
        long[] de = new long[2 * len];
        for (int i = 0; i < len; i++) {
            de[i] = x[i] - a[i];
            de[len + i] = y[i] - b[i];
        }
        de = open(de);
        long[] z = t.c().clone();
        boolean first = id == 0;
        for (int i = 0; i < len; i++) {
            long d = de[i];
            long e = de[len + i];
            long v = z[i] + d * b[i] + e * a[i];
            z[i] = first ? v + d * e : v;
        }
        return z;
    }

    /** Fixed-point element-wise product: {@link #mulRing} then {@link #truncate} by the fractional bits. */
    public long[] mul(long[] x, long[] y) {
        return truncate(mulRing(x, y), fp.fracBits());
    }

    /** Fixed-point square. */
    public long[] square(long[] x) {
        return mul(x, x);
    }

    /**
     * Matrix product in the ring, {@code Z = X Y} for {@code X [m,k]}, {@code Y [k,n]}, with one matrix triple:
     * open {@code D = X - A}, {@code E = Y - B}; {@code Z = C + D B + A E + D E} (the last term by party 0).
     * One round; {@code 8 (mk + kn)} bytes to each peer.
     */
    public long[] matmulRing(long[] x, long[] y, int m, int k, int cols) {
        if (x.length != (long) m * k || y.length != (long) k * cols) {
            throw new IllegalArgumentException("matmul: [" + m + "," + k + "] x [" + k + "," + cols
                    + "] needs " + ((long) m * k) + " and " + ((long) k * cols) + " elements. Provided: " + x.length
                    + " and " + y.length);
        }
        MatrixTriple t = triples.matrix(m, k, cols);
        long[] de = new long[x.length + y.length];
        long[] a = t.a();
        long[] b = t.b();
        for (int i = 0; i < x.length; i++) {
            de[i] = x[i] - a[i];
        }
        for (int i = 0; i < y.length; i++) {
            de[x.length + i] = y[i] - b[i];
        }
        de = open(de);
        long[] d = new long[x.length];
        long[] e = new long[y.length];
        System.arraycopy(de, 0, d, 0, d.length);
        System.arraycopy(de, d.length, e, 0, e.length);
        long[] z = t.c().clone();
        if (id == 0) {
            // D B + A E + D E = D (B + E) + A E ; party 0 adds D E
            long[] bPlusE = new long[b.length];
            for (int i = 0; i < b.length; i++) {
                bPlusE[i] = b[i] + e[i];
            }
            RingMath.matmulAdd(d, bPlusE, z, m, k, cols);
        } else {
            RingMath.matmulAdd(d, b, z, m, k, cols);
        }
        RingMath.matmulAdd(a, e, z, m, k, cols);
        return z;
    }

    /** Fixed-point matrix product: {@link #matmulRing} then {@link #truncate}. */
    public long[] matmul(long[] x, long[] y, int m, int k, int cols) {
        return truncate(matmulRing(x, y, m, k, cols), fp.fracBits());
    }

    /**
     * Probabilistic truncation: divides shared {@code x} (read as a signed 64-bit integer) by {@code 2^bits}.
     * If {@code |x| < 2^l}, the result is within one of {@code x / 2^bits}, except with probability at most
     * {@code 2^(l + 1 - 64)}, when it is wrong by about {@code 2^(64 - bits)}.
     *
     * <ul>
     *   <li>Two parties: SecureML (Mohassel and Zhang 2017, Theorem 1), local and without communication:
     *       party 0 computes {@code x_0 >> bits}, party 1 {@code -((-x_1) >> bits)} (arithmetic shifts).
     *   <li>More parties: a truncation pair {@code (r, r >> bits)} per element from the triple source (ABY3,
     *       Mohassel and Rindal 2018, section 5.1.1; a {@link org.privet.mpc.beaver.TrustedDealer} deals them):
     *       open {@code c = x - r} (uniform, so it reveals nothing); {@code (c >> bits) + (r >> bits)} is
     *       {@code floor(x / 2^bits)} minus a borrow that is 1 with probability {@code 1 - frac(x / 2^bits)}
     *       over {@code r}, so party 0 adds the public {@code (c >> bits) + 1}: the result is {@code floor(x /
     *       2^bits)} or one more, rounded up with probability {@code frac(x / 2^bits)}, i.e. unbiased stochastic
     *       rounding (without the +1, every product would be biased by one ulp down, which compounds in
     *       repeated squarings). One round, {@code 8 * x.length} bytes to each peer. Fails as above when
     *       {@code c + r} overflows, probability about {@code |x| / 2^64}.
     * </ul>
     *
     * @throws IllegalStateException for more than two parties with a triple source that deals no truncation pairs
     */
    public long[] truncate(long[] x, int bits) {
        if (bits < 0 || bits > 62) {
            throw new IllegalArgumentException("truncation bits must be in [0, 62]. Provided value: " + bits);
        }
        long[] z = new long[x.length];
        if (n == 2) {
            if (id == 0) {
                for (int i = 0; i < z.length; i++) {
                    z[i] = x[i] >> bits;
                }
            } else {
                for (int i = 0; i < z.length; i++) {
                    z[i] = -((-x[i]) >> bits);
                }
            }
            return z;
        }
        TruncationPairs pairs = triples.truncationPairs(x.length, bits);
        long[] r = pairs.r();
        for (int i = 0; i < z.length; i++) {
            z[i] = x[i] - r[i];
        }
        long[] c = open(z);
        long[] rs = pairs.rShifted();
        if (id == 0) {
            for (int i = 0; i < z.length; i++) {
                z[i] = (c[i] >> bits) + 1 + rs[i];
            }
        } else {
            System.arraycopy(rs, 0, z, 0, z.length);
        }
        return z;
    }

    // ------------------------------------------------------------------ binary (XOR) shares

    /**
     * Bitwise AND of XOR-shared words, 64 AND gates per word, with binary Beaver triples: open {@code d = x ^
     * a}, {@code e = y ^ b}; {@code z = c ^ (d & b) ^ (e & a) ^ (d & e)} (the last term by party 0). One round.
     */
    public long[] and(long[] x, long[] y) {
        checkSame("and", x, y);
        int len = x.length;
        BinaryTriples t = triples.binary(len);
        long[] a = t.a();
        long[] b = t.b();
        long[] de = new long[2 * len];
        for (int i = 0; i < len; i++) {
            de[i] = x[i] ^ a[i];
            de[len + i] = y[i] ^ b[i];
        }
        de = openBinary(de);
        long[] z = t.c().clone();
        boolean first = id == 0;
        for (int i = 0; i < len; i++) {
            long d = de[i];
            long e = de[len + i];
            long v = z[i] ^ (d & b[i]) ^ (e & a[i]);
            z[i] = first ? v ^ (d & e) : v;
        }
        return z;
    }

    // ------------------------------------------------------------------ helpers

    private void checkPeer(int p) {
        if (p < 0 || p >= n || p == id) {
            throw new IllegalArgumentException("peer must be in [0, " + n + ") and != own id " + id
                    + ". Provided value: " + p);
        }
    }

    private static void checkSame(String op, long[] x, long[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(op + ": operands must have equal lengths. Provided lengths: "
                    + x.length + " and " + y.length);
        }
    }

    @Override
    public String toString() {
        return "MpcSession[party " + id + " of " + n + ", " + fp + "]";
    }
}

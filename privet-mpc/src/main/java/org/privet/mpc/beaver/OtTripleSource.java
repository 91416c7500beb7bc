package org.privet.mpc.beaver;

import java.security.SecureRandom;
import org.privet.mpc.arith.Prg;
import org.privet.mpc.arith.RingMath;
import org.privet.mpc.arith.Wire;
import org.privet.mpc.beaver.ot.BaseOt;
import org.privet.mpc.beaver.ot.Iknp;
import org.privet.mpc.net.PartyNetwork;

/**
 * Beaver triples generated between two parties without a dealer, from oblivious transfer: base OTs
 * ({@link org.privet.mpc.beaver.ot.BaseOt}) extended by IKNP ({@link Iknp}) in both directions, then
 * <ul>
 *   <li>arithmetic triples by Gilboa's OT-based multiplication (CRYPTO 1999): each party draws {@code a_p,
 *       b_p}; the cross product {@code a_p b_q} is shared by 64 correlated OTs on the bits of {@code b_q}
 *       (the sender's messages {@code r_t} and {@code r_t + 2^t a_p}); as in SecureML's OT-based
 *       preprocessing. Traffic per triple and direction: 64 OTs x (16 B IKNP + 8 B correction) = 1.5 KiB;</li>
 *   <li>matrix triples by the same method with vector messages (each bit of an element of {@code A_q}
 *       selects a shifted row of {@code B_p}): {@code 64 m k} OTs with {@code n}-word messages per direction,
 *       so traffic grows as {@code 512 m k n} bytes: fine for small products, expensive for large ones;</li>
 *   <li>AND triples from two random OTs per bit (the receiver's choice is its {@code a}, the sender's
 *       {@code b} is the XOR of its two random messages; ABY, Demmler et al. 2015): one IKNP row, 16 B, per AND
 *       triple and direction, and no correction message.</li>
 * </ul>
 * Security: semi-honest, 128-bit (base OTs in a 3072-bit group, 128 base OTs, AES-based hash). The parties
 * must call methods in the same order with the same arguments (as every {@code TripleSource}); work is done
 * in chunks of 8192 triples (words), each costing one IKNP message each way plus, for arithmetic and matrix
 * triples, one correction message each way. {@link #create} runs the base OTs: 512 exponentiations in a
 * 3072-bit group (one to a few seconds of CPU).
 *
 * <p>Not thread-safe: the protocol thread of its party only; it uses the session's network.
 */
public final class OtTripleSource implements TripleSource {
    /** Triples (or AND words) per OT-extension call: bounds memory at about 30 MB per call. */
    private static final int CHUNK = 8192;

    private final PartyNetwork net;
    private final int id;
    private final int peer;
    private final Iknp.Sender sender;
    private final Iknp.Receiver receiver;
    private final Prg prg;

    private OtTripleSource(PartyNetwork net, Iknp.Sender sender, Iknp.Receiver receiver, Prg prg) {
        this.net = net;
        this.id = net.id();
        this.peer = 1 - net.id();
        this.sender = sender;
        this.receiver = receiver;
        this.prg = prg;
    }

    /**
     * Runs the base OTs with the other party (which calls this too) over {@code net}.
     *
     * @throws IllegalArgumentException unless {@code net} has exactly two parties
     */
    public static OtTripleSource create(PartyNetwork net) {
        return create(net, BaseOt.standard());
    }

    /** As {@link #create} with base OTs in a small group ({@link BaseOt#insecureForTests()}): tests only. */
    public static OtTripleSource insecureForTests(PartyNetwork net) {
        return create(net, BaseOt.insecureForTests());
    }

    private static OtTripleSource create(PartyNetwork net, BaseOt baseOt) {
        if (net.parties() != 2) {
            throw new IllegalArgumentException("OT-based triples are a two-party protocol. Provided network has "
                    + net.parties() + " parties");
        }
        SecureRandom random = new SecureRandom();
        Iknp.Sender s;
        Iknp.Receiver r;
        if (net.id() == 0) {
            s = Iknp.Sender.setup(net, 1, baseOt, random);
            r = Iknp.Receiver.setup(net, 1, baseOt, random);
        } else {
            r = Iknp.Receiver.setup(net, 0, baseOt, random);
            s = Iknp.Sender.setup(net, 0, baseOt, random);
        }
        net.round();
        return new OtTripleSource(net, s, r, Prg.fromKey(Prg.newKey(random)));
    }

    @Override
    public int party() {
        return id;
    }

    @Override
    public int parties() {
        return 2;
    }

    @Override
    public ArithmeticTriples arithmetic(int count) {
        TripleSource.checkCount("count", count);
        long[] a = prg.nextLongs(count);
        long[] b = prg.nextLongs(count);
        long[] c = new long[count];
        for (int i = 0; i < count; i++) {
            c[i] = a[i] * b[i];
        }
        if (count == 0) {
            return new ArithmeticTriples(a, b, c);
        }
        for (int off = 0; off < count; off += CHUNK) {
            gilboa(a, b, c, off, Math.min(CHUNK, count - off));
        }
        net.round();
        return new ArithmeticTriples(a, b, c);
    }

    /** Adds to {@code c[off, off + len)} this party's shares of the cross products {@code a_me b_peer + a_peer b_me}. */
    private void gilboa(long[] a, long[] b, long[] c, int off, int len) {
        int ots = 64 * len;
        // the peer's a times my b: my choice bits are the bits of b, word i = b[off + i]
        long[] choices = java.util.Arrays.copyOfRange(b, off, off + len);
        long[] mr = receiver.extend(choices, ots, 1);
        // my a times the peer's b
        long[][] m = sender.extend(ots, 1);
        long[] m0s = m[0];
        long[] m1s = m[1];
        long[] tau = new long[ots];
        for (int i = 0; i < len; i++) {
            long ai = a[off + i];
            long share = 0;
            for (int t = 0; t < 64; t++) {
                int o = 64 * i + t;
                long m0 = m0s[o];
                tau[o] = m0 + (ai << t) - m1s[o];
                share -= m0;
            }
            c[off + i] += share;
        }
        net.send(peer, Wire.encode(tau));
        long[] peerTau = Wire.decode(net.receive(peer), ots, peer, "OT triple correction");
        for (int i = 0; i < len; i++) {
            long bi = b[off + i];
            long share = 0;
            for (int t = 0; t < 64; t++) {
                int o = 64 * i + t;
                share += mr[o] + (peerTau[o] & -((bi >>> t) & 1L));
            }
            c[off + i] += share;
        }
    }

    @Override
    public MatrixTriple matrix(int m, int k, int n) {
        if (m < 1 || k < 1 || n < 1) {
            throw new IllegalArgumentException("matrix triple dimensions must be >= 1. Provided: [" + m + "," + k
                    + "] x [" + k + "," + n + "]");
        }
        long ots = 64L * m * k;
        if (ots * n > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("matrix triple [" + m + "," + k + "] x [" + k + "," + n
                    + "] is too large for OT generation (64 m k n must be < 2^31)");
        }
        long[] a = prg.nextLongs(m * k);
        long[] b = prg.nextLongs(k * n);
        long[] c = RingMath.matmul(a, b, m, k, n);
        int count = (int) ots;
        // the peer's B times... : my A's bits choose shifted rows of the peer's B (cross term A_me B_peer)
        long[] mr = receiver.extend(a, count, n);
        long[][] msg = sender.extend(count, n);
        long[] tau = new long[count * n];
        for (int i = 0; i < m; i++) {
            for (int l = 0; l < k; l++) {
                for (int t = 0; t < 64; t++) {
                    int o = (i * k + l) * 64 + t;
                    int base = o * n;
                    for (int j = 0; j < n; j++) {
                        long m0 = msg[0][base + j];
                        tau[base + j] = m0 + (b[l * n + j] << t) - msg[1][base + j];
                        c[i * n + j] -= m0;
                    }
                }
            }
        }
        net.send(peer, Wire.encode(tau));
        long[] peerTau = Wire.decode(net.receive(peer), count * n, peer, "OT matrix triple correction");
        for (int i = 0; i < m; i++) {
            for (int l = 0; l < k; l++) {
                long ail = a[i * k + l];
                for (int t = 0; t < 64; t++) {
                    int o = (i * k + l) * 64 + t;
                    int base = o * n;
                    boolean bit = ((ail >>> t) & 1L) == 1;
                    for (int j = 0; j < n; j++) {
                        c[i * n + j] += mr[base + j] + (bit ? peerTau[base + j] : 0);
                    }
                }
            }
        }
        net.round();
        return new MatrixTriple(m, k, n, a, b, c);
    }

    @Override
    public BinaryTriples binary(int words) {
        TripleSource.checkCount("words", words);
        long[] a = prg.nextLongs(words);
        long[] b = new long[words];
        long[] c = new long[words];
        if (words == 0) {
            return new BinaryTriples(a, b, c);
        }
        for (int off = 0; off < words; off += CHUNK) {
            int len = Math.min(CHUNK, words - off);
            int ots = 64 * len;
            long[] mr = receiver.extend(java.util.Arrays.copyOfRange(a, off, off + len), ots, 1); // a_me & b_peer
            long[][] m = sender.extend(ots, 1); // defines b_me; share of a_peer & b_me
            for (int w = 0; w < len; w++) {
                long bw = 0;
                long cw = 0;
                for (int t = 0; t < 64; t++) {
                    int o = 64 * w + t;
                    long m0 = m[0][o];
                    bw |= ((m0 ^ m[1][o]) & 1L) << t;
                    cw |= ((m0 ^ mr[o]) & 1L) << t;
                }
                b[off + w] = bw;
                c[off + w] = (a[off + w] & bw) ^ cw;
            }
        }
        net.round();
        return new BinaryTriples(a, b, c);
    }

    @Override
    public String toString() {
        return "OtTripleSource[party " + id + " of 2]";
    }
}

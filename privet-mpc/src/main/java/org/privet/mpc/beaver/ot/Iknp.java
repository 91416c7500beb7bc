package org.privet.mpc.beaver.ot;

import java.security.SecureRandom;
import org.privet.mpc.arith.Prg;
import org.privet.mpc.arith.Wire;
import org.privet.mpc.net.PartyNetwork;

/**
 * IKNP oblivious-transfer extension (Ishai, Kilian, Nissim and Petrank, CRYPTO 2003), semi-honest, with
 * {@code kappa = 128} base OTs ({@link BaseOt}) per direction and random-OT outputs hashed by {@link CrHash}.
 * A {@link Sender} and the peer's {@link Receiver} form one direction; each call to {@code extend} on one
 * side must be matched by the same call (same count) on the other. The receiver sends one message of
 * {@code 16} bytes per OT (rounded up to 64 OTs).
 *
 * <p>Outputs are random OTs with {@code L}-word messages: the sender gets {@code m0[i]}, {@code m1[i]}
 * (each {@code L} words), the receiver {@code m_{r_i}[i]}. Not thread-safe.
 */
public final class Iknp {
    /** The number of base OTs and the security parameter, in bits. */
    public static final int KAPPA = 128;

    private Iknp() {
    }

    static void transpose64(long[] a) {
        long m = 0x00000000FFFFFFFFL;
        for (int j = 32; j != 0; j >>= 1, m ^= (m << j)) {
            for (int k = 0; k < 64; k = ((k | j) + 1) & ~j) {
                long t = ((a[k] >>> j) ^ a[k | j]) & m;
                a[k | j] ^= t;
                a[k] ^= (t << j);
            }
        }
    }

    /** Columns {@code cols[j][w]} (128 columns, {@code words} words each) to rows {@code rows[2i + h]}. */
    static long[] columnsToRows(long[][] cols, int words) {
        long[] rows = new long[words * 64 * 2];
        long[] block = new long[64];
        for (int w = 0; w < words; w++) {
            for (int h = 0; h < 2; h++) {
                for (int jj = 0; jj < 64; jj++) {
                    block[jj] = cols[64 * h + jj][w];
                }
                transpose64(block);
                for (int ii = 0; ii < 64; ii++) {
                    rows[2 * (64 * w + ii) + h] = block[ii];
                }
            }
        }
        return rows;
    }

    /** The extension sender (base-OT receiver with secret {@code s}). */
    public static final class Sender {
        private final PartyNetwork net;
        private final int peer;
        private final long s0;
        private final long s1;
        private final Prg[] g;
        private final CrHash hash = new CrHash();
        private long counter;

        private Sender(PartyNetwork net, int peer, long s0, long s1, Prg[] g) {
            this.net = net;
            this.peer = peer;
            this.s0 = s0;
            this.s1 = s1;
            this.g = g;
        }

        /** Runs the base OTs as their receiver (the peer calls {@link Receiver#setup}). */
        public static Sender setup(PartyNetwork net, int peer, BaseOt baseOt, SecureRandom random) {
            long s0 = random.nextLong();
            long s1 = random.nextLong();
            boolean[] choice = new boolean[KAPPA];
            for (int j = 0; j < KAPPA; j++) {
                choice[j] = (((j < 64 ? s0 : s1) >>> (j & 63)) & 1) == 1;
            }
            byte[][] keys = baseOt.receive(net, peer, choice, random);
            Prg[] g = new Prg[KAPPA];
            for (int j = 0; j < KAPPA; j++) {
                g[j] = Prg.fromKey(keys[j]);
            }
            return new Sender(net, peer, s0, s1, g);
        }

        /**
         * {@code count} random OTs with {@code outWords}-word messages: {@code [0]} the messages for choice 0,
         * {@code [1]} for choice 1, {@code count * outWords} words each.
         */
        public long[][] extend(int count, int outWords) {
            int words = (count + 63) / 64;
            long[] u = Wire.decode(net.receive(peer), KAPPA * words, peer, "OT extension");
            long[][] cols = new long[KAPPA][];
            for (int j = 0; j < KAPPA; j++) {
                long[] c = g[j].nextLongs(words);
                if ((((j < 64 ? s0 : s1) >>> (j & 63)) & 1) == 1) {
                    for (int w = 0; w < words; w++) {
                        c[w] ^= u[j * words + w];
                    }
                }
                cols[j] = c;
            }
            long[] q = columnsToRows(cols, words);
            long[] m0 = new long[count * outWords];
            long[] m1 = new long[count * outWords];
            hash.hash(q, count, 0, 0, counter, outWords, m0);
            hash.hash(q, count, s0, s1, counter, outWords, m1);
            counter += count;
            return new long[][] {m0, m1};
        }
    }

    /** The extension receiver (base-OT sender). */
    public static final class Receiver {
        private final PartyNetwork net;
        private final int peer;
        private final Prg[] g0;
        private final Prg[] g1;
        private final CrHash hash = new CrHash();
        private long counter;

        private Receiver(PartyNetwork net, int peer, Prg[] g0, Prg[] g1) {
            this.net = net;
            this.peer = peer;
            this.g0 = g0;
            this.g1 = g1;
        }

        /** Runs the base OTs as their sender (the peer calls {@link Sender#setup}). */
        public static Receiver setup(PartyNetwork net, int peer, BaseOt baseOt, SecureRandom random) {
            byte[][][] keys = baseOt.send(net, peer, KAPPA, random);
            Prg[] g0 = new Prg[KAPPA];
            Prg[] g1 = new Prg[KAPPA];
            for (int j = 0; j < KAPPA; j++) {
                g0[j] = Prg.fromKey(keys[j][0]);
                g1[j] = Prg.fromKey(keys[j][1]);
            }
            return new Receiver(net, peer, g0, g1);
        }

        /**
         * {@code count} random OTs with choice bits {@code choices} (bit {@code i % 64} of word {@code i / 64});
         * returns the chosen messages, {@code count * outWords} words. Sends the IKNP matrix to the peer.
         */
        public long[] extend(long[] choices, int count, int outWords) {
            int words = (count + 63) / 64;
            if (choices.length < words) {
                throw new IllegalArgumentException("choices must hold " + count + " bits (" + words
                        + " words). Provided words: " + choices.length);
            }
            long[][] t = new long[KAPPA][];
            long[] u = new long[KAPPA * words];
            for (int j = 0; j < KAPPA; j++) {
                long[] tj = g0[j].nextLongs(words);
                long[] gj = g1[j].nextLongs(words);
                for (int w = 0; w < words; w++) {
                    u[j * words + w] = tj[w] ^ gj[w] ^ choices[w];
                }
                t[j] = tj;
            }
            net.send(peer, Wire.encode(u));
            long[] rows = columnsToRows(t, words);
            long[] out = new long[count * outWords];
            hash.hash(rows, count, 0, 0, counter, outWords, out);
            counter += count;
            return out;
        }
    }
}

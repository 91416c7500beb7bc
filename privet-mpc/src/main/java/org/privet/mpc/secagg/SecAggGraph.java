package org.privet.mpc.secagg;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who masks and shares with whom in a round. Either the complete graph (Bonawitz et al. 2017: every client
 * with every other) or, for SecAgg+ (Bell et al. 2020), the Harary graph {@code H(k, n)} under a random
 * labelling: the clients {@code 1..n} are placed on a ring in the order of a uniformly random permutation and
 * each is joined to the {@code k/2} nearest positions on either side, so every client has exactly {@code k}
 * neighbours and adjacency is symmetric. The permutation is a Fisher-Yates shuffle driven by AES-256-CTR
 * keyed with the server's 32-byte graph seed (unbiased by rejection), so the server and every client derive
 * the same graph from the seed, and nobody can predict it before the server draws the seed.
 *
 * <p>Client ids are {@code 1..n}. Immutable and thread-safe.
 */
public final class SecAggGraph {
    private final int n;
    private final int degree;
    /** pos[id]: ring position of client id (null for the complete graph). */
    private final int[] pos;
    /** at[p]: client id at ring position p. */
    private final int[] at;

    private SecAggGraph(int n, int degree, int[] pos, int[] at) {
        this.n = n;
        this.degree = degree;
        this.pos = pos;
        this.at = at;
    }

    /** The complete graph on clients {@code 1..n}, {@code n >= 2}. */
    public static SecAggGraph complete(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("clients must be >= 2. Provided value: " + n);
        }
        return new SecAggGraph(n, n - 1, null, null);
    }

    /**
     * The randomly labelled Harary graph {@code H(k, n)}: even {@code k} in {@code [2, n - 2]}, {@code seed}
     * 32 bytes (fresh from the server's {@code SecureRandom} each round).
     */
    public static SecAggGraph harary(int n, int k, byte[] seed) {
        if (n < 4) {
            throw new IllegalArgumentException("clients must be >= 4 for a Harary graph. Provided value: " + n);
        }
        if (k < 2 || k > n - 2 || k % 2 != 0) {
            throw new IllegalArgumentException("degree must be even and in [2, " + (n - 2) + "]. Provided value: " + k);
        }
        if (seed.length != 32) {
            throw new IllegalArgumentException("graph seed must be 32 bytes. Provided length: " + seed.length);
        }
        int[] at = new int[n];
        for (int p = 0; p < n; p++) {
            at[p] = p + 1;
        }
        Stream s = new Stream(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = s.below(i + 1);
            int tmp = at[i];
            at[i] = at[j];
            at[j] = tmp;
        }
        int[] pos = new int[n + 1];
        for (int p = 0; p < n; p++) {
            pos[at[p]] = p;
        }
        return new SecAggGraph(n, k, pos, at);
    }

    public int clients() {
        return n;
    }

    /** Neighbours per client: {@code k}, or {@code n - 1} for the complete graph. */
    public int degree() {
        return degree;
    }

    public boolean isComplete() {
        return pos == null;
    }

    /** True when {@code u != v} mask and share with each other. */
    public boolean adjacent(int u, int v) {
        check(u);
        check(v);
        if (u == v) {
            return false;
        }
        if (pos == null) {
            return true;
        }
        int d = Math.abs(pos[u] - pos[v]);
        return Math.min(d, n - d) <= degree / 2;
    }

    /** The neighbours of client {@code id}, ascending (without {@code id}). */
    public int[] neighbours(int id) {
        check(id);
        int[] out = new int[degree];
        if (pos == null) {
            for (int v = 1, i = 0; v <= n; v++) {
                if (v != id) {
                    out[i++] = v;
                }
            }
            return out;
        }
        int p = pos[id];
        int h = degree / 2;
        int i = 0;
        for (int off = 1; off <= h; off++) {
            out[i++] = at[(p + off) % n];
            out[i++] = at[(p - off + n) % n];
        }
        Arrays.sort(out);
        return out;
    }

    /** The members of {@code sortedIds} (ascending) that are {@code id} or its neighbours, ascending. */
    public int[] groupWithin(int id, int[] sortedIds) {
        if (pos == null) {
            return sortedIds;
        }
        int[] out = new int[Math.min(sortedIds.length, degree + 1)];
        int c = 0;
        for (int v : neighboursAndSelf(id)) {
            if (Arrays.binarySearch(sortedIds, v) >= 0) {
                out[c++] = v;
            }
        }
        return c == out.length ? out : Arrays.copyOf(out, c);
    }

    /** {@code id} and its neighbours, ascending. */
    public int[] neighboursAndSelf(int id) {
        int[] nb = neighbours(id);
        int[] out = new int[nb.length + 1];
        int i = 0;
        int j = 0;
        for (int v : nb) {
            if (j == 0 && v > id) {
                out[i++] = id;
                j = 1;
            }
            out[i++] = v;
        }
        if (j == 0) {
            out[i] = id;
        }
        return out;
    }

    private void check(int id) {
        if (id < 1 || id > n) {
            throw new IllegalArgumentException("client id must be in [1, " + n + "]. Provided value: " + id);
        }
    }

    /** Uniform integers from AES-256-CTR keyed with the seed. */
    private static final class Stream {
        private final Cipher aes;
        private final byte[] zeros = new byte[4096];
        private final byte[] buf = new byte[4096];
        private int next = buf.length;

        Stream(byte[] seed) {
            try {
                aes = Cipher.getInstance("AES/CTR/NoPadding");
                aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), new IvParameterSpec(new byte[16]));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/CTR is not available in this JDK", e);
            }
        }

        private int nextInt() {
            if (next == buf.length) {
                try {
                    aes.update(zeros, 0, zeros.length, buf, 0);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("AES/CTR failed", e);
                }
                next = 0;
            }
            int v = ((buf[next] & 0xFF) << 24) | ((buf[next + 1] & 0xFF) << 16) | ((buf[next + 2] & 0xFF) << 8)
                    | (buf[next + 3] & 0xFF);
            next += 4;
            return v;
        }

        /** Uniform in {@code [0, bound)}: 31-bit draws, rejecting the biased top. */
        int below(int bound) {
            int limit = Integer.MAX_VALUE - (int) (((long) Integer.MAX_VALUE + 1) % bound);
            while (true) {
                int v = nextInt() & Integer.MAX_VALUE;
                if (v <= limit) {
                    return v % bound;
                }
            }
        }
    }
}

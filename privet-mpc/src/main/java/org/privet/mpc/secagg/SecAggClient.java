package org.privet.mpc.secagg;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.privet.mpc.net.MpcException;
import org.privet.mpc.shamir.ShamirShare;
import org.privet.mpc.shamir.ShamirSharing;

/**
 * One client of a secure-aggregation round (Bonawitz et al., CCS 2017, figure 4, honest-but-curious
 * variant without the consistency-check round). The client is a message-driven state machine, independent
 * of the transport: call {@link #advertiseKeys()} once, then pass every message from the server to {@link
 * #respond(byte[])} and send back what it returns, until {@link #isDone()}.
 *
 * <ol>
 *   <li>AdvertiseKeys: two fresh X25519 key pairs, {@code (c_pk, c_sk)} to encrypt shares and {@code (s_pk,
 *       s_sk)} to agree pairwise masks.
 *   <li>ShareKeys: a fresh 32-byte self-mask seed {@code b_u}; {@code t}-out-of-{@code |U1|} Shamir shares of
 *       {@code s_sk} and {@code b_u}, the pair for client {@code v} encrypted with AES-256-GCM under
 *       HKDF(X25519({@code c_sk_u}, {@code c_pk_v})).
 *   <li>MaskedInputCollection: {@code y_u = x_u + PRG(b_u) + sum_{v in U2, v != u} sign(u,v) PRG(s_uv)} mod
 *       {@code 2^k}, with {@code s_uv} = HKDF(X25519({@code s_sk_u}, {@code s_pk_v})), sign +1 when {@code u <
 *       v} and -1 otherwise, so pairwise masks cancel in the sum.
 *   <li>Unmasking: given the survivors {@code U3}, the share of {@code b_v} for each survivor and of {@code
 *       s_sk_v} for each client that dropped after sharing, never both for one client.
 * </ol>
 *
 * <p>With SecAgg+ parameters (Bell et al. 2020) the key list carries the server's graph seed: the client
 * derives the round's {@link SecAggGraph}, accepts keys only from its neighbours, and masks and shares only
 * with them ({@code t} of its neighbourhood of {@code k + 1} reconstruct).
 *
 * <p>Every server message is checked (sizes, ids, that the survivor sets only shrink and stay at least
 * {@code t}); a bad one throws {@link MpcException} with peer 0 (the server), and an abort notice from the
 * server throws {@link SecAggAbortedException}. After either the client is finished and sends nothing.
 * Not thread-safe: one thread drives one client.
 */
public final class SecAggClient {
    private enum State { NEW, ADVERTISED, SHARED, MASKED, UNMASKED, DONE, FAILED }

    private final SecAggConfig cfg;
    private final int id;
    private final long[] input;
    private final SecureRandom random;
    private State state = State.NEW;

    private KeyPair cKeys;
    private KeyPair sKeys;
    private int[] u1;
    private PublicKey[] cPk; // indexed by client id (null if not in U1)
    private PublicKey[] sPk;
    private ShamirShare ownSkShare;
    private ShamirShare ownBShare;
    private byte[] bSeed;
    private int[] u2others;
    private byte[][] boxes; // boxes[j]: ciphertext from u2others[j]
    private int included;

    /**
     * @param config the round's public parameters
     * @param id this client's id in {@code [1, config.clients()]}
     * @param input the vector to sum: {@code config.dimension()} elements in {@code [0, 2^k)} (use {@link
     *     FixedPointCodec} for real numbers); copied
     * @param random the source of keys, seeds and nonces: a {@link SecureRandom} (a seeded one only in tests)
     */
    public SecAggClient(SecAggConfig config, int id, long[] input, SecureRandom random) {
        this.cfg = config;
        if (id < 1 || id > config.clients()) {
            throw new IllegalArgumentException("client id must be in [1, " + config.clients() + "]. Provided value: " + id);
        }
        if (input.length != config.dimension()) {
            throw new IllegalArgumentException("input length must equal the dimension " + config.dimension()
                    + ". Provided length: " + input.length);
        }
        long mask = config.mask();
        for (int i = 0; i < input.length; i++) {
            if ((input[i] & ~mask) != 0) {
                throw new IllegalArgumentException("input element " + i + " must be in [0, 2^" + config.bits()
                        + "). Provided value: " + Long.toUnsignedString(input[i]));
            }
        }
        this.id = id;
        this.input = input.clone();
        this.random = random;
    }

    public int id() {
        return id;
    }

    /** True once the server announced the sum (or the round failed). */
    public boolean isDone() {
        return state == State.DONE || state == State.FAILED;
    }

    /** After completion: how many clients' inputs the server's sum contains. */
    public int includedClients() {
        if (state != State.DONE) {
            throw new IllegalStateException("the round is not complete (state " + state + ")");
        }
        return included;
    }

    /** Round 0: the client's two public keys. Call once, first. */
    public byte[] advertiseKeys() {
        expect(State.NEW, "advertiseKeys");
        cKeys = SecAggCrypto.generateKeyPair(random);
        sKeys = SecAggCrypto.generateKeyPair(random);
        state = State.ADVERTISED;
        return new Wire.Writer(1 + 4 + 64).u8(Wire.ADVERTISE).i32(id)
                .bytes(SecAggCrypto.publicBytes(cKeys.getPublic())).bytes(SecAggCrypto.publicBytes(sKeys.getPublic()))
                .toBytes();
    }

    /**
     * Handles one server message and returns the reply to send, or {@code null} when the round is complete
     * (the server's final notice). Throws {@link SecAggAbortedException} when the server aborted the round,
     * {@link MpcException} (peer 0) when its message is malformed or inconsistent.
     */
    public byte[] respond(byte[] serverMessage) {
        if (isDone()) {
            throw new IllegalStateException("client " + id + ": the round is over (state " + state + ")");
        }
        if (state == State.NEW) {
            throw new IllegalStateException("client " + id + ": call advertiseKeys() first");
        }
        try {
            if (serverMessage.length == 0) {
                throw new IllegalArgumentException("empty message");
            }
            byte type = serverMessage[0];
            if (type == Wire.ABORT) {
                Wire.Reader r = new Wire.Reader(serverMessage, "abort notice");
                r.u8();
                String reason = r.utf8();
                state = State.FAILED;
                throw new SecAggAbortedException(0, "client " + id + ": the server aborted the round: " + reason);
            }
            byte expected = switch (state) {
                case ADVERTISED -> Wire.KEYS;
                case SHARED -> Wire.CIPHERTEXTS;
                case MASKED -> Wire.SURVIVORS;
                case UNMASKED -> Wire.DONE;
                default -> throw new AssertionError("internal invariant: state " + state);
            };
            if (type != expected) {
                throw new IllegalArgumentException("expected the server's " + Wire.typeName(expected) + ", got "
                        + Wire.typeName(type));
            }
            return switch (state) {
                case ADVERTISED -> shareKeys(serverMessage);
                case SHARED -> maskedInput(serverMessage);
                case MASKED -> unmask(serverMessage);
                case UNMASKED -> finish(serverMessage);
                default -> throw new AssertionError("internal invariant: state " + state);
            };
        } catch (SecAggAbortedException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            state = State.FAILED;
            throw new MpcException(0, "client " + id + ": bad message from the server: " + e.getMessage(), e);
        }
    }

    private byte[] shareKeys(byte[] msg) {
        Wire.Reader r = new Wire.Reader(msg, "key list");
        r.u8();
        int n = cfg.clients();
        SecAggGraph graph = cfg.completeGraph() ? null : SecAggGraph.harary(n, cfg.degree(), r.bytes(32));
        int count = r.i32("number of clients with keys", cfg.threshold(), Math.min(n, cfg.degree() + 1));
        u1 = new int[count];
        cPk = new PublicKey[n + 1];
        sPk = new PublicKey[n + 1];
        Set<java.nio.ByteBuffer> seen = new HashSet<>();
        boolean self = false;
        byte[] myC = SecAggCrypto.publicBytes(cKeys.getPublic());
        byte[] myS = SecAggCrypto.publicBytes(sKeys.getPublic());
        for (int i = 0; i < count; i++) {
            int v = r.i32("client id", i == 0 ? 1 : u1[i - 1] + 1, n);
            if (graph != null && v != id && !graph.adjacent(id, v)) {
                throw new IllegalArgumentException("client " + v + " is not a neighbour of this client on the round's graph");
            }
            u1[i] = v;
            byte[] c = r.bytes(32);
            byte[] s = r.bytes(32);
            if (!seen.add(java.nio.ByteBuffer.wrap(c)) || !seen.add(java.nio.ByteBuffer.wrap(s))) {
                throw new IllegalArgumentException("a public key appears twice in the key list (client " + v + ")");
            }
            if (v == id) {
                if (!Arrays.equals(c, myC) || !Arrays.equals(s, myS)) {
                    throw new IllegalArgumentException("the key list carries other keys for this client");
                }
                self = true;
            }
            cPk[v] = SecAggCrypto.publicKey(c);
            sPk[v] = SecAggCrypto.publicKey(s);
        }
        r.end();
        if (!self) {
            throw new IllegalArgumentException("the key list does not contain this client");
        }
        bSeed = new byte[32];
        random.nextBytes(bSeed);
        long[] xs = new long[count];
        for (int i = 0; i < count; i++) {
            xs[i] = u1[i];
        }
        ShamirSharing sharing = new ShamirSharing(cfg.threshold());
        byte[] skBytes = SecAggCrypto.privateBytes(sKeys.getPrivate());
        ShamirShare[] skShares = sharing.split(skBytes, xs, random);
        ShamirShare[] bShares = sharing.split(bSeed, xs, random);
        Arrays.fill(skBytes, (byte) 0);
        Wire.Writer w = new Wire.Writer(9 + (count - 1) * (8 + 104 + 8 + 28 + 12));
        w.u8(Wire.SHARES).i32(id).i32(count - 1);
        PrivateKey cSk = cKeys.getPrivate();
        for (int i = 0; i < count; i++) {
            int v = u1[i];
            if (v == id) {
                ownSkShare = skShares[i];
                ownBShare = bShares[i];
                continue;
            }
            byte[] key = SecAggCrypto.deriveKey(SecAggCrypto.agree(cSk, cPk[v]), SecAggCrypto.LABEL_ENC, id, v);
            byte[] pt = new Wire.Writer(8 + 104).i32(id).i32(v).bytes(skShares[i].toBytes())
                    .bytes(bShares[i].toBytes()).toBytes();
            byte[] box = SecAggCrypto.encrypt(key, aad(id, v), pt, random);
            Arrays.fill(pt, (byte) 0);
            Arrays.fill(key, (byte) 0);
            w.i32(v).lenBytes(box);
        }
        state = State.SHARED;
        return w.toBytes();
    }

    private byte[] maskedInput(byte[] msg) {
        Wire.Reader r = new Wire.Reader(msg, "share ciphertexts");
        r.u8();
        int count = r.i32("number of ciphertexts", cfg.threshold() - 1, u1.length - 1);
        u2others = new int[count];
        boxes = new byte[count][];
        for (int i = 0; i < count; i++) {
            int u = r.i32("sender id", i == 0 ? 1 : u2others[i - 1] + 1, cfg.clients());
            if (u == id || cPk[u] == null) {
                throw new IllegalArgumentException("ciphertext from client " + u
                        + ", which is this client or did not advertise keys");
            }
            u2others[i] = u;
            boxes[i] = r.lenBytes(1 << 12);
        }
        r.end();
        byte[][] seeds = new byte[count + 1][];
        int[] signs = new int[count + 1];
        seeds[0] = bSeed;
        signs[0] = 1;
        PrivateKey sSk = sKeys.getPrivate();
        for (int i = 0; i < count; i++) {
            int v = u2others[i];
            seeds[i + 1] = SecAggCrypto.deriveKey(SecAggCrypto.agree(sSk, sPk[v]), SecAggCrypto.LABEL_MASK, id, v);
            signs[i + 1] = id < v ? 1 : -1;
        }
        long[] y = input.clone();
        MaskPrg.addAll(y, seeds, signs, cfg.bits());
        long mask = cfg.mask();
        for (int i = 0; i < y.length; i++) {
            y[i] &= mask;
        }
        for (int i = 1; i < seeds.length; i++) {
            Arrays.fill(seeds[i], (byte) 0);
        }
        state = State.MASKED;
        int eb = cfg.elementBytes();
        return new Wire.Writer(9 + y.length * eb).u8(Wire.MASKED).i32(id).i32(y.length).packed(y, eb).toBytes();
    }

    private byte[] unmask(byte[] msg) {
        Wire.Reader r = new Wire.Reader(msg, "survivor list");
        r.u8();
        int count = r.i32("number of survivors", cfg.threshold(), u2others.length + 1);
        int[] u3 = new int[count];
        boolean self = false;
        for (int i = 0; i < count; i++) {
            u3[i] = r.i32("survivor id", i == 0 ? 1 : u3[i - 1] + 1, cfg.clients());
            if (u3[i] == id) {
                self = true;
            } else if (Arrays.binarySearch(u2others, u3[i]) < 0) {
                throw new IllegalArgumentException("survivor " + u3[i] + " did not share keys with this client");
            }
        }
        r.end();
        if (!self) {
            throw new IllegalArgumentException("the survivor list does not contain this client");
        }
        Wire.Writer w = new Wire.Writer(9 + (u2others.length + 1) * 61);
        w.u8(Wire.UNMASK).i32(id).i32(u2others.length + 1);
        PrivateKey cSk = cKeys.getPrivate();
        boolean ownWritten = false;
        for (int i = 0; i < u2others.length; i++) {
            int u = u2others[i];
            if (!ownWritten && id < u) {
                w.i32(id).u8(1).bytes(ownBShare.toBytes());
                ownWritten = true;
            }
            byte[] key = SecAggCrypto.deriveKey(SecAggCrypto.agree(cSk, cPk[u]), SecAggCrypto.LABEL_ENC, u, id);
            byte[] pt = SecAggCrypto.decrypt(key, aad(u, id), boxes[i]);
            Wire.Reader p = new Wire.Reader(pt, "shares from client " + u);
            int from = p.i32();
            int to = p.i32();
            if (from != u || to != id) {
                throw new IllegalArgumentException("the ciphertext from client " + u + " carries shares from " + from
                        + " to " + to);
            }
            byte[] sk = p.bytes(ownSkShare.encodedLength());
            byte[] b = p.bytes(ownBShare.encodedLength());
            p.end();
            boolean alive = Arrays.binarySearch(u3, u) >= 0;
            ShamirShare share = ShamirShare.fromBytes(alive ? b : sk);
            if (share.x() != id) {
                throw new IllegalArgumentException("client " + u + " sent a share for x=" + share.x());
            }
            w.i32(u).u8(alive ? 1 : 0).bytes(share.toBytes());
            Arrays.fill(pt, (byte) 0);
        }
        if (!ownWritten) {
            w.i32(id).u8(1).bytes(ownBShare.toBytes());
        }
        state = State.UNMASKED;
        return w.toBytes();
    }

    private byte[] finish(byte[] msg) {
        Wire.Reader r = new Wire.Reader(msg, "done notice");
        r.u8();
        included = r.i32("included clients", cfg.threshold(), cfg.clients());
        r.end();
        state = State.DONE;
        return null;
    }

    static byte[] aad(int from, int to) {
        return new Wire.Writer(12).u8('s').u8('k').u8('s').u8('h').i32(from).i32(to).toBytes();
    }

    private void expect(State s, String what) {
        if (state != s) {
            throw new IllegalStateException("client " + id + ": " + what + " called in state " + state);
        }
    }
}

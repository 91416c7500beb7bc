package org.privet.mpc.secagg;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.privet.mpc.shamir.ShamirShare;
import org.privet.mpc.shamir.ShamirSharing;

/**
 * The server of a secure-aggregation round (Bonawitz et al., CCS 2017, figure 4, honest-but-curious
 * variant without the consistency-check round): it learns the sum of the surviving clients' vectors mod
 * {@code 2^k} and nothing else about any single input. Transport-independent: in each phase hand it every
 * client message with {@link #receive(int, byte[])}, then call {@link #advance()} at the round's deadline
 * and deliver the messages it returns. Clients whose message did not arrive by then are dropped; that is
 * how dropouts at every round boundary are handled, down to {@code threshold} clients.
 *
 * <p>A malformed message (wrong type, length, dimension, an element outside {@code [0, 2^k)}, a share
 * list that does not match the round) rejects that client only, with the reason kept in {@link
 * SecAggResult#excluded()}; the round goes on without it. When fewer than {@code threshold} clients remain at
 * a boundary {@link #advance()} throws {@link SecAggAbortedException}: the server has then learned nothing
 * (no sum can be unmasked), and says so. Reconstructed secrets are checked (the masking key against the
 * advertised public key; every self-mask seed against one share beyond the threshold when there is one);
 * an inconsistent one aborts the round instead of returning a wrong sum.
 *
 * <p>With SecAgg+ parameters ({@link SecAggConfig#neighbourhood()}, Bell et al. 2020) the server draws a
 * fresh 32-byte graph seed from its {@link SecureRandom}, sends it with the key lists, and every client masks
 * and shares only within its neighbourhood on the resulting random {@code k}-regular graph ({@link
 * SecAggGraph}); each client then receives only its neighbourhood's keys, ciphertexts and survivors, and the
 * threshold holds per neighbourhood: at every boundary each client whose secrets may be needed must keep at
 * least {@code t} live share holders among its neighbourhood, else the round aborts (nothing can be unmasked).
 *
 * <p>Unmasking costs {@code |U3| + sum_{u in U2 \ U3} |N(u) ∩ U3|} PRG expansions of {@code d} elements
 * ({@code |U2 \ U3| * |U3| + |U3|} for the complete graph); they run on the common fork-join pool. Not
 * thread-safe: one thread drives the server.
 */
public final class SecAggServer {
    private static final int SHARE_BYTES = 12 + 8 * ShamirSharing.chunks(32);

    private final SecAggConfig cfg;
    private final SecAggGraph graph;
    private final byte[] graphSeed;
    private SecAggPhase phase = SecAggPhase.ADVERTISE_KEYS;
    private boolean aborted;
    private final Map<Integer, String> excluded = new TreeMap<>();

    private final TreeMap<Integer, byte[][]> keys = new TreeMap<>(); // id -> {c_pk, s_pk}
    private int[] u1;
    private final TreeMap<Integer, byte[][]> boxes = new TreeMap<>(); // id -> ciphertext per recipient (null for self)
    private final java.util.HashMap<Integer, int[]> recipients = new java.util.HashMap<>(); // id -> its group within U1
    private int[] u2;
    private final Set<Integer> masked = new HashSet<>();
    private final long[] acc;
    private long[] scratch;
    private int[] u3;
    private final TreeMap<Integer, ShamirShare[]> unmaskShares = new TreeMap<>(); // responder -> share per U2 ∩ group
    private int[] u5;
    private long[] sum;
    private long bytesReceived;
    private long bytesSent;

    /** A server that draws its SecAgg+ graph seed (if any) from a fresh {@link SecureRandom}. */
    public SecAggServer(SecAggConfig config) {
        this(config, new SecureRandom());
    }

    /** A server that draws its SecAgg+ graph seed (if any) from {@code random}. */
    public SecAggServer(SecAggConfig config, SecureRandom random) {
        this(config, drawSeed(config, random));
    }

    /**
     * A server with a given SecAgg+ graph seed (32 bytes; ignored, and may be null, for the complete graph).
     * The seed must be fresh and unpredictable to the clients until their keys are in; its one other use is
     * replaying a recorded round ({@link #graphSeed()}), as the benchmarks do.
     */
    public SecAggServer(SecAggConfig config, byte[] graphSeed) {
        this.cfg = config;
        this.acc = new long[config.dimension()];
        if (config.completeGraph()) {
            this.graphSeed = null;
            this.graph = SecAggGraph.complete(config.clients());
        } else {
            if (graphSeed == null) {
                throw new IllegalArgumentException("a SecAgg+ round needs a 32-byte graph seed. Provided: null");
            }
            this.graphSeed = graphSeed.clone();
            this.graph = SecAggGraph.harary(config.clients(), config.degree(), this.graphSeed);
        }
    }

    private static byte[] drawSeed(SecAggConfig config, SecureRandom random) {
        if (config.completeGraph()) {
            return null;
        }
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        return seed;
    }

    /** The masking and sharing graph of this round. */
    public SecAggGraph graph() {
        return graph;
    }

    /** The SecAgg+ graph seed ({@code null} for the complete graph). */
    public byte[] graphSeed() {
        return graphSeed == null ? null : graphSeed.clone();
    }

    public SecAggConfig config() {
        return cfg;
    }

    /** The phase whose client messages {@link #receive} accepts now. */
    public SecAggPhase phase() {
        return phase;
    }

    /**
     * Takes one client's message for the current phase. Returns true when accepted; false when rejected (the
     * client is excluded from the round, the reason kept) or when the client is already out of the round.
     */
    public boolean receive(int client, byte[] message) {
        if (aborted || phase == SecAggPhase.DONE) {
            throw new IllegalStateException("receive: the round is " + (aborted ? "aborted" : "complete"));
        }
        if (client < 1 || client > cfg.clients()) {
            throw new IllegalArgumentException("client id must be in [1, " + cfg.clients() + "]. Provided value: " + client);
        }
        bytesReceived += message.length;
        if (excluded.containsKey(client)) {
            return false;
        }
        try {
            switch (phase) {
                case ADVERTISE_KEYS -> onAdvertise(client, message);
                case SHARE_KEYS -> onShares(client, message);
                case MASKED_INPUT_COLLECTION -> onMasked(client, message);
                case UNMASKING -> onUnmask(client, message);
                default -> throw new AssertionError("internal invariant: phase " + phase);
            }
            return true;
        } catch (IllegalArgumentException e) {
            excluded.put(client, "rejected in " + phase + ": " + e.getMessage());
            return false;
        }
    }

    private Wire.Reader header(int client, byte[] m, byte type) {
        Wire.Reader r = new Wire.Reader(m, Wire.typeName(type) + " message of client " + client);
        int t = r.u8();
        if (t != type) {
            throw new IllegalArgumentException("expected a " + Wire.typeName(type) + " message, got "
                    + Wire.typeName((byte) t));
        }
        int claimed = r.i32();
        if (claimed != client) {
            throw new IllegalArgumentException("message claims to be from client " + claimed);
        }
        return r;
    }

    private void onAdvertise(int client, byte[] m) {
        if (keys.containsKey(client)) {
            throw new IllegalArgumentException("second AdvertiseKeys message");
        }
        Wire.Reader r = header(client, m, Wire.ADVERTISE);
        byte[] c = r.bytes(32);
        byte[] s = r.bytes(32);
        r.end();
        SecAggCrypto.publicKey(c);
        SecAggCrypto.publicKey(s);
        if (Arrays.equals(c, s)) {
            throw new IllegalArgumentException("the encryption and masking public keys are equal");
        }
        keys.put(client, new byte[][] {c, s});
    }

    private void onShares(int client, byte[] m) {
        if (Arrays.binarySearch(u1, client) < 0) {
            throw new IllegalArgumentException("client did not advertise keys");
        }
        if (boxes.containsKey(client)) {
            throw new IllegalArgumentException("second ShareKeys message");
        }
        Wire.Reader r = header(client, m, Wire.SHARES);
        int[] to1 = graph.groupWithin(client, u1);
        r.i32("number of ciphertexts", to1.length - 1, to1.length - 1);
        byte[][] b = new byte[to1.length][];
        for (int i = 0; i < to1.length; i++) {
            if (to1[i] == client) {
                continue;
            }
            int to = r.i32();
            if (to != to1[i]) {
                throw new IllegalArgumentException("ciphertexts must be addressed to the advertised "
                        + (graph.isComplete() ? "clients" : "neighbours") + " in order: expected recipient " + to1[i]
                        + ", got " + to);
            }
            b[i] = r.lenBytes(1 << 12);
        }
        r.end();
        boxes.put(client, b);
        recipients.put(client, to1);
    }

    private void onMasked(int client, byte[] m) {
        if (Arrays.binarySearch(u2, client) < 0) {
            throw new IllegalArgumentException("client did not share keys");
        }
        if (masked.contains(client)) {
            throw new IllegalArgumentException("second masked input");
        }
        Wire.Reader r = header(client, m, Wire.MASKED);
        int d = r.i32();
        if (d != cfg.dimension()) {
            throw new IllegalArgumentException("wrong vector length: " + d + " elements, the round's dimension is "
                    + cfg.dimension());
        }
        if (scratch == null) {
            scratch = new long[d];
        }
        r.packedInto(scratch, cfg.elementBytes(), cfg.mask());
        r.end();
        for (int i = 0; i < d; i++) {
            acc[i] += scratch[i];
        }
        masked.add(client);
    }

    private void onUnmask(int client, byte[] m) {
        if (Arrays.binarySearch(u3, client) < 0) {
            throw new IllegalArgumentException("client is not a survivor of MaskedInputCollection");
        }
        if (unmaskShares.containsKey(client)) {
            throw new IllegalArgumentException("second Unmasking message");
        }
        Wire.Reader r = header(client, m, Wire.UNMASK);
        int[] owners = graph.groupWithin(client, u2);
        r.i32("number of shares", owners.length, owners.length);
        ShamirShare[] shares = new ShamirShare[owners.length];
        for (int i = 0; i < owners.length; i++) {
            int owner = r.i32();
            if (owner != owners[i]) {
                throw new IllegalArgumentException("shares must be for the clients of ShareKeys in order: expected "
                        + owners[i] + ", got " + owner);
            }
            int kind = r.u8();
            int want = Arrays.binarySearch(u3, owner) >= 0 ? 1 : 0;
            if (kind != want) {
                throw new IllegalArgumentException("for client " + owner + " the server needs the share of its "
                        + (want == 1 ? "self-mask seed (it survived)" : "masking key (it dropped)"));
            }
            ShamirShare s = ShamirShare.fromBytes(r.bytes(SHARE_BYTES));
            if (s.x() != client || s.secretLength() != 32) {
                throw new IllegalArgumentException("share for client " + owner + " has x=" + s.x() + " and a "
                        + s.secretLength() + "-byte secret; expected x=" + client + " and 32 bytes");
            }
            shares[i] = s;
        }
        r.end();
        unmaskShares.put(client, shares);
    }

    /**
     * Closes the current phase: clients that sent nothing valid are dropped. Returns the message for each
     * client still in the round (client id to bytes), to be delivered before the next phase; after
     * UNMASKING the sum is ready ({@link #result()}) and the messages are the final notices. Throws {@link
     * SecAggAbortedException} when fewer than {@code threshold} clients remain.
     */
    public Map<Integer, byte[]> advance() {
        if (aborted || phase == SecAggPhase.DONE) {
            throw new IllegalStateException("advance: the round is " + (aborted ? "aborted" : "complete"));
        }
        Map<Integer, byte[]> out;
        switch (phase) {
            case ADVERTISE_KEYS -> {
                u1 = ids(keys.keySet(), "AdvertiseKeys", null);
                checkThreshold(u1.length, "AdvertiseKeys", "sent valid public keys");
                checkGroups(u1, u1, "AdvertiseKeys");
                out = new LinkedHashMap<>();
                byte[] msg = graph.isComplete() ? keyList(u1, null) : null;
                for (int v : u1) {
                    out.put(v, msg != null ? msg : keyList(graph.groupWithin(v, u1), graphSeed));
                }
                phase = SecAggPhase.SHARE_KEYS;
            }
            case SHARE_KEYS -> {
                u2 = ids(boxes.keySet(), "ShareKeys", u1);
                checkThreshold(u2.length, "ShareKeys", "sent their encrypted key shares");
                checkGroups(u2, u2, "ShareKeys");
                out = new LinkedHashMap<>();
                for (int v : u2) {
                    int[] from = graph.groupWithin(v, u2);
                    Wire.Writer w = new Wire.Writer(5 + (from.length - 1) * 180).u8(Wire.CIPHERTEXTS).i32(from.length - 1);
                    for (int u : from) {
                        if (u != v) {
                            int vi = Arrays.binarySearch(recipients.get(u), v);
                            w.i32(u).lenBytes(boxes.get(u)[vi]);
                        }
                    }
                    out.put(v, w.toBytes());
                }
                boxes.clear();
                recipients.clear();
                phase = SecAggPhase.MASKED_INPUT_COLLECTION;
            }
            case MASKED_INPUT_COLLECTION -> {
                u3 = ids(masked, "MaskedInputCollection", u2);
                scratch = null;
                checkThreshold(u3.length, "MaskedInputCollection", "sent a valid masked input");
                checkGroups(u2, u3, "MaskedInputCollection");
                byte[] msg = graph.isComplete() ? idList(u3) : null;
                out = new LinkedHashMap<>();
                for (int v : u3) {
                    out.put(v, msg != null ? msg : idList(graph.groupWithin(v, u3)));
                }
                phase = SecAggPhase.UNMASKING;
            }
            case UNMASKING -> {
                u5 = ids(unmaskShares.keySet(), "Unmasking", u3);
                checkThreshold(u5.length, "Unmasking", "sent their unmasking shares");
                checkGroups(u2, u5, "Unmasking");
                unmask();
                byte[] msg = new Wire.Writer(5).u8(Wire.DONE).i32(u3.length).toBytes();
                out = new LinkedHashMap<>();
                for (int v : u5) {
                    out.put(v, msg);
                }
                phase = SecAggPhase.DONE;
            }
            default -> throw new AssertionError("internal invariant: phase " + phase);
        }
        for (byte[] m : out.values()) {
            bytesSent += m.length;
        }
        return out;
    }

    /** The ids in {@code got}, and marks every member of {@code previous} (or every client) not in it as dropped. */
    private int[] ids(Set<Integer> got, String round, int[] previous) {
        int[] all = previous != null ? previous : IntStream.rangeClosed(1, cfg.clients()).toArray();
        List<Integer> in = new ArrayList<>();
        for (int v : all) {
            if (got.contains(v) && !excluded.containsKey(v)) {
                in.add(v);
            } else if (!excluded.containsKey(v)) {
                excluded.put(v, "dropped: no " + round + " message");
            }
        }
        return in.stream().mapToInt(Integer::intValue).toArray();
    }

    private static byte[] idList(int[] ids) {
        Wire.Writer w = new Wire.Writer(5 + 4 * ids.length).u8(Wire.SURVIVORS).i32(ids.length);
        for (int v : ids) {
            w.i32(v);
        }
        return w.toBytes();
    }

    private byte[] keyList(int[] ids, byte[] seed) {
        Wire.Writer w = new Wire.Writer(5 + (seed == null ? 0 : 32) + ids.length * 68).u8(Wire.KEYS);
        if (seed != null) {
            w.bytes(seed);
        }
        w.i32(ids.length);
        for (int v : ids) {
            w.i32(v).bytes(keys.get(v)[0]).bytes(keys.get(v)[1]);
        }
        return w.toBytes();
    }

    /**
     * SecAgg+: every owner in {@code owners} must keep at least {@code t} share holders among {@code alive}
     * in its neighbourhood (its own share counts only while it is alive itself).
     */
    private void checkGroups(int[] owners, int[] alive, String round) {
        if (graph.isComplete()) {
            return;
        }
        for (int u : owners) {
            int holders = graph.groupWithin(u, alive).length;
            if (holders < cfg.threshold()) {
                aborted = true;
                throw new SecAggAbortedException("round aborted at " + round + ": client " + u + " has only " + holders
                        + " live share holders in its neighbourhood of " + (cfg.degree() + 1) + ", below the threshold "
                        + cfg.threshold() + "; no sum can be unmasked and the server has learned nothing about any input");
            }
        }
    }

    private void checkThreshold(int alive, String round, String what) {
        if (alive < cfg.threshold()) {
            aborted = true;
            throw new SecAggAbortedException("round aborted at " + round + ": only " + alive + " of " + cfg.clients()
                    + " clients " + what + ", below the threshold " + cfg.threshold() + "; no sum can be unmasked and"
                    + " the server has learned nothing about any input");
        }
    }

    private void unmask() {
        int t = cfg.threshold();
        Map<Integer, int[]> ownersOf = new java.util.HashMap<>();
        for (int r : u5) {
            ownersOf.put(r, graph.groupWithin(r, u2));
        }
        // complete graph: every owner's shares come from the same first t responders: one set of coefficients
        Lagrange shared = graph.isComplete() ? new Lagrange(Arrays.copyOf(u5, Math.min(u5.length, t + 1)), t) : null;
        int[] dropped = Arrays.stream(u2).filter(u -> Arrays.binarySearch(u3, u) < 0).toArray();
        byte[][][] pairSeeds = new byte[dropped.length][][];
        int[][] pairPeers = new int[dropped.length][];
        List<RuntimeException> problems = new ArrayList<>();
        // pairwise masks of clients that dropped after ShareKeys: reconstruct s_sk_u, re-derive s_uv for v in N(u) ∩ U3
        IntStream.range(0, dropped.length).parallel().forEach(k -> {
            int u = dropped[k];
            try {
                byte[] sk = reconstruct(u, ownersOf, shared, "masking key");
                byte[][] spk = keys.get(u);
                if (!Arrays.equals(SecAggCrypto.publicOf(sk), spk[1])) {
                    throw new SecAggAbortedException("round aborted at Unmasking: the shares of client " + u
                            + "'s masking key reconstruct a key that does not match its advertised public key"
                            + " (a wrong or tampered share); no sum is returned");
                }
                PrivateKey key = SecAggCrypto.privateKey(sk);
                Arrays.fill(sk, (byte) 0);
                int[] peers = graph.groupWithin(u, u3); // u itself is not in U3
                byte[][] seeds = new byte[peers.length][];
                for (int j = 0; j < peers.length; j++) {
                    int v = peers[j];
                    PublicKey pv = SecAggCrypto.publicKey(keys.get(v)[1]);
                    seeds[j] = SecAggCrypto.deriveKey(SecAggCrypto.agree(key, pv), SecAggCrypto.LABEL_MASK, u, v);
                }
                pairSeeds[k] = seeds;
                pairPeers[k] = peers;
            } catch (RuntimeException e) {
                synchronized (problems) {
                    problems.add(e);
                }
            }
        });
        if (!problems.isEmpty()) {
            aborted = true;
            throw problems.get(0);
        }
        int total = u3.length;
        for (int[] p : pairPeers) {
            total += p.length;
        }
        byte[][] seeds = new byte[total][];
        int[] signs = new int[total];
        int s = 0;
        for (int v : u3) {
            seeds[s] = reconstruct(v, ownersOf, shared, "self-mask seed");
            signs[s++] = -1;
        }
        for (int k = 0; k < dropped.length; k++) {
            int u = dropped[k];
            for (int j = 0; j < pairPeers[k].length; j++) {
                // survivor v added sign(v, u) * PRG(s_uv) with sign +1 iff v < u; remove it
                seeds[s] = pairSeeds[k][j];
                signs[s++] = pairPeers[k][j] < u ? -1 : 1;
            }
        }
        long[] result = acc.clone();
        MaskPrg.addAll(result, seeds, signs, cfg.bits());
        long mask = cfg.mask();
        for (int i = 0; i < result.length; i++) {
            result[i] &= mask;
        }
        sum = result;
    }

    /** Lagrange coefficients at 0 for the first {@code t} responders, and at the {@code (t+1)}-th if there is one. */
    private static final class Lagrange {
        final int[] responders;
        final long[] atZero;
        final long[] atCheck;

        Lagrange(int[] responders, int t) {
            this.responders = responders;
            long[] xs = new long[t];
            for (int i = 0; i < t; i++) {
                xs[i] = responders[i];
            }
            atZero = ShamirSharing.lagrangeAtZero(xs);
            atCheck = responders.length > t ? ShamirSharing.lagrangeAt(xs, responders[t]) : null;
        }
    }

    /** Reconstructs owner's secret from the first t (+1 to check) responders holding its shares. */
    private byte[] reconstruct(int owner, Map<Integer, int[]> ownersOf, Lagrange shared, String what) {
        int t = cfg.threshold();
        Lagrange l = shared;
        if (l == null) {
            int[] holders = graph.groupWithin(owner, u5);
            l = new Lagrange(Arrays.copyOf(holders, Math.min(holders.length, t + 1)), t);
        }
        ShamirShare[] shares = new ShamirShare[t];
        for (int i = 0; i < t; i++) {
            shares[i] = shareOf(l.responders[i], owner, ownersOf);
        }
        byte[] secret;
        try {
            secret = ShamirSharing.combine(shares, l.atZero);
            if (l.atCheck != null && !ShamirSharing.consistent(shares, l.atCheck, shareOf(l.responders[t], owner, ownersOf))) {
                throw new IllegalArgumentException("one more share does not lie on the same polynomial");
            }
        } catch (IllegalArgumentException e) {
            aborted = true;
            throw new SecAggAbortedException("round aborted at Unmasking: the shares of client " + owner + "'s " + what
                    + " are inconsistent (" + e.getMessage() + "); no sum is returned");
        }
        return secret;
    }

    private ShamirShare shareOf(int responder, int owner, Map<Integer, int[]> ownersOf) {
        int i = Arrays.binarySearch(ownersOf.get(responder), owner);
        if (i < 0) {
            throw new AssertionError("internal invariant: responder " + responder + " holds no share of " + owner);
        }
        return unmaskShares.get(responder)[i];
    }

    /** The outcome; only after the UNMASKING phase was advanced. */
    public SecAggResult result() {
        if (phase != SecAggPhase.DONE) {
            throw new IllegalStateException("result: the round is " + (aborted ? "aborted" : "in phase " + phase));
        }
        return new SecAggResult(sum.clone(), u3.clone(), java.util.Collections.unmodifiableMap(new TreeMap<>(excluded)),
                new int[] {u1.length, u2.length, u3.length, u5.length}, bytesReceived, bytesSent);
    }

    /** Ids of clients still in the round (the last completed phase's survivors, or all clients before any). */
    public int[] activeClients() {
        int[] cur = u5 != null ? u5 : u3 != null ? u3 : u2 != null ? u2 : u1;
        if (cur == null) {
            cur = IntStream.rangeClosed(1, cfg.clients()).filter(v -> !excluded.containsKey(v)).toArray();
        }
        return cur.clone();
    }

    /** The notice that tells a client the round was aborted, carrying the reason. */
    public static byte[] abortMessage(String reason) {
        return new Wire.Writer(8 + reason.length()).u8(Wire.ABORT).utf8(reason).toBytes();
    }

    /** Bytes received so far. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** Bytes of the messages returned by {@link #advance()} so far. */
    public long bytesSent() {
        return bytesSent;
    }
}

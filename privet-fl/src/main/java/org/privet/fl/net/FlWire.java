package org.privet.fl.net;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The wire format of networked federated learning, version {@value #VERSION}. Every message is one frame
 * ({@link FlConnection}: a 4-byte big-endian length, then the payload); a payload starts with the magic
 * {@code "PVFL"} (4 bytes), the version byte and a type byte, then the type's fields, big-endian:
 *
 * <table>
 * <caption>Messages</caption>
 * <tr><th>type</th><th>direction</th><th>fields</th></tr>
 * <tr><td>1 HELLO</td><td>client to server</td><td>int clientId</td></tr>
 * <tr><td>2 WELCOME</td><td>server to client</td><td>int dimension, int rounds, UTF-8 model spec, UTF-8 aggregation
 *     mode (each text: int length + bytes)</td></tr>
 * <tr><td>3 TRAIN</td><td>server to client</td><td>int round, 16-byte nonce, int secure-aggregation clients m
 *     (0 = plain update), int this client's secure-aggregation id in 1..m (0 when m = 0), int d, d floats (the global
 *     model)</td></tr>
 * <tr><td>4 UPDATE</td><td>client to server</td><td>int round, 16-byte nonce, int clientId, int examples, int d,
 *     d floats (local minus global)</td></tr>
 * <tr><td>5 DONE</td><td>server to client</td><td>int rounds run, int d, d floats (the final model)</td></tr>
 * <tr><td>6 ERROR</td><td>either</td><td>UTF-8 reason (int length + bytes)</td></tr>
 * <tr><td>7 SECAGG</td><td>either</td><td>int round, int n, n bytes: one message of privet-mpc's secure
 *     aggregation protocol (Bonawitz et al. 2017), carried on the same connection</td></tr>
 * </table>
 *
 * The nonce is drawn by the server from SecureRandom per client and round; an update must echo the nonce
 * of the TRAIN message it answers, so an update recorded in one round or run cannot be replayed in another.
 * Floats travel as their IEEE-754 bits, so a model crosses the network exactly. {@link #decode} checks the
 * magic, version, type, every length against the bytes present and that no byte is left over: a malformed
 * payload throws {@link FlProtocolException} naming the field. Stateless and thread-safe.
 */
public final class FlWire {
    /** Wire format version carried in every message. */
    public static final int VERSION = 1;
    /** "PVFL". */
    public static final int MAGIC = 0x50564C46;
    /** Length of the per-round nonce in bytes. */
    public static final int NONCE_BYTES = 16;
    private static final int HEADER = 6;
    private static final int MAX_TEXT = 1 << 16;

    public static final byte HELLO = 1;
    public static final byte WELCOME = 2;
    public static final byte TRAIN = 3;
    public static final byte UPDATE = 4;
    public static final byte DONE = 5;
    public static final byte ERROR = 6;
    public static final byte SECAGG = 7;

    private FlWire() {
    }

    /** A decoded message; fields a type does not carry are 0, null or empty. */
    public sealed interface Message permits Hello, Welcome, Train, Update, Done, ErrorMessage, SecAgg {
    }

    /** HELLO: the client's claimed id (the server checks it against the authenticated certificate). */
    public record Hello(int clientId) implements Message {
    }

    /**
     * WELCOME: the server's model dimension, its number of rounds, the model's architecture and how updates are
     * aggregated ({@code "plain"}, {@code "secure"} or the distributed-DP mechanism's description), which the
     * client must match.
     */
    public record Welcome(int dimension, int rounds, String modelSpec, String aggregation) implements Message {
    }

    /**
     * TRAIN: train from {@code global} for round {@code round} and echo {@code nonce}; with {@code
     * secAggClients > 0} return the update through secure aggregation as party {@code secAggId}.
     */
    public record Train(int round, byte[] nonce, int secAggClients, int secAggId, float[] global) implements Message {
    }

    /** SECAGG: one secure-aggregation protocol message of a round. */
    public record SecAgg(int round, byte[] payload) implements Message {
    }

    /** UPDATE: a client's local update for a round. */
    public record Update(int round, byte[] nonce, int clientId, int examples, float[] delta) implements Message {
    }

    /** DONE: the run is over; the final global model. */
    public record Done(int rounds, float[] model) implements Message {
    }

    /** ERROR: the peer explains why it ends the conversation. */
    public record ErrorMessage(String reason) implements Message {
    }

    public static byte[] hello(int clientId) {
        return header(HELLO, 4).putInt(clientId).array();
    }

    public static byte[] welcome(int dimension, int rounds, String modelSpec, String aggregation) {
        byte[] s = modelSpec.getBytes(StandardCharsets.UTF_8);
        byte[] a = aggregation.getBytes(StandardCharsets.UTF_8);
        return header(WELCOME, 16L + s.length + a.length).putInt(dimension).putInt(rounds).putInt(s.length).put(s)
                .putInt(a.length).put(a).array();
    }

    public static byte[] train(int round, byte[] nonce, float[] global) {
        return train(round, nonce, 0, 0, global);
    }

    public static byte[] train(int round, byte[] nonce, int secAggClients, int secAggId, float[] global) {
        checkNonce(nonce);
        ByteBuffer b = header(TRAIN, 4 + NONCE_BYTES + 12 + 4L * global.length).putInt(round).put(nonce)
                .putInt(secAggClients).putInt(secAggId).putInt(global.length);
        return floats(b, global);
    }

    public static byte[] update(int round, byte[] nonce, int clientId, int examples, float[] delta) {
        checkNonce(nonce);
        ByteBuffer b = header(UPDATE, 4 + NONCE_BYTES + 12 + 4L * delta.length).putInt(round).put(nonce)
                .putInt(clientId).putInt(examples).putInt(delta.length);
        return floats(b, delta);
    }

    public static byte[] done(int rounds, float[] model) {
        return floats(header(DONE, 8 + 4L * model.length).putInt(rounds).putInt(model.length), model);
    }

    public static byte[] secAgg(int round, byte[] payload) {
        return header(SECAGG, 8L + payload.length).putInt(round).putInt(payload.length).put(payload).array();
    }

    public static byte[] error(String reason) {
        byte[] s = reason.getBytes(StandardCharsets.UTF_8);
        if (s.length > MAX_TEXT) {
            s = java.util.Arrays.copyOf(s, MAX_TEXT);
        }
        return header(ERROR, 4 + s.length).putInt(s.length).put(s).array();
    }

    private static void checkNonce(byte[] nonce) {
        if (nonce == null || nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("nonce must be " + NONCE_BYTES + " bytes. Provided value: "
                    + (nonce == null ? "null" : nonce.length));
        }
    }

    private static ByteBuffer header(byte type, long body) {
        if (HEADER + body > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("message too large: " + (HEADER + body) + " bytes");
        }
        return ByteBuffer.allocate((int) (HEADER + body)).putInt(MAGIC).put((byte) VERSION).put(type);
    }

    private static byte[] floats(ByteBuffer b, float[] v) {
        b.asFloatBuffer().put(v);
        return b.array();
    }

    /**
     * Decodes one payload.
     *
     * @throws FlProtocolException for a wrong magic or version, an unknown type, a length that does not
     *     match the bytes present, or trailing bytes
     */
    public static Message decode(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        try {
            if (payload.length < HEADER) {
                throw new FlProtocolException("message of " + payload.length + " bytes is shorter than the "
                        + HEADER + "-byte header");
            }
            int magic = b.getInt();
            if (magic != MAGIC) {
                throw new FlProtocolException(String.format("bad magic 0x%08x (expected 0x%08x \"PVFL\")", magic, MAGIC));
            }
            int version = b.get() & 0xFF;
            if (version != VERSION) {
                throw new FlProtocolException("wire format version " + version + " is not supported (this is version "
                        + VERSION + ")");
            }
            byte type = b.get();
            Message m = switch (type) {
                case HELLO -> new Hello(b.getInt());
                case WELCOME -> new Welcome(b.getInt(), b.getInt(), text(b), text(b));
                case TRAIN -> new Train(b.getInt(), nonce(b), b.getInt(), b.getInt(), floats(b, "global model"));
                case SECAGG -> {
                    int round = b.getInt();
                    int n = b.getInt();
                    if (n < 0 || n != b.remaining()) {
                        throw new FlProtocolException("secure-aggregation payload: length field says " + n + " bytes but "
                                + b.remaining() + " follow");
                    }
                    byte[] p = new byte[n];
                    b.get(p);
                    yield new SecAgg(round, p);
                }
                case UPDATE -> {
                    int round = b.getInt();
                    byte[] nonce = nonce(b);
                    int id = b.getInt();
                    int examples = b.getInt();
                    yield new Update(round, nonce, id, examples, floats(b, "update"));
                }
                case DONE -> new Done(b.getInt(), floats(b, "final model"));
                case ERROR -> new ErrorMessage(text(b));
                default -> throw new FlProtocolException("unknown message type " + type);
            };
            if (b.hasRemaining()) {
                throw new FlProtocolException("message type " + type + " has " + b.remaining() + " trailing bytes");
            }
            return m;
        } catch (BufferUnderflowException e) {
            throw new FlProtocolException("message of " + payload.length + " bytes ends inside a field", e);
        }
    }

    private static byte[] nonce(ByteBuffer b) {
        byte[] n = new byte[NONCE_BYTES];
        b.get(n);
        return n;
    }

    private static float[] floats(ByteBuffer b, String what) {
        int d = b.getInt();
        if (d < 0 || (long) d * 4 != b.remaining()) {
            throw new FlProtocolException(what + ": length field says " + d + " floats but " + b.remaining()
                    + " bytes follow");
        }
        float[] v = new float[d];
        b.asFloatBuffer().get(v);
        b.position(b.limit());
        return v;
    }

    private static String text(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining() || n > MAX_TEXT) {
            throw new FlProtocolException("text length " + n + " outside [0, " + Math.min(MAX_TEXT, b.remaining()) + "]");
        }
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}

package org.privet.mpc.beaver.ot;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.interfaces.DHPublicKey;
import org.privet.mpc.net.MpcException;
import org.privet.mpc.net.PartyNetwork;

/**
 * Base oblivious transfers: the "simplest OT" of Chou and Orlandi (LATINCRYPT 2015), semi-honest, in the
 * 3072-bit safe-prime MODP group the JDK uses for 3072-bit Diffie-Hellman (RFC 3526 group 15, generator 2;
 * 128-bit security) with 256-bit exponents ({@link #standard()}). Each OT gives the sender two random 128-bit keys and the
 * receiver the key of its choice bit.
 *
 * <p>Sender: {@code A = g^a}. Receiver with choice {@code c}: {@code B = g^b} (c = 0) or {@code A g^b} (c = 1);
 * key {@code H(A, B, A^b)}. Sender: {@code k0 = H(A, B, B^a)}, {@code k1 = H(A, B, (B/A)^a)}. H is SHA-256
 * with the OT index, truncated to 128 bits. One message each way.
 *
 * <p>Why not X25519: Chou-Orlandi needs point addition ({@code A + bG}); the JDK's X25519 exposes only the
 * Montgomery ladder on u-coordinates, and using bare u-coordinates as receiver messages leaks the choice
 * (a curve point versus a random string that lies on the twist half the time). The MODP group needs only
 * {@link BigInteger}.
 *
 * <p>Immutable; thread-safe.
 */
public final class BaseOt {
    private static final int EXPONENT_BITS = 256;
    private static volatile BaseOt standard;

    private final BigInteger P;
    private final BigInteger G;
    private final int elementBytes;

    private BaseOt(int bits) {
        try {
            KeyPairGenerator k = KeyPairGenerator.getInstance("DH");
            k.initialize(bits);
            DHPublicKey pk = (DHPublicKey) k.generateKeyPair().getPublic();
            P = pk.getParams().getP();
            G = pk.getParams().getG();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + bits + "-bit DH parameters", e);
        }
        if (P.bitLength() != bits) {
            throw new AssertionError("internal invariant: the JDK's " + bits + "-bit DH modulus has "
                    + P.bitLength() + " bits");
        }
        elementBytes = (bits + 7) / 8;
    }

    /** Base OTs in the 3072-bit group (128-bit security): the default. */
    public static BaseOt standard() {
        BaseOt s = standard;
        if (s == null) {
            s = new BaseOt(3072);
            if (!s.G.equals(BigInteger.TWO)) {
                throw new AssertionError("internal invariant: the JDK's 3072-bit DH group is not RFC 3526 group 15");
            }
            standard = s;
        }
        return s;
    }

    /**
     * Base OTs in the JDK's 1024-bit DSA-style DH group (prime-order subgroup; about 80-bit security): ten
     * times faster, for tests only.
     */
    public static BaseOt insecureForTests() {
        return new BaseOt(1024);
    }

    /** The group modulus. */
    public BigInteger modulus() {
        return P;
    }

    /**
     * Sender side of {@code count} OTs with {@code peer}: returns {@code keys[i][0]}, {@code keys[i][1]} (16 bytes
     * each).
     */
    public byte[][][] send(PartyNetwork net, int peer, int count, SecureRandom random) {
        BigInteger a = new BigInteger(EXPONENT_BITS, random);
        BigInteger bigA = G.modPow(a, P);
        net.send(peer, toBytes(bigA));
        byte[] msg = net.receive(peer);
        if (msg.length != (long) count * elementBytes) {
            throw new MpcException(peer, "base OT: malformed message from party " + peer + ": expected " + (long) count
                    * elementBytes + " bytes (" + count + " group elements), received " + msg.length);
        }
        BigInteger aInv = bigA.modInverse(P);
        byte[] aBytes = toBytes(bigA);
        byte[][][] keys = new byte[count][2][];
        for (int i = 0; i < count; i++) {
            BigInteger b = new BigInteger(1, java.util.Arrays.copyOfRange(msg, i * elementBytes, (i + 1) * elementBytes));
            checkElement(b, peer, i);
            byte[] bBytes = toBytes(b);
            keys[i][0] = hash(i, aBytes, bBytes, b.modPow(a, P));
            keys[i][1] = hash(i, aBytes, bBytes, b.multiply(aInv).mod(P).modPow(a, P));
        }
        return keys;
    }

    /** Receiver side: {@code choices.length} OTs with {@code peer}; returns the chosen 16-byte keys. */
    public byte[][] receive(PartyNetwork net, int peer, boolean[] choices, SecureRandom random) {
        byte[] am = net.receive(peer);
        if (am.length != elementBytes) {
            throw new MpcException(peer, "base OT: malformed message from party " + peer + ": expected " + elementBytes
                    + " bytes (one group element), received " + am.length);
        }
        BigInteger bigA = new BigInteger(1, am);
        checkElement(bigA, peer, -1);
        byte[] aBytes = toBytes(bigA);
        byte[] out = new byte[choices.length * elementBytes];
        byte[][] keys = new byte[choices.length][];
        for (int i = 0; i < choices.length; i++) {
            BigInteger b = new BigInteger(EXPONENT_BITS, random);
            BigInteger bigB = G.modPow(b, P);
            if (choices[i]) {
                bigB = bigB.multiply(bigA).mod(P);
            }
            byte[] bBytes = toBytes(bigB);
            System.arraycopy(bBytes, 0, out, i * elementBytes, elementBytes);
            keys[i] = hash(i, aBytes, bBytes, bigA.modPow(b, P));
        }
        net.send(peer, out);
        return keys;
    }

    private void checkElement(BigInteger x, int peer, int index) {
        if (x.compareTo(BigInteger.ONE) <= 0 || x.compareTo(P.subtract(BigInteger.ONE)) >= 0) {
            throw new MpcException(peer, "base OT: party " + peer + " sent an invalid group element"
                    + (index >= 0 ? " at index " + index : "") + " (must lie in [2, p - 2])");
        }
    }

    private byte[] toBytes(BigInteger x) {
        byte[] raw = x.toByteArray();
        byte[] out = new byte[elementBytes];
        int n = Math.min(raw.length, elementBytes);
        System.arraycopy(raw, raw.length - n, out, elementBytes - n, n);
        return out;
    }

    private byte[] hash(int index, byte[] a, byte[] b, BigInteger dh) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("privet-base-ot-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            md.update(ByteBuffer.allocate(4).putInt(index).array());
            md.update(a);
            md.update(b);
            md.update(toBytes(dh));
            return java.util.Arrays.copyOf(md.digest(), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}

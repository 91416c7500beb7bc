package org.privet.he.paillier;

import java.math.BigInteger;

/**
 * How several small signed fixed-point values are packed into one Paillier plaintext so that
 * ciphertext addition adds them slot by slot.
 *
 * <p>A value {@code v} with {@code |v| <= bound} is quantised to {@code q = round(v 2^f)} and stored
 * as {@code q + offset} with {@code offset = ceil(bound 2^f)}, a non-negative integer of at most
 * {@code valueBits} bits. A slot has {@code slotBits = valueBits + bitLength(maxSummands)} bits, so
 * the sum of up to {@code maxSummands} packed vectors never carries into the next slot; a plaintext
 * holds {@code slots = floor((|n| - 1) / slotBits)} slots, so the packed integer stays below
 * {@code n}; {@code slotBits <= 62}. The sum of {@code K} contributions decodes as {@code (slot - K offset) / 2^f}.
 *
 * <p>{@link PackedVector} counts its summands and refuses to exceed {@code maxSummands}, so an
 * overflow is an exception, never a wrong sum. Immutable and thread safe.
 *
 * @param keyBits bit length of the modulus the layout was made for
 * @param fractionalBits {@code f}, the fixed-point precision in bits, in {@code [0, 52]}
 * @param bound largest magnitude of a single value, {@code > 0}, with {@code bound 2^f < 2^52}
 * @param maxSummands most contributions that may be added together, {@code >= 1}
 * @param offset {@code ceil(bound 2^f)}
 * @param slotBits bits per slot
 * @param slots slots per plaintext, {@code >= 1}
 */
public record PackingLayout(int keyBits, int fractionalBits, double bound, int maxSummands, long offset, int slotBits, int slots) {
    public PackingLayout {
        if (fractionalBits < 0 || fractionalBits > 52) {
            throw new IllegalArgumentException("fractionalBits must be in [0, 52]. Provided value: " + fractionalBits);
        }
        if (!(bound > 0) || !(Math.scalb(bound, fractionalBits) < 0x1p52)) {
            throw new IllegalArgumentException("bound must be > 0 with bound * 2^fractionalBits < 2^52. Provided value: " + bound
                    + " with fractionalBits " + fractionalBits);
        }
        if (maxSummands < 1) {
            throw new IllegalArgumentException("maxSummands must be >= 1. Provided value: " + maxSummands);
        }
        long expectedOffset = (long) Math.ceil(Math.scalb(bound, fractionalBits));
        int valueBits = 64 - Long.numberOfLeadingZeros(2 * expectedOffset);
        int expectedSlotBits = valueBits + (32 - Integer.numberOfLeadingZeros(maxSummands));
        int expectedSlots = (keyBits - 1) / expectedSlotBits;
        if (offset != expectedOffset || slotBits != expectedSlotBits || slots != expectedSlots) {
            throw new IllegalArgumentException("packing layout is inconsistent: expected offset " + expectedOffset + ", slotBits "
                    + expectedSlotBits + ", slots " + expectedSlots + "; provided " + offset + ", " + slotBits + ", " + slots);
        }
        if (slotBits > 62) {
            throw new IllegalArgumentException("slots must be at most 62 bits (valueBits + bitLength(maxSummands)). Provided"
                    + " parameters give " + slotBits + " bits: lower bound, fractionalBits or maxSummands");
        }
        if (slots < 1) {
            throw new IllegalArgumentException("a " + slotBits + "-bit slot does not fit a " + keyBits + "-bit key; lower bound,"
                    + " fractionalBits or maxSummands");
        }
    }

    /**
     * The layout for {@code key}.
     *
     * @param bound largest magnitude of one value (e.g. the clipping norm of model updates)
     * @param fractionalBits fixed-point precision in bits (quantisation step {@code 2^-f})
     * @param maxSummands most contributions (e.g. clients) summed together
     */
    public static PackingLayout of(PaillierPublicKey key, double bound, int fractionalBits, int maxSummands) {
        if (fractionalBits < 0 || fractionalBits > 52) {
            throw new IllegalArgumentException("fractionalBits must be in [0, 52]. Provided value: " + fractionalBits);
        }
        if (!(bound > 0) || !(Math.scalb(bound, fractionalBits) < 0x1p52)) {
            throw new IllegalArgumentException("bound must be > 0 with bound * 2^fractionalBits < 2^52. Provided value: " + bound
                    + " with fractionalBits " + fractionalBits);
        }
        if (maxSummands < 1) {
            throw new IllegalArgumentException("maxSummands must be >= 1. Provided value: " + maxSummands);
        }
        long offset = (long) Math.ceil(Math.scalb(bound, fractionalBits));
        int valueBits = 64 - Long.numberOfLeadingZeros(2 * offset);
        int slotBits = valueBits + (32 - Integer.numberOfLeadingZeros(maxSummands));
        return new PackingLayout(key.bits(), fractionalBits, bound, maxSummands, offset, slotBits, (key.bits() - 1) / slotBits);
    }

    /** Ciphertexts needed for {@code length} values. */
    public int ciphertextsFor(int length) {
        return (length + slots - 1) / slots;
    }

    /** A short text identifying every parameter (compared when vectors are combined and in files). */
    public String fingerprint() {
        return "keyBits=" + keyBits + ",f=" + fractionalBits + ",bound=" + Double.toHexString(bound) + ",maxSummands=" + maxSummands
                + ",slotBits=" + slotBits + ",slots=" + slots;
    }

    /** {@code round(v 2^f) + offset} for {@code |v| <= bound}. */
    long quantize(double v, int index) {
        if (!(Math.abs(v) <= bound)) {
            throw new IllegalArgumentException("element " + index + ": |value| must be <= the packing bound " + bound
                    + " (clip updates first). Provided value: " + v);
        }
        return (long) Math.rint(Math.scalb(v, fractionalBits)) + offset;
    }

    /** Packs {@code values[from, from + slots)} (fewer at the end) into one plaintext. */
    BigInteger pack(double[] values, int from) {
        int to = Math.min(values.length, from + slots);
        BigInteger m = BigInteger.ZERO;
        for (int i = to - 1; i >= from; i--) {
            m = m.shiftLeft(slotBits).or(BigInteger.valueOf(quantize(values[i], i)));
        }
        return m;
    }

    /**
     * Unpacks a plaintext holding the sum of {@code summands} contributions into {@code out[from, ...)}.
     *
     * @throws ArithmeticException if a slot holds more than {@code summands} in-range values can sum to
     *     (a contribution was out of range, e.g. forged, or not packed with this layout)
     */
    void unpack(BigInteger m, int summands, double[] out, int from) {
        int to = Math.min(out.length, from + slots);
        if (m.bitLength() > (to - from) * slotBits) {
            throw new ArithmeticException("packed plaintext has bits beyond its " + (to - from) + " slots of " + slotBits
                    + " bits: a contribution was out of range or not packed with layout " + fingerprint());
        }
        long sumOffset = offset * summands;
        long max = 2 * sumOffset;
        for (int i = from; i < to; i++) {
            long slot = m.shiftRight((i - from) * slotBits).longValue() & ((1L << slotBits) - 1);
            if (slot > max) {
                throw new ArithmeticException("element " + i + ": packed sum " + slot + " exceeds " + max + ", the most " + summands
                        + " contributions within the bound can give: a contribution was out of range");
            }
            out[i] = Math.scalb((double) (slot - sumOffset), -fractionalBits);
        }
    }
}

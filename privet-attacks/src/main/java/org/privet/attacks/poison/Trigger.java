package org.privet.attacks.poison;

/**
 * A backdoor trigger stamped onto one example in place. Implementations are immutable and thread-safe.
 */
public interface Trigger {
    /**
     * Stamps the trigger onto the example stored at {@code data[offset .. offset + prod(shape))}.
     *
     * @param shape the shape of one example (e.g. {@code [C, H, W]} or {@code [d]})
     */
    void stamp(float[] data, int offset, int[] shape);

    /** A short name for reports. */
    String name();
}

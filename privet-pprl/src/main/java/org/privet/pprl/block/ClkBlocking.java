package org.privet.pprl.block;

import org.privet.pprl.clk.ClkSet;

/**
 * Blocking computed from the encodings themselves (by the linkage unit). Implementations must give the same
 * key to the same bit vector whatever set it sits in, so that keys of two databases can be joined; they are
 * immutable and thread safe.
 */
public interface ClkBlocking {
    /** The keys of every record of {@code set}. */
    BlockKeys keys(ClkSet set);

    /** A short description of the scheme and its parameters (for reports). */
    String describe();
}

package org.privet.mpc.secagg;

/** The rounds of the protocol (Bonawitz et al. 2017, figure 4), in order, as the server sees them. */
public enum SecAggPhase {
    /** Round 0: clients send two X25519 public keys (encryption and masking). */
    ADVERTISE_KEYS,
    /** Round 1: clients send Shamir shares of their masking secret key and self-mask seed, encrypted per recipient. */
    SHARE_KEYS,
    /** Round 2: clients send their masked input vectors. */
    MASKED_INPUT_COLLECTION,
    /** Round 4 (round 3, the consistency check for active security, is not run): clients send the shares
     * that let the server remove the masks. */
    UNMASKING,
    /** The sum is known. */
    DONE
}

package org.privet.mpc.secagg;

import java.util.Map;

/**
 * The outcome of one round, as the server knows it.
 *
 * @param sum the sum of the included clients' inputs, element-wise mod {@code 2^k} ({@link
 *     FixedPointCodec#decodeSum} turns it back into reals)
 * @param included ids of the clients whose inputs are in the sum (the survivors {@code U3}), ascending
 * @param excluded every other client id with the reason (dropped before a named round, or rejected and why)
 * @param survivors the number of clients alive at each round boundary: {@code |U1|, |U2|, |U3|, |U5|}
 * @param bytesReceived bytes of client messages the server received
 * @param bytesSent bytes the server sent (a broadcast counts once per recipient)
 */
public record SecAggResult(long[] sum, int[] included, Map<Integer, String> excluded, int[] survivors,
                           long bytesReceived, long bytesSent) {
}

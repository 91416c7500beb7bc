/**
 * Secure aggregation (Bonawitz et al., CCS 2017): a server learns the sum of the clients' vectors in {@code
 * Z_{2^k}} and nothing else, with clients dropping out at any round; on the complete graph, or as SecAgg+
 * (Bell et al., CCS 2020) on a random {@code k}-regular graph ({@link org.privet.mpc.secagg.SecAggGraph}) with
 * {@code k} and the threshold checked against the paper's conditions ({@link
 * org.privet.mpc.secagg.SecAggPlusParameters}). {@link
 * org.privet.mpc.secagg.SecAggClient} and {@link org.privet.mpc.secagg.SecAggServer} are transport-independent
 * state machines; {@link org.privet.mpc.secagg.SecAggRound} runs a round in one JVM and {@link
 * org.privet.mpc.secagg.SecAggNetwork} over a {@link org.privet.mpc.net.PartyNetwork}; {@link
 * org.privet.mpc.secagg.FixedPointCodec} encodes real-valued updates. Primitives: X25519, HKDF-SHA256,
 * AES-256-GCM, AES-256-CTR as the PRG, Shamir sharing from {@link org.privet.mpc.shamir}.
 */
package org.privet.mpc.secagg;

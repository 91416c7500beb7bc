/**
 * Dice matching of encoded records (CLKs) and the solvers that turn similarity scores into links.
 *
 * <p>Layering: {@link org.privet.pprl.link.Dice} is the kernel (popcount of packed 64-bit words);
 * {@link org.privet.pprl.link.CandidateSearch} finds all pairs at or above a threshold (optionally the top
 * {@code k} per record, optionally restricted by blocking keys from {@code org.privet.pprl.block});
 * {@link org.privet.pprl.link.GreedySolver} picks a one-to-one linkage;
 * {@link org.privet.pprl.link.MultipartySolver} groups records of three or more databases into clusters
 * (the greedy multiparty solver of anonlink). {@link org.privet.pprl.link.Linker} is the one-call API.
 */
package org.privet.pprl.link;

/**
 * Aggregation rules of a federated server: weighted mean (FedAvg), coordinate-wise median, trimmed mean,
 * geometric median (Weiszfeld), Krum and Multi-Krum, Bulyan, centred clipping, norm clipping and FLTrust.
 *
 * <p>An {@link org.privet.fl.aggregate.Aggregator} maps the round's accepted client updates (flat {@code
 * float[]} deltas of one length) to one update, which the server adds to the global model times its
 * learning rate. Robust rules need their Byzantine bound {@code f} (or trim fraction) up front and say
 * when too few updates arrived for it.
 */
package org.privet.fl.aggregate;

/**
 * Secure multi-party computation: additive and Shamir secret sharing, Beaver-triple multiplication,
 * fixed-point arithmetic, comparison and non-linear functions, private inference, and secure aggregation
 * (Bonawitz et al. 2017). Parties talk through {@link org.privet.mpc.net.PartyNetwork}: in-process for tests
 * and benchmarks, TLS over TCP between processes.
 */
package org.privet.mpc;

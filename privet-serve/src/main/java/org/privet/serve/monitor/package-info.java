/**
 * Extraction detection: PRADA (Juuti et al. 2019) per API key, on the Shapiro-Wilk test of the
 * distribution of minimum L2 distances between a client's queries.
 */
package org.privet.serve.monitor;

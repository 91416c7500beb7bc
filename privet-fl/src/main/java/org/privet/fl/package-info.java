/**
 * Federated learning: FedSGD and FedAvg over simulated or networked clients, data partitions, robust
 * aggregators, DP-FedAvg, secure aggregation as the aggregation step, and poisoning clients.
 */
package org.privet.fl;

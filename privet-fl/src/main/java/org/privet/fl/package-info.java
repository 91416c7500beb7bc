/**
 * Federated learning, simulated in process: FedSGD and FedAvg over hundreds of clients on a small thread
 * pool, data partitions, poisoning clients, robust aggregation, DP-FedAvg and secure aggregation.
 *
 * <p>Entry point: {@link org.privet.fl.FederatedSimulation} (built from an {@link org.privet.fl.FlModel},
 * the clients' data split by {@link org.privet.fl.Partitions}, an {@link org.privet.fl.FlConfig} with the
 * clients' {@link org.privet.fl.LocalTraining}, an aggregator from {@code org.privet.fl.aggregate}, an
 * {@link org.privet.fl.Adversary} and optionally {@link org.privet.fl.DpFedAvg} and secure aggregation via
 * {@link org.privet.fl.SecureSum}); the server's checks on incoming updates are {@link
 * org.privet.fl.UpdateInbox}; the outcome is an {@link org.privet.fl.FlHistory} of {@link
 * org.privet.fl.RoundRecord}s. Models travel as flat {@code float[]} parameter vectors. The networked mode
 * (server and clients in separate processes) is not built yet.
 */
package org.privet.fl;

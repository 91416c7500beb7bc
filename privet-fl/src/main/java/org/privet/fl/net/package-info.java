/**
 * Networked federated learning: the server ({@link org.privet.fl.net.FlServer}) and each client ({@link
 * org.privet.fl.net.FlClient}) in separate processes, over mutually authenticated TLS 1.3 with the parties'
 * pinned certificates from privet-mpc's {@code parties.json} ({@link org.privet.fl.net.FlTls}), length-framed
 * messages in a versioned wire format ({@link org.privet.fl.net.FlWire}), per-round nonces, round deadlines
 * and bounded messages ({@link org.privet.fl.net.FlConnection}).
 */
package org.privet.fl.net;

package org.privet.fl;

/**
 * An update the server refused, and why.
 *
 * @param round    the round being collected when it arrived
 * @param clientId the claimed sender
 * @param reason   the rule broken and the offending value
 */
public record Rejection(int round, int clientId, String reason) {
}

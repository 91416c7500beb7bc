package org.privet.fl;

/**
 * One client's contribution to one round, as the server receives it.
 *
 * @param clientId the sender's registered id
 * @param round    the round the update answers
 * @param delta    local model minus the round's global model (flat, length = model dimension); the
 *                 server validates it before use (shape, finite values)
 * @param examples local examples it was computed on (the FedAvg weight), &gt;= 1 for a valid update
 */
public record ClientUpdate(int clientId, int round, float[] delta, int examples) {
}

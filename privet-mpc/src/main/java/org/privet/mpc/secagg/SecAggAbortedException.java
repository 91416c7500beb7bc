package org.privet.mpc.secagg;

import org.privet.mpc.net.MpcException;

/**
 * The round was aborted and produced no sum: too few clients stayed (below the threshold the server learns
 * nothing and says so), or a message was inconsistent in a way that makes a correct sum impossible. The
 * server throws it; a client throws it when the server tells it the round was aborted.
 */
public class SecAggAbortedException extends MpcException {
    private static final long serialVersionUID = 1L;

    public SecAggAbortedException(String message) {
        super(-1, message);
    }

    public SecAggAbortedException(int peer, String message) {
        super(peer, message);
    }
}

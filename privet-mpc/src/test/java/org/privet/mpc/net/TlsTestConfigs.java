package org.privet.mpc.net;

import java.io.IOException;
import java.nio.file.Path;

/** Test fixture: fresh keys and a parties config on free loopback ports. */
public final class TlsTestConfigs {
    private TlsTestConfigs() {
    }

    public static PartiesConfig onFreePorts(Path dir, int parties, long timeoutMillis) throws IOException {
        return TlsNetworkTest.config(dir, parties, timeoutMillis);
    }
}

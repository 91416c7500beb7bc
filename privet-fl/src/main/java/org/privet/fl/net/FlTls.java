package org.privet.fl.net;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import org.privet.mpc.net.PartiesConfig;
import org.privet.mpc.net.TlsKeys;
import org.privet.mpc.net.TlsNetwork;

/**
 * The parties of a networked federation, from a {@code parties.json} made by {@code privet mpc keys}
 * ({@link TlsKeys}): party 0 is the server, party {@code k + 1} is client {@code k}, so {@code n} clients
 * need {@code n + 1} parties (the same numbering as privet-mpc's secure aggregation). Mutual TLS 1.3 with
 * pinned certificates: the server accepts exactly the clients' certificates, a client exactly the server's.
 * Stateless and thread-safe.
 */
public final class FlTls {
    private FlTls() {
    }

    /** Number of clients the config describes ({@code parties - 1}). */
    public static int clients(PartiesConfig parties) {
        return parties.size() - 1;
    }

    /** The server's context: its key (party 0) and the pinned certificates of every client. */
    public static SSLContext serverContext(PartiesConfig parties) {
        X509Certificate[] pins = new X509Certificate[clients(parties)];
        for (int k = 0; k < pins.length; k++) {
            pins[k] = clientCertificate(parties, k);
        }
        return context(parties, 0, pins);
    }

    /** Client {@code k}'s context: its key (party {@code k + 1}) and the server's pinned certificate. */
    public static SSLContext clientContext(PartiesConfig parties, int clientId) {
        checkClient(parties, clientId);
        return context(parties, clientId + 1, TlsKeys.readCertificate(parties.party(0).certificate()));
    }

    /** Client {@code k}'s pinned certificate. */
    public static X509Certificate clientCertificate(PartiesConfig parties, int clientId) {
        checkClient(parties, clientId);
        return TlsKeys.readCertificate(parties.party(clientId + 1).certificate());
    }

    /** Whether two certificates are the same (by their DER encoding). */
    public static boolean same(X509Certificate a, X509Certificate b) {
        try {
            return java.util.Arrays.equals(a.getEncoded(), b.getEncoded());
        } catch (CertificateEncodingException e) {
            return false;
        }
    }

    private static void checkClient(PartiesConfig parties, int clientId) {
        if (clientId < 0 || clientId >= clients(parties)) {
            throw new IllegalArgumentException("client id must be in [0, " + clients(parties) + ") (party 0 is the "
                    + "server). Provided value: " + clientId);
        }
    }

    private static SSLContext context(PartiesConfig parties, int party, X509Certificate... pins) {
        PrivateKey key = TlsKeys.readPrivateKey(parties.party(party).key());
        X509Certificate own = TlsKeys.readCertificate(parties.party(party).certificate());
        try {
            return TlsNetwork.mutualTlsContext(key, own, pins);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for party " + party + ": " + e.getMessage(), e);
        }
    }
}

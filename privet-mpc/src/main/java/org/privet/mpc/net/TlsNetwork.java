package org.privet.mpc.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * Parties in separate processes (or machines), joined by TCP with TLS 1.3 and mutual authentication: the
 * {@link PartyNetwork} to use outside tests. Each party pins its peers' certificates from the {@link
 * PartiesConfig}: a connection is accepted only when the other side presents exactly the certificate listed
 * for the party it claims to be, and proves possession of its key in the handshake. No certificate authority,
 * no host-name check (the pinned certificate is the identity).
 *
 * <p>Connection set-up: party {@code i} dials every peer {@code j < i} (retrying until the peer listens) and
 * accepts every peer {@code j > i} on its own port (bound on all interfaces); both sides then exchange a
 * 16-byte hello naming their ids. Set-up fails with {@link MpcException} naming the missing parties after
 * {@code timeoutMillis}. A protocol where only some pairs talk (secure aggregation: clients talk to the
 * server only) passes the peer list to {@link #connect(PartiesConfig, int, int[])}.
 *
 * <p>Messages are length-framed (4-byte big-endian length, then the bytes) inside TLS; a frame longer than
 * {@code maxMessageBytes} (default 1 GiB) or a negative length is malformed and ends the connection. One
 * reader thread per peer drains the socket into a queue, so sends never wait for the receiver's protocol
 * thread. {@link #receive} waits at most {@code timeoutMillis}; after a peer disconnects, its queued messages
 * are delivered and then every receive from it throws {@link MpcException}. {@link TrafficCounters} count
 * message payload bytes (not framing or TLS overhead). A send to a peer whose process is alive but no longer
 * reads can block once the TCP buffers fill: TCP gives no portable send timeout.
 *
 * <p>Thread safety: as {@link PartyNetwork}: sends to one peer are serialised, different peers may be used
 * from different threads.
 */
public final class TlsNetwork implements PartyNetwork {
    /** Default largest accepted message: 1 GiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 30;
    private static final int MAGIC = 0x50525654; // "PRVT"
    private static final int VERSION = 1;
    private static final String[] PROTOCOLS = {"TLSv1.3"};

    private final int id;
    private final int parties;
    private final long timeoutMillis;
    private final Link[] links;
    private final TrafficCounters counters = new TrafficCounters();
    private volatile boolean closed;
    /** Peers that did not connect in {@link #connectAvailable}. */
    private final java.util.Set<Integer> absent = new TreeSet<>();

    private record Failure(String reason) {
    }

    private final class Link {
        final int peer;
        final SSLSocket socket;
        final DataOutputStream out;
        final DataInputStream in;
        final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        final int maxBytes;

        Link(int peer, SSLSocket socket, DataInputStream in, DataOutputStream out, int maxBytes) {
            this.peer = peer;
            this.socket = socket;
            this.in = in;
            this.out = out;
            this.maxBytes = maxBytes;
        }

        void readLoop() {
            try {
                while (true) {
                    int len = in.readInt();
                    if (len < 0 || len > maxBytes) {
                        inbox.add(new Failure("sent a malformed frame: length " + len + " outside [0, " + maxBytes + "]"));
                        closeQuietly();
                        return;
                    }
                    byte[] m = new byte[len];
                    in.readFully(m);
                    inbox.add(m);
                }
            } catch (EOFException e) {
                inbox.add(new Failure("disconnected"));
            } catch (IOException e) {
                inbox.add(new Failure(closed ? "local endpoint closed" : "disconnected (" + e.getMessage() + ")"));
            }
        }

        void closeQuietly() {
            closeFast(socket);
        }
    }

    private TlsNetwork(int id, int parties, long timeoutMillis, Link[] links) {
        this.id = id;
        this.parties = parties;
        this.timeoutMillis = timeoutMillis;
        this.links = links;
    }

    /** Connects party {@code id} to every other party of {@code config}; keys and certificates from the config. */
    public static TlsNetwork connect(PartiesConfig config, int id) {
        int[] all = new int[config.size() - 1];
        for (int p = 0, k = 0; p < config.size(); p++) {
            if (p != id) {
                all[k++] = p;
            }
        }
        return connect(config, id, all);
    }

    /** Connects party {@code id} to the listed {@code peers} only (each in range, not {@code id}). */
    public static TlsNetwork connect(PartiesConfig config, int id, int[] peers) {
        return connect(config, id, peers, DEFAULT_MAX_MESSAGE_BYTES);
    }

    /**
     * Connects party {@code id} to {@code peers}, with its private key from {@code config.party(id).key()}.
     * Blocks until every connection is up, or throws {@link MpcException} after {@code
     * config.timeoutMillis()} naming the peers that did not connect and the last error seen.
     *
     * @param maxMessageBytes largest message accepted from a peer, {@code >= 1}
     */
    public static TlsNetwork connect(PartiesConfig config, int id, int[] peers, int maxMessageBytes) {
        return connect(config, id, peers, maxMessageBytes, true);
    }

    /**
     * Connects party {@code id} to whichever of all other parties connect within {@code
     * config.timeoutMillis()}, for protocols that tolerate absent parties (a secure-aggregation server). A
     * party that did not connect behaves as one that disconnected: {@link #receive} from it and {@link #send}
     * to it throw {@link MpcException}. Throws {@link MpcException} only when no peer connected.
     */
    public static TlsNetwork connectAvailable(PartiesConfig config, int id) {
        int[] all = new int[config.size() - 1];
        for (int p = 0, k = 0; p < config.size(); p++) {
            if (p != id) {
                all[k++] = p;
            }
        }
        return connect(config, id, all, DEFAULT_MAX_MESSAGE_BYTES, false);
    }

    private static TlsNetwork connect(PartiesConfig config, int id, int[] peers, int maxMessageBytes,
                                      boolean requireAll) {
        config.party(id);
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be >= 1. Provided value: " + maxMessageBytes);
        }
        TreeSet<Integer> peerSet = new TreeSet<>();
        for (int p : peers) {
            config.party(p);
            if (p == id || !peerSet.add(p)) {
                throw new IllegalArgumentException("peers must be distinct and != own id " + id + ". Provided: "
                        + Arrays.toString(peers));
            }
        }
        PrivateKey key = TlsKeys.readPrivateKey(config.party(id).key());
        X509Certificate[] certs = new X509Certificate[config.size()];
        certs[id] = TlsKeys.readCertificate(config.party(id).certificate());
        for (int p : peerSet) {
            certs[p] = TlsKeys.readCertificate(config.party(p).certificate());
        }
        Link[] links = new Link[config.size()];
        TlsNetwork net = new TlsNetwork(id, config.size(), config.timeoutMillis(), links);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.timeoutMillis());
        List<Integer> higher = new ArrayList<>(peerSet.tailSet(id, false));
        List<Integer> lower = new ArrayList<>(peerSet.headSet(id, false));
        Map<Integer, String> errors = new TreeMap<>();
        Thread acceptor = null;
        SSLServerSocket[] server = new SSLServerSocket[1];
        try {
            if (!higher.isEmpty()) {
                X509Certificate[] pins = higher.stream().map(p -> certs[p]).toArray(X509Certificate[]::new);
                SSLContext ctx = context(key, certs[id], pins);
                SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
                ss.setReuseAddress(true);
                ss.bind(new InetSocketAddress(config.party(id).port()), Math.max(50, higher.size()));
                ss.setNeedClientAuth(true);
                ss.setEnabledProtocols(PROTOCOLS);
                server[0] = ss;
                acceptor = new Thread(() -> net.acceptAll(ss, higher, certs, deadline, maxMessageBytes, errors),
                        "privet-tls-accept-" + id);
                acceptor.setDaemon(true);
                acceptor.start();
            }
            for (int p : lower) {
                net.dial(config.party(p), certs, key, deadline, maxMessageBytes, errors);
            }
            if (acceptor != null) {
                acceptor.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1000));
            }
        } catch (IOException | GeneralSecurityException e) {
            net.close();
            throw new MpcException(-1, "party " + id + ": cannot listen on port " + config.party(id).port() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            net.close();
            throw new MpcException(-1, "party " + id + ": interrupted while connecting", e);
        } finally {
            if (server[0] != null) {
                try {
                    server[0].close(); // no new connections; a handshake in progress ends by its read timeout
                } catch (IOException e) {
                    // nothing to do
                }
            }
        }
        if (acceptor != null && acceptor.isAlive()) {
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Integer> missing = new ArrayList<>();
        synchronized (links) {
            for (int p : peerSet) {
                if (links[p] == null) {
                    missing.add(p);
                }
            }
        }
        if (!missing.isEmpty() && (requireAll || missing.size() == peerSet.size())) {
            net.close();
            String why;
            synchronized (errors) {
                why = errors.isEmpty() ? "" : "; errors: " + errors;
            }
            throw new MpcException(missing.get(0), "party " + id + ": parties " + missing + " did not connect within "
                    + config.timeoutMillis() + " ms" + why);
        }
        net.absent.addAll(missing);
        for (int p : peerSet) {
            Link l = links[p];
            if (l == null) {
                continue;
            }
            Thread t = new Thread(l::readLoop, "privet-tls-read-" + id + "-from-" + p);
            t.setDaemon(true);
            t.start();
        }
        return net;
    }

    private void acceptAll(SSLServerSocket ss, List<Integer> expected, X509Certificate[] certs, long deadline,
                           int maxBytes, Map<Integer, String> errors) {
        int remaining = expected.size();
        while (remaining > 0 && !closed) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            SSLSocket s;
            try {
                ss.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                s = (SSLSocket) ss.accept();
            } catch (SocketTimeoutException e) {
                return;
            } catch (IOException e) {
                record(errors, -1, "accept failed: " + e.getMessage());
                return;
            }
            try {
                s.setTcpNoDelay(true);
                s.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left)));
                s.startHandshake();
                DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
                int[] hello = readHello(in);
                int from = hello[0];
                if (hello[1] != id || from <= id || !expected.contains(from)) {
                    throw new IOException("hello from party " + from + " to party " + hello[1]
                            + ": not a peer this party accepts");
                }
                X509Certificate presented = (X509Certificate) s.getSession().getPeerCertificates()[0];
                if (!Arrays.equals(presented.getEncoded(), certs[from].getEncoded())) {
                    throw new IOException("a client claiming to be party " + from + " presented another party's certificate");
                }
                synchronized (links) {
                    if (closed) {
                        throw new IOException("set-up already ended");
                    }
                    if (links[from] != null) {
                        throw new IOException("party " + from + " connected twice");
                    }
                    writeHello(out, id, from);
                    s.setSoTimeout(0);
                    links[from] = new Link(from, s, in, out, maxBytes);
                }
                remaining--;
            } catch (IOException | GeneralSecurityException e) {
                record(errors, -1, "rejected a connection from " + s.getRemoteSocketAddress() + ": " + e.getMessage());
                closeFast(s);
            }
        }
    }

    private void dial(PartiesConfig.Party peer, X509Certificate[] certs, PrivateKey key, long deadline, int maxBytes,
                      Map<Integer, String> errors) throws GeneralSecurityException {
        SSLContext ctx = context(key, certs[id], new X509Certificate[] {certs[peer.id()]});
        while (!closed) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            SSLSocket s = null;
            try {
                s = (SSLSocket) ctx.getSocketFactory().createSocket();
                s.connect(new InetSocketAddress(peer.host(), peer.port()), (int) Math.min(left, 5000));
                s.setTcpNoDelay(true);
                s.setEnabledProtocols(PROTOCOLS);
                s.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left)));
                s.startHandshake();
                DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
                writeHello(out, id, peer.id());
                int[] ack = readHello(in);
                if (ack[0] != peer.id() || ack[1] != id) {
                    throw new IOException("party " + peer.id() + " answered as party " + ack[0] + " to party " + ack[1]);
                }
                s.setSoTimeout(0);
                synchronized (links) {
                    links[peer.id()] = new Link(peer.id(), s, in, out, maxBytes);
                }
                return;
            } catch (IOException e) {
                record(errors, peer.id(), "party " + peer.id() + " at " + peer.host() + ":" + peer.port() + ": "
                        + e.getMessage());
                if (s != null) {
                    closeFast(s);
                }
                try {
                    Thread.sleep(Math.min(100, Math.max(1, left)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Closes a TLS socket without waiting long for the peer's close_notify (the JDK may wait for it up to the
     * socket's read timeout).
     */
    private static void closeFast(SSLSocket s) {
        try {
            s.setSoTimeout(100);
        } catch (IOException e) {
            // closed already
        }
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private static void record(Map<Integer, String> errors, int peer, String message) {
        synchronized (errors) {
            errors.put(peer, message);
        }
    }

    private static void writeHello(DataOutputStream out, int from, int to) throws IOException {
        out.writeInt(12);
        out.writeInt(MAGIC);
        out.writeInt(VERSION << 24 | (from & 0xFFFFFF));
        out.writeInt(to);
        out.flush();
    }

    /** {from, to} from a hello frame. */
    private static int[] readHello(DataInputStream in) throws IOException {
        int len = in.readInt();
        int magic = in.readInt();
        if (len != 12 || magic != MAGIC) {
            throw new IOException("not a privet party (bad hello frame)");
        }
        int v = in.readInt();
        if (v >>> 24 != VERSION) {
            throw new IOException("protocol version " + (v >>> 24) + " != " + VERSION);
        }
        return new int[] {v & 0xFFFFFF, in.readInt()};
    }

    /**
     * A TLS 1.3 context that presents {@code own} (with {@code key}) and trusts exactly the {@code pins} (leaf
     * certificates compared by encoding, within their validity): the same mutual authentication as this
     * network's links, for other protocols that reuse the parties' keys (e.g. networked federated learning).
     * Server sockets made from it must still call {@code setNeedClientAuth(true)}.
     */
    public static SSLContext mutualTlsContext(PrivateKey key, X509Certificate own, X509Certificate... pins)
            throws GeneralSecurityException {
        if (key == null || own == null || pins == null || pins.length == 0) {
            throw new IllegalArgumentException("mutualTlsContext needs a key, its certificate and >= 1 pinned certificate");
        }
        return context(key, own, pins);
    }

    private static SSLContext context(PrivateKey key, X509Certificate own, X509Certificate[] pins)
            throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(new KeyManager[] {new OwnKeyManager(key, own)}, new TrustManager[] {new PinnedTrustManager(pins)},
                new SecureRandom());
        return ctx;
    }

    /**
     * Presents this party's one key and certificate (an in-memory key store would cost two password-based
     * key derivations per context for nothing).
     */
    private static final class OwnKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "party";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        OwnKeyManager(PrivateKey key, X509Certificate cert) {
            this.key = key;
            this.chain = new X509Certificate[] {cert};
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }

    /** Trusts exactly the pinned certificates (as leaf, by their encoding), within their validity period. */
    private static final class PinnedTrustManager implements X509TrustManager {
        private final X509Certificate[] pins;

        PinnedTrustManager(X509Certificate[] pins) {
            this.pins = pins.clone();
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("no certificate presented");
            }
            byte[] leaf = chain[0].getEncoded();
            for (X509Certificate p : pins) {
                if (Arrays.equals(leaf, p.getEncoded())) {
                    chain[0].checkValidity();
                    return;
                }
            }
            throw new CertificateException("certificate of " + chain[0].getSubjectX500Principal()
                    + " is not pinned in parties.json for this connection");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pins.clone();
        }
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public long timeoutMillis() {
        return timeoutMillis;
    }

    @Override
    public TrafficCounters counters() {
        return counters;
    }

    private Link link(int peer, String what) {
        checkPeer(peer, what);
        Link l = links[peer];
        if (l == null && absent.contains(peer)) {
            throw new MpcException(peer, "party " + id + ": party " + peer + " did not connect");
        }
        if (l == null) {
            throw new IllegalArgumentException(what + ": party " + id + " is not connected to party " + peer
                    + " (it was not in the peer list)");
        }
        return l;
    }

    @Override
    public void send(int to, byte[] message) {
        Link l = link(to, "send");
        if (closed) {
            throw new MpcException(-1, "party " + id + ": own endpoint closed, cannot send to party " + to);
        }
        synchronized (l) {
            try {
                l.out.writeInt(message.length);
                l.out.write(message);
                l.out.flush();
            } catch (IOException e) {
                throw new MpcException(to, "party " + id + ": cannot send to party " + to + ", it has disconnected ("
                        + e.getMessage() + ")", e);
            }
        }
        counters.addSent(message.length);
    }

    @Override
    public byte[] receive(int from) {
        return receive(from, timeoutMillis);
    }

    /** As {@link #receive(int)}, waiting at most {@code waitMillis > 0} instead of the configured timeout. */
    public byte[] receive(int from, long waitMillis) {
        if (waitMillis <= 0) {
            throw new IllegalArgumentException("waitMillis must be > 0. Provided value: " + waitMillis);
        }
        Link l = link(from, "receive");
        if (closed) {
            throw new MpcException(-1, "party " + id + ": own endpoint closed, cannot receive from party " + from);
        }
        Object m;
        try {
            m = l.inbox.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpcException(from, "party " + id + ": interrupted while waiting for party " + from, e);
        }
        if (m == null) {
            throw new MpcException(from, "party " + id + ": no message from party " + from + " within "
                    + waitMillis + " ms");
        }
        if (m instanceof Failure f) {
            l.inbox.add(f); // keep later receives failing too
            throw new MpcException(from, "party " + id + ": party " + from + " " + f.reason());
        }
        byte[] bytes = (byte[]) m;
        counters.addReceived(bytes.length);
        return bytes;
    }

    /** Closes every connection; peers see this party disconnect after the messages it already sent. */
    @Override
    public void close() {
        closed = true;
        synchronized (links) {
            for (Link l : links) {
                if (l != null) {
                    l.closeQuietly(); // every send flushed already
                }
            }
        }
    }
}

package org.privet.fl.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.privet.core.data.Dataset;
import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.fl.ClientUpdate;
import org.privet.fl.FederatedSimulation;
import org.privet.fl.FlHistory;
import org.privet.fl.FlModel;
import org.privet.fl.Rejection;
import org.privet.fl.RoundRecord;
import org.privet.fl.UpdateInbox;
import org.privet.fl.aggregate.AggregationContext;
import org.privet.fl.aggregate.Aggregator;
import org.privet.fl.aggregate.WeightedMean;
import org.privet.dp.accounting.Rdp;
import org.privet.fl.DistributedDiscreteGaussian;
import org.privet.fl.SecureSum;
import org.privet.mpc.net.MpcException;
import org.privet.mpc.net.PartiesConfig;
import org.privet.mpc.net.PartyNetwork;
import org.privet.mpc.net.TrafficCounters;
import org.privet.mpc.secagg.FixedPointCodec;
import org.privet.mpc.secagg.SecAggConfig;
import org.privet.mpc.secagg.SecAggNetwork;
import org.privet.mpc.secagg.SecAggResult;

/**
 * The server of a networked federation: clients in other processes connect over mutually authenticated TLS
 * 1.3 ({@link FlTls}: pinned certificates from a {@code parties.json}), and each round the server sends the
 * global model to the K sampled clients, collects their updates until all have answered or the round's
 * deadline has passed, validates them and aggregates them with any {@link Aggregator}.
 *
 * <p>Per round: clients are sampled exactly as {@link FederatedSimulation} samples them for the same seed
 * (so with the same data, partition, model and local training, and no one dropping, the final model is
 * bit-for-bit the simulation's); each sampled client gets a fresh 16-byte nonce from SecureRandom in its
 * TRAIN message ({@link FlWire}); an update is rejected, logged (System.Logger "org.privet.fl", WARNING)
 * and recorded when it comes from a connection authenticated as another client, carries a wrong nonce,
 * answers another round (stale or replayed), repeats one already received (replay), has the wrong length,
 * NaN/Inf values or fewer than 1 example ({@link UpdateInbox}); a malformed or oversize message (above the
 * exact size of a valid update) or a message trickled slower than the read timeout closes that connection
 * and is recorded too. A connection that fails the TLS handshake (a certificate not pinned) or claims
 * another client's id in its HELLO is refused and recorded. None of these stalls the round: at the deadline
 * the server aggregates what it has when at least {@code minUpdates} updates were accepted, else leaves the
 * model unchanged and says why ({@link RoundRecord#skipped}). Clients that were sampled but did not answer
 * in time count as dropped; their late updates are rejected as stale in the next round.
 *
 * <p>Bounded resources: at most {@code clients + 8} connections (accepted or in handshake) at once; one
 * message at most the size of a valid update (plus key material under secure aggregation); at most {@value
 * #MAX_QUEUED_PER_CONNECTION} read but unprocessed messages per connection (further reads wait: back-pressure);
 * handshakes and started messages must complete within the read timeout. After the last round every connected
 * client is sent the final model.
 *
 * <p>Not thread-safe: one thread calls {@link #start} then {@link #run}, once.
 */
public final class FlServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.privet.fl");
    private static final long POLL_MILLIS = 50;

    private final PartiesConfig parties;
    private final int clients;
    private final FlModel model;
    private final Aggregator aggregator;
    private final FlServerSettings settings;
    private final Tensor testX;
    private final int[] testY;
    private final int bindPort;
    private final int dimension;
    private final int maxMessageBytes;
    private final X509Certificate[] clientCerts;
    private final FlConnection[] connections;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Semaphore slots;
    private final SecureRandom nonces = new SecureRandom();
    private final boolean secureAggregation;
    private final DistributedDiscreteGaussian ddg;
    private final double ddgDelta;
    private final double[] ddgOrders = Rdp.defaultOrders();
    private final double[] ddgRdp = new double[ddgOrders.length];
    private volatile SSLServerSocket serverSocket;
    private volatile boolean closed;
    private boolean ran;

    /** Something that happened on a connection: a payload from an authenticated client, or a failure. */
    private record Event(int clientId, FlConnection conn, byte[] payload, String failure, boolean violation,
            Semaphore permit) {
        Event(int clientId, FlConnection conn, byte[] payload, String failure, boolean violation) {
            this(clientId, conn, payload, failure, violation, null);
        }
    }

    /** Messages a connection may have read but the server not yet processed (memory bound per connection). */
    static final int MAX_QUEUED_PER_CONNECTION = 8;

    private FlServer(Builder b) {
        this.parties = b.parties;
        this.clients = FlTls.clients(parties);
        this.model = b.model;
        this.aggregator = b.aggregator;
        this.settings = b.settings;
        if (settings.clientsPerRound() > clients) {
            throw new IllegalArgumentException("clientsPerRound must be <= clients (" + clients + " in "
                    + "parties.json). Provided value: " + settings.clientsPerRound());
        }
        this.dimension = model.dimension();
        int plain = FlWire.update(0, new byte[FlWire.NONCE_BYTES], 0, 1, new float[0]).length + 4 * dimension;
        if (b.test != null) {
            this.testX = FederatedSimulation.input(b.test.features(), b.flattenInputs);
            this.testY = b.test.labels();
        } else {
            this.testX = null;
            this.testY = null;
        }
        this.bindPort = b.port != null ? b.port : parties.party(0).port();
        this.clientCerts = new X509Certificate[clients];
        for (int k = 0; k < clients; k++) {
            clientCerts[k] = FlTls.clientCertificate(parties, k);
        }
        this.ddg = b.ddg;
        this.ddgDelta = b.ddgDelta;
        this.secureAggregation = b.secureAggregation || ddg != null;
        if (secureAggregation && !(aggregator instanceof WeightedMean wm && wm.isWeighted())) {
            throw new IllegalArgumentException("secure aggregation reveals only the sum: it needs the weighted mean."
                    + " Provided aggregator: " + aggregator.name());
        }
        int secAggBytes = 64 + 8 * (DistributedDiscreteGaussian.paddedDimension(dimension) + 1) + (1 << 20);
        this.maxMessageBytes = Math.max(plain, secureAggregation ? secAggBytes : 0);
        this.connections = new FlConnection[clients];
        this.slots = new Semaphore(clients + 8);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and starts accepting clients. Idempotent. */
    public synchronized void start() {
        if (serverSocket != null) {
            return;
        }
        try {
            SSLServerSocket ss = (SSLServerSocket) FlTls.serverContext(parties).getServerSocketFactory()
                    .createServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(bindPort), 64);
            ss.setNeedClientAuth(true);
            ss.setEnabledProtocols(new String[] {"TLSv1.3"});
            serverSocket = ss;
        } catch (IOException e) {
            throw new FlProtocolException("cannot listen on port " + bindPort + ": " + e.getMessage(), e);
        }
        Thread t = new Thread(this::acceptLoop, "privet-fl-accept");
        t.setDaemon(true);
        t.start();
    }

    /** The port the server listens on (after {@link #start}; useful with port 0). */
    public int port() {
        SSLServerSocket ss = serverSocket;
        if (ss == null) {
            throw new IllegalStateException("the server is not started");
        }
        return ss.getLocalPort();
    }

    private void acceptLoop() {
        SSLServerSocket ss = serverSocket;
        while (!closed) {
            SSLSocket s;
            try {
                s = (SSLSocket) ss.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "accept failed: {0}", e.getMessage());
                }
                return;
            }
            if (!slots.tryAcquire()) {
                events.add(new Event(-1, null, null, "refused a connection from " + s.getRemoteSocketAddress()
                        + ": " + (clients + 8) + " connections already open", true));
                closeQuietly(s);
                continue;
            }
            Thread h = new Thread(() -> {
                try {
                    handle(s);
                } finally {
                    slots.release();
                }
            }, "privet-fl-conn");
            h.setDaemon(true);
            h.start();
        }
    }

    private void handle(SSLSocket s) {
        FlConnection c;
        int id;
        String from = String.valueOf(s.getRemoteSocketAddress());
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(settings.readTimeoutMillis());
            s.startHandshake();
            c = new FlConnection(s, 64);
        } catch (IOException e) {
            events.add(new Event(-1, null, null, "unauthenticated connection from " + from + " refused: TLS handshake "
                    + "failed: " + e.getMessage(), true));
            closeQuietly(s);
            return;
        }
        try {
            FlWire.Message m = FlWire.decode(c.read());
            if (!(m instanceof FlWire.Hello hello)) {
                throw new FlProtocolException("first message must be HELLO, was " + m.getClass().getSimpleName());
            }
            id = hello.clientId();
            if (id < 0 || id >= clients) {
                throw new FlProtocolException("HELLO claims client id " + id + " outside [0, " + clients + ")");
            }
            if (!FlTls.same(c.peerCertificate(), clientCerts[id])) {
                throw new FlProtocolException("HELLO claims client " + id + " but the connection authenticated with "
                        + "another client's certificate (" + c.peerCertificate().getSubjectX500Principal() + ")");
            }
            synchronized (connections) {
                if (closed) {
                    throw new FlProtocolException("the server is closing");
                }
                if (connections[id] != null && !connections[id].isClosed()) {
                    throw new FlProtocolException("client " + id + " is already connected");
                }
                c.maxMessageBytes(maxMessageBytes);
                c.write(FlWire.welcome(dimension, settings.rounds(), model.spec(), aggregationMode()));
                connections[id] = c;
            }
            c.readTimeout(0); // idle between rounds is fine; a started frame is bounded by the watchdog
        } catch (FlProtocolException | IOException e) {
            events.add(new Event(-1, null, null, "connection from " + from + " refused: " + e.getMessage(), true));
            try {
                c.write(FlWire.error(e.getMessage()));
            } catch (FlProtocolException ignored) {
                // gone already
            }
            c.close();
            return;
        }
        LOG.log(Level.INFO, "client {0} connected from {1}", id, from);
        events.add(new Event(id, c, null, null, false));
        // back-pressure: at most MAX_QUEUED_PER_CONNECTION unprocessed messages per connection; a client that sends
        // faster than the server works only stalls its own connection (TCP flow control)
        Semaphore queued = new Semaphore(MAX_QUEUED_PER_CONNECTION);
        while (!closed) {
            byte[] p;
            try {
                while (!queued.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (closed || c.isClosed()) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                p = c.read();
            } catch (FlProtocolException e) {
                boolean violation = !e.getMessage().startsWith("disconnected") && !e.getMessage().startsWith("connection");
                events.add(new Event(id, c, null, e.getMessage(), violation));
                return;
            }
            events.add(new Event(id, c, p, null, false, queued));
        }
    }

    /**
     * Runs all rounds (starting the server if needed) and closes it; reports one progress step per round.
     *
     * @throws FlProtocolException when fewer than {@code minUpdates} clients connected within the join timeout
     */
    public FlHistory run(Progress progress) {
        if (ran) {
            throw new IllegalStateException("a server runs once; build a new one");
        }
        ran = true;
        Progress pr = progress == null ? Progress.NONE : progress;
        start();
        List<RoundRecord> records = new ArrayList<>();
        List<Rejection> early = new ArrayList<>();
        float[] global = model.initialParameters();
        Sequential evalNet = testX == null ? null : model.newNetwork();
        try {
            awaitClients(early);
            Rng rng = Rng.of(settings.seed());
            pr.start("federated training over the network, " + clients + " clients", settings.rounds());
            List<Rejection> rejections = new ArrayList<>(early);
            for (int round = 0; round < settings.rounds(); round++) {
                RoundRecord r = round(round, rng.child("round", round), global, rejections, evalNet);
                records.add(r);
                pr.update(round + 1, String.format(Locale.ROOT, "round %d/%d: %d of %d updates accepted%s%s", round + 1,
                        settings.rounds(), r.accepted(), r.sampled(), Double.isNaN(r.cleanAccuracy()) ? ""
                                : String.format(Locale.ROOT, ", acc %.4f", r.cleanAccuracy()),
                        r.skipped().isEmpty() ? "" : " (model unchanged: " + r.skipped() + ")"));
            }
            byte[] done = FlWire.done(settings.rounds(), global);
            for (FlConnection c : snapshot()) {
                if (c != null) {
                    try {
                        c.write(done);
                    } catch (FlProtocolException e) {
                        LOG.log(Level.INFO, "could not send the final model to {0}: {1}", c.peer(), e.getMessage());
                    }
                }
            }
            // let the clients read DONE and hang up first (closing with unread input could reset the connection
            // before a client has read the final model); at most 0.5 s
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (connected() > 0 && System.nanoTime() < until) {
                Event e = poll(POLL_MILLIS);
                if (e != null && e.failure() != null) {
                    dropConnection(e);
                }
            }
            return new FlHistory(records, rejections, global, describe());
        } finally {
            pr.finish();
            close();
        }
    }

    private void awaitClients(List<Rejection> rejections) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.joinTimeoutMillis());
        while (connected() < clients) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Event e = poll(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, POLL_MILLIS));
            if (e != null) {
                handleOutsideRound(e, 0, rejections);
            }
        }
        int n = connected();
        if (n < settings.minUpdates()) {
            throw new FlProtocolException("only " + n + " of " + clients + " clients connected within "
                    + settings.joinTimeoutMillis() + " ms; need >= minUpdates = " + settings.minUpdates());
        }
        LOG.log(Level.INFO, "{0} of {1} clients connected; starting", n, clients);
    }

    private void handleOutsideRound(Event e, int round, List<Rejection> rejections) {
        if (e.failure() != null) {
            dropConnection(e);
            if (e.violation()) {
                rejections.add(new Rejection(round, e.clientId(), e.failure()));
                LOG.log(Level.WARNING, "round {0}: {1}", round, e.failure());
            }
        } else if (e.payload() != null) {
            rejections.add(new Rejection(round, e.clientId(), "message outside a round"));
            LOG.log(Level.WARNING, "round {0}: client {1} sent a message outside a round", round, e.clientId());
        }
    }

    private RoundRecord round(int round, Rng rr, float[] global, List<Rejection> rejections, Sequential evalNet) {
        int[] sampled = Arrays.copyOf(rr.child("sample").permutation(clients), settings.clientsPerRound());
        Arrays.sort(sampled);
        if (secureAggregation) {
            return secureRound(round, sampled, global, rejections, evalNet);
        }
        UpdateInbox inbox = new UpdateInbox(round, clients, dimension);
        Map<Integer, byte[]> nonce = new HashMap<>();
        byte[] train = null;
        boolean[] pending = new boolean[clients];
        int waiting = 0;
        for (int k : sampled) {
            FlConnection c = connection(k);
            if (c == null) {
                continue;
            }
            byte[] n = new byte[FlWire.NONCE_BYTES];
            nonces.nextBytes(n);
            // the model part is shared; only the nonce differs per client
            byte[] msg = train == null ? (train = FlWire.train(round, n, global)) : train.clone();
            System.arraycopy(n, 0, msg, 10, FlWire.NONCE_BYTES);
            try {
                c.write(msg);
                nonce.put(k, n);
                pending[k] = true;
                waiting++;
            } catch (FlProtocolException e) {
                LOG.log(Level.INFO, "round {0}: client {1} unreachable: {2}", round, k, e.getMessage());
            }
        }
        int answered = 0;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.roundTimeoutMillis());
        while (waiting > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            watchdog(inbox);
            Event e = poll(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, POLL_MILLIS));
            if (e == null) {
                continue;
            }
            int k = e.clientId();
            if (e.failure() != null) {
                dropConnection(e);
                if (e.violation()) {
                    inbox.reject(k, e.failure());
                } else if (k >= 0) {
                    LOG.log(Level.INFO, "round {0}: client {1}: {2}", round, k, e.failure());
                }
                if (k >= 0 && pending[k]) {
                    pending[k] = false;
                    waiting--;
                }
                continue;
            }
            if (e.payload() == null) {
                continue; // a client (re)connected; it takes part from the next round it is sampled in
            }
            FlWire.Message m;
            try {
                m = FlWire.decode(e.payload());
            } catch (FlProtocolException ex) {
                inbox.reject(k, "malformed message: " + ex.getMessage());
                continue;
            }
            if (!(m instanceof FlWire.Update u)) {
                inbox.reject(k, "unexpected message " + m.getClass().getSimpleName() + " (only UPDATE is accepted)");
                continue;
            }
            if (u.clientId() != k) {
                inbox.reject(k, "update claims client " + u.clientId() + " but the connection is authenticated as "
                        + "client " + k + " (unauthenticated update)");
                continue;
            }
            if (u.round() == round) {
                byte[] expected = nonce.get(k);
                if (expected == null) {
                    inbox.reject(k, "client " + k + " was not sent the model in round " + round);
                    continue;
                }
                if (!java.security.MessageDigest.isEqual(expected, u.nonce())) {
                    inbox.reject(k, "nonce does not match the one sent to client " + k + " in round " + round
                            + " (replayed update)");
                    continue;
                }
            }
            String why = inbox.submit(new ClientUpdate(k, u.round(), u.delta(), u.examples()));
            if (why == null && pending[k]) {
                // a rejected update does not end the wait: the client may still send a valid one before the deadline
                pending[k] = false;
                waiting--;
                answered++;
            }
        }
        List<ClientUpdate> ok = inbox.accepted();
        rejections.addAll(inbox.rejected());
        String skipped = "";
        if (ok.size() < settings.minUpdates()) {
            skipped = ok.size() + " accepted update(s) by the deadline, fewer than minUpdates = " + settings.minUpdates();
            LOG.log(Level.WARNING, "round {0}: global model unchanged: {1}", round, skipped);
        } else {
            int m = ok.size();
            float[][] u = new float[m][];
            double[] w = new double[m];
            for (int i = 0; i < m; i++) {
                u[i] = ok.get(i).delta();
                w[i] = ok.get(i).examples();
            }
            try {
                float[] agg = aggregator.aggregate(u, w, new AggregationContext(round, global.clone()));
                float eta = (float) settings.serverLearningRate();
                for (int j = 0; j < dimension; j++) {
                    global[j] += eta * agg[j];
                }
            } catch (IllegalArgumentException ex) {
                skipped = aggregator.name() + ": " + ex.getMessage();
                LOG.log(Level.WARNING, "round {0}: global model unchanged: {1}", round, skipped);
            }
        }
        return new RoundRecord(round, sampled.length, sampled.length - answered, 0, 0, ok.size(),
                inbox.rejected().size(), evaluate(evalNet, global), Double.NaN, Double.NaN, Double.NaN, skipped);
    }

    private double evaluate(Sequential evalNet, float[] global) {
        if (evalNet == null) {
            return Double.NaN;
        }
        FlModel.load(evalNet, global);
        return FederatedSimulation.accuracy(evalNet, testX, testY);
    }

    /**
     * A round under secure aggregation: the sampled, connected clients become parties 1..m of privet-mpc's
     * Bonawitz et al. protocol run over their FL connections; each inputs {@code (w_k delta_k, w_k)} in fixed
     * point ({@link SecureSum}'s codec), and the server learns only the two sums.
     */
    private RoundRecord secureRound(int round, int[] sampled, float[] global, List<Rejection> rejections,
            Sequential evalNet) {
        UpdateInbox inbox = new UpdateInbox(round, clients, dimension);
        List<Integer> live = new ArrayList<>();
        for (int k : sampled) {
            if (connection(k) != null) {
                live.add(k);
            }
        }
        int m = live.size();
        String skipped = "";
        int included = 0;
        if (m < Math.max(2, settings.minUpdates())) {
            skipped = m + " sampled client(s) connected: secure aggregation needs >= max(2, minUpdates = "
                    + settings.minUpdates() + ")";
        } else {
            int[] parts = live.stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < m; i++) {
                byte[] n = new byte[FlWire.NONCE_BYTES];
                nonces.nextBytes(n);
                FlConnection c = connection(parts[i]);
                try {
                    if (c != null) {
                        c.write(FlWire.train(round, n, m, i + 1, global));
                    }
                } catch (FlProtocolException e) {
                    LOG.log(Level.INFO, "round {0}: client {1} unreachable: {2}", round, parts[i], e.getMessage());
                }
            }
            SecAggConfig sa = ddg != null
                    ? SecAggConfig.withDefaultThreshold(m, DistributedDiscreteGaussian.paddedDimension(dimension), ddg.bits())
                    : SecAggConfig.withDefaultThreshold(m, dimension + 1, SecureSum.BITS);
            SecAggLink link = new SecAggLink(round, parts, inbox,
                    System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.roundTimeoutMillis()));
            try {
                SecAggResult r = SecAggNetwork.runServer(link, sa, settings.readTimeoutMillis());
                included = r.included().length;
                if (included < settings.minUpdates()) {
                    skipped = included + " client(s) in the secure sum, fewer than minUpdates = " + settings.minUpdates();
                } else if (ddg != null) {
                    double[] sum = ddg.decode(r.sum(), dimension, rotationSeed(settings.seed(), round));
                    float scale = (float) (settings.serverLearningRate() / included);
                    for (int j = 0; j < dimension; j++) {
                        global[j] += scale * (float) sum[j];
                    }
                    for (int k = 0; k < ddgOrders.length; k++) {
                        ddgRdp[k] += ddg.rdp(ddgOrders[k], included, dimension);
                    }
                } else {
                    double[] sum = new FixedPointCodec(SecureSum.BITS, SecureSum.FRACTION_BITS, m).decodeSum(r.sum());
                    float eta = (float) settings.serverLearningRate();
                    for (int j = 0; j < dimension; j++) {
                        global[j] += eta * (float) (sum[j] / sum[dimension]);
                    }
                }
            } catch (MpcException e) {
                skipped = "secure aggregation failed: " + e.getMessage();
            }
        }
        if (!skipped.isEmpty()) {
            LOG.log(Level.WARNING, "round {0}: global model unchanged: {1}", round, skipped);
        }
        rejections.addAll(inbox.rejected());
        double eps = ddg == null ? Double.NaN : Rdp.epsilon(ddgOrders, ddgRdp, ddgDelta).epsilon();
        return new RoundRecord(round, sampled.length, sampled.length - included, 0, 0, included,
                inbox.rejected().size(), evaluate(evalNet, global), Double.NaN, eps, Double.NaN, skipped);
    }

    /** The public per-round seed of the distributed-DP rotation (the same on the server and every client). */
    static long rotationSeed(long seed, int round) {
        return Rng.of(seed).child("ddgauss-round", round).nextLong();
    }

    /** How updates are aggregated, as the WELCOME message tells the clients. */
    private String aggregationMode() {
        return ddg != null ? "distributed-dp " + ddg : secureAggregation ? "secure" : "plain";
    }

    /**
     * The server's view of one secure-aggregation round as a {@link PartyNetwork}: party {@code i} in 1..m is
     * FL client {@code parts[i - 1]}; messages travel as SECAGG frames on the clients' connections. The first
     * message of each client (its keys, after local training) may take until the round deadline; every later
     * one must come within the read timeout. Other traffic meanwhile is rejected and recorded.
     */
    private final class SecAggLink implements PartyNetwork {
        private final int round;
        private final int[] parts;
        private final UpdateInbox inbox;
        private final long roundDeadline;
        private final java.util.ArrayDeque<byte[]>[] buffers;
        private final String[] gone;
        private final boolean[] started;
        private final TrafficCounters counters = new TrafficCounters();

        @SuppressWarnings("unchecked")
        SecAggLink(int round, int[] parts, UpdateInbox inbox, long roundDeadline) {
            this.round = round;
            this.parts = parts;
            this.inbox = inbox;
            this.roundDeadline = roundDeadline;
            this.buffers = new java.util.ArrayDeque[parts.length + 1];
            for (int i = 1; i <= parts.length; i++) {
                buffers[i] = new java.util.ArrayDeque<>();
            }
            this.gone = new String[parts.length + 1];
            this.started = new boolean[parts.length + 1];
        }

        @Override
        public int id() {
            return 0;
        }

        @Override
        public int parties() {
            return parts.length + 1;
        }

        @Override
        public long timeoutMillis() {
            return settings.readTimeoutMillis();
        }

        @Override
        public TrafficCounters counters() {
            return counters;
        }

        @Override
        public void send(int to, byte[] message) {
            FlConnection c = connection(parts[to - 1]);
            if (c == null || gone[to] != null) {
                throw new MpcException(to, "client " + parts[to - 1] + " is gone");
            }
            try {
                c.write(FlWire.secAgg(round, message));
                counters.addSent(message.length);
            } catch (FlProtocolException e) {
                throw new MpcException(to, "client " + parts[to - 1] + ": " + e.getMessage(), e);
            }
        }

        private int party(int clientId) {
            for (int i = 0; i < parts.length; i++) {
                if (parts[i] == clientId) {
                    return i + 1;
                }
            }
            return -1;
        }

        @Override
        public byte[] receive(int from) {
            long until = started[from] ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.readTimeoutMillis())
                    : roundDeadline;
            started[from] = true;
            while (true) {
                byte[] b = buffers[from].poll();
                if (b != null) {
                    counters.addReceived(b.length);
                    return b;
                }
                if (gone[from] != null) {
                    throw new MpcException(from, "client " + parts[from - 1] + ": " + gone[from]);
                }
                long left = until - System.nanoTime();
                if (left <= 0) {
                    throw new MpcException(from, "client " + parts[from - 1] + " sent nothing in time");
                }
                watchdog(inbox);
                Event e = poll(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, POLL_MILLIS));
                if (e != null) {
                    dispatch(e);
                }
            }
        }

        private void dispatch(Event e) {
            int k = e.clientId();
            int p = k < 0 ? -1 : party(k);
            if (e.failure() != null) {
                dropConnection(e);
                if (e.violation()) {
                    inbox.reject(k, e.failure());
                }
                if (p > 0) {
                    gone[p] = e.failure();
                }
                return;
            }
            if (e.payload() == null) {
                return;
            }
            FlWire.Message m;
            try {
                m = FlWire.decode(e.payload());
            } catch (FlProtocolException ex) {
                inbox.reject(k, "malformed message: " + ex.getMessage());
                return;
            }
            if (m instanceof FlWire.SecAgg sa && sa.round() == round && p > 0) {
                buffers[p].add(sa.payload());
            } else if (m instanceof FlWire.Update) {
                inbox.reject(k, "plain update in a secure-aggregation round (updates must be masked)");
            } else {
                inbox.reject(k, "unexpected message " + m.getClass().getSimpleName() + " from client " + k
                        + " in secure-aggregation round " + round);
            }
        }

        @Override
        public void close() {
            // the connections belong to the server
        }
    }

    /** Closes connections that have been trickling one message for longer than the read timeout. */
    private void watchdog(UpdateInbox inbox) {
        long now = System.nanoTime();
        long limit = TimeUnit.MILLISECONDS.toNanos(settings.readTimeoutMillis());
        for (int k = 0; k < clients; k++) {
            FlConnection c = connection(k);
            if (c != null && c.stalledFor(now) > limit) {
                inbox.reject(k, "message from client " + k + " not complete within the read timeout of "
                        + settings.readTimeoutMillis() + " ms; connection closed");
                c.close();
            }
        }
    }

    private Event poll(long millis) {
        try {
            Event e = events.poll(Math.max(1, millis), TimeUnit.MILLISECONDS);
            if (e != null && e.permit() != null) {
                e.permit().release();
            }
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlProtocolException("interrupted while waiting for clients", e);
        }
    }

    private void dropConnection(Event e) {
        if (e.clientId() < 0) {
            return;
        }
        synchronized (connections) {
            if (connections[e.clientId()] == e.conn()) {
                connections[e.clientId()] = null;
            }
        }
        e.conn().close();
    }

    private FlConnection connection(int k) {
        synchronized (connections) {
            FlConnection c = connections[k];
            return c == null || c.isClosed() ? null : c;
        }
    }

    private FlConnection[] snapshot() {
        synchronized (connections) {
            return connections.clone();
        }
    }

    /** Clients connected now. */
    public int connected() {
        int n = 0;
        for (int k = 0; k < clients; k++) {
            n += connection(k) != null ? 1 : 0;
        }
        return n;
    }

    private String describe() {
        return String.format(Locale.ROOT, "networked: %d clients over mutual TLS 1.3, %d per round, %d rounds, eta=%g, "
                + "round deadline %d ms, min updates %d, model %s, seed %d; aggregator %s%s", clients,
                settings.clientsPerRound(), settings.rounds(), settings.serverLearningRate(),
                settings.roundTimeoutMillis(), settings.minUpdates(), model.spec(), settings.seed(), aggregator.name(),
                ddg != null ? "; distributed DP " + ddg + " summed by secure aggregation over the network, delta=" + ddgDelta
                        : secureAggregation ? "; secure aggregation (Bonawitz et al., k=" + SecureSum.BITS
                                + ") over the network" : "");
    }

    /** Stops accepting and closes every connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        SSLServerSocket ss = serverSocket;
        if (ss != null) {
            try {
                ss.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
        for (FlConnection c : snapshot()) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static void closeQuietly(SSLSocket s) {
        try {
            s.setSoTimeout(100);
            s.close();
        } catch (IOException e) {
            // gone
        }
    }

    /** Builds a server; {@link #build} validates. */
    public static final class Builder {
        private PartiesConfig parties;
        private FlModel model;
        private Aggregator aggregator = new WeightedMean(true);
        private FlServerSettings settings;
        private Dataset test;
        private boolean flattenInputs = true;
        private Integer port;
        private boolean secureAggregation;
        private DistributedDiscreteGaussian ddg;
        private double ddgDelta;

        private Builder() {
        }

        /**
         * Aggregates with secure aggregation over the network (privet-mpc's Bonawitz et al. protocol on the
         * clients' connections): the server learns only the weighted sum; needs the weighted-mean aggregator.
         * Updates cannot be inspected then: shape and finite values are checked by the (honest) clients, a
         * masked input is accepted as is.
         */
        public Builder secureAggregation(boolean on) {
            this.secureAggregation = on;
            return this;
        }

        /**
         * Distributed DP over the network: each client sends a DDGauss share ({@link DistributedDiscreteGaussian},
         * its own noise) through secure aggregation modulo {@code 2^bits}; the server applies the mean over the
         * clients in the sum and reports epsilon at {@code delta} per round (Theorem 1 of Kairouz et al. 2021 as
         * Rényi DP, composed over rounds, no subsampling amplification). The clients must be given the same
         * mechanism (checked at WELCOME). Implies secure aggregation; needs the weighted-mean aggregator.
         */
        public Builder distributedDp(DistributedDiscreteGaussian mechanism, double delta) {
            FederatedSimulation.checkDistributedDpDelta(mechanism, delta);
            this.ddg = mechanism;
            this.ddgDelta = delta;
            return this;
        }

        /** Keys and certificates: party 0 is the server, party {@code k + 1} client {@code k}. */
        public Builder parties(PartiesConfig p) {
            this.parties = p;
            return this;
        }

        /** The model architecture and its initial parameters (the clients must use the same architecture). */
        public Builder model(FlModel m) {
            this.model = m;
            return this;
        }

        /** Default: the weighted mean (FedAvg). */
        public Builder aggregator(Aggregator a) {
            this.aggregator = a;
            return this;
        }

        public Builder settings(FlServerSettings s) {
            this.settings = s;
            return this;
        }

        /** Optional held-out data: the server reports clean accuracy after each round. */
        public Builder test(Dataset testData) {
            this.test = testData;
            return this;
        }

        /** Whether test examples are reshaped to {@code [n, features]} for an MLP (default true). */
        public Builder flattenInputs(boolean on) {
            this.flattenInputs = on;
            return this;
        }

        /** Listens on this port instead of party 0's port in the config; 0 picks a free port. */
        public Builder port(int p) {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("port must be in [0, 65535]. Provided value: " + p);
            }
            this.port = p;
            return this;
        }

        public FlServer build() {
            List<String> missing = new ArrayList<>();
            if (parties == null) {
                missing.add("parties");
            }
            if (model == null) {
                missing.add("model");
            }
            if (aggregator == null) {
                missing.add("aggregator");
            }
            if (settings == null) {
                missing.add("settings");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("FL server needs " + String.join(", ", missing));
            }
            return new FlServer(this);
        }
    }
}

package org.privet.fl.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.privet.core.data.Dataset;
import org.privet.core.nn.Sequential;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.fl.FederatedSimulation;
import org.privet.fl.FlModel;
import org.privet.fl.LocalTraining;
import java.security.SecureRandom;
import org.privet.dp.noise.NoiseRandom;
import org.privet.fl.DistributedDiscreteGaussian;
import org.privet.fl.SecureSum;
import org.privet.mpc.net.MpcException;
import org.privet.mpc.net.PartiesConfig;
import org.privet.mpc.net.PartyNetwork;
import org.privet.mpc.net.TrafficCounters;
import org.privet.mpc.secagg.FixedPointCodec;
import org.privet.mpc.secagg.SecAggConfig;
import org.privet.mpc.secagg.SecAggNetwork;

/**
 * A client of a networked federation ({@link FlServer}): connects over mutually authenticated TLS 1.3
 * (its own key, the server's pinned certificate; {@link FlTls}), says HELLO with its id, then for every
 * TRAIN message trains locally from the received global model on its own data ({@link LocalTraining}) and
 * returns {@code local - global} with the round's nonce, until the server sends the final model.
 *
 * <p>Local shuffles are drawn from {@code Rng.of(seed).child("round", r).child("client", id)}, the stream
 * {@link FederatedSimulation} gives client {@code id} in round {@code r}, so the same seed reproduces the
 * simulation. The client checks that the server's model has its own architecture (dimension and spec),
 * accepts messages up to the size of a model message, and gives up when the server is silent for
 * {@code idleTimeoutMillis}. Not thread-safe; {@link #run} once.
 */
public final class FlClient {
    private static final System.Logger LOG = System.getLogger("org.privet.fl");

    private final PartiesConfig parties;
    private final int id;
    private final String host;
    private final int port;
    private final FlModel model;
    private final Tensor x;
    private final int[] y;
    private final LocalTraining local;
    private final long seed;
    private final long connectTimeoutMillis;
    private final int idleTimeoutMillis;
    private DistributedDiscreteGaussian ddg;
    private int roundsTrained;

    /**
     * @param parties              keys and certificates (party {@code id + 1} is this client, party 0 the server)
     * @param id                   this client's id in {@code [0, clients)}
     * @param host                 the server's host
     * @param port                 the server's port
     * @param model                the model architecture (must equal the server's)
     * @param data                 this client's local training data, &gt;= 1 example
     * @param flattenInputs        reshape examples to {@code [n, features]} (an MLP), as the simulation does
     * @param local                local training (FedSGD or FedAvg)
     * @param seed                 the federation's seed
     * @param connectTimeoutMillis how long to retry connecting while the server is not up, &gt; 0
     * @param idleTimeoutMillis    the longest silence from the server before giving up, &gt; 0
     */
    public FlClient(PartiesConfig parties, int id, String host, int port, FlModel model, Dataset data,
            boolean flattenInputs, LocalTraining local, long seed, long connectTimeoutMillis, int idleTimeoutMillis) {
        if (parties == null || model == null || data == null || local == null || host == null) {
            throw new IllegalArgumentException("parties, model, data, local training and host must not be null");
        }
        if (id < 0 || id >= FlTls.clients(parties)) {
            throw new IllegalArgumentException("client id must be in [0, " + FlTls.clients(parties) + "). Provided value: "
                    + id);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in [1, 65535]. Provided value: " + port);
        }
        if (data.size() < 1) {
            throw new IllegalArgumentException("client " + id + " has no examples");
        }
        if (connectTimeoutMillis <= 0 || idleTimeoutMillis <= 0) {
            throw new IllegalArgumentException("connect and idle timeouts must be > 0. Provided value: "
                    + connectTimeoutMillis + ", " + idleTimeoutMillis);
        }
        this.parties = parties;
        this.id = id;
        this.host = host;
        this.port = port;
        this.model = model;
        this.x = FederatedSimulation.input(data.features(), flattenInputs);
        this.y = data.labels();
        this.local = local;
        this.seed = seed;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    /**
     * Sends DDGauss shares (distributed DP) instead of fixed-point updates in secure-aggregation rounds; the
     * server must use the same mechanism (checked at WELCOME). Returns this client.
     */
    public FlClient distributedDp(DistributedDiscreteGaussian mechanism) {
        this.ddg = mechanism;
        return this;
    }

    /** Rounds this client trained in (after {@link #run}). */
    public int roundsTrained() {
        return roundsTrained;
    }

    /**
     * Takes part until the server ends the run.
     *
     * @return the final global model the server sent
     * @throws FlProtocolException when the server cannot be reached in time, refuses this client, sends a
     *     malformed message or a model of another architecture, or goes silent
     */
    public float[] run() {
        SSLContext ctx = FlTls.clientContext(parties, id);
        try (FlConnection c = connect(ctx)) {
            c.write(FlWire.hello(id));
            FlWire.Message first = FlWire.decode(c.read());
            if (first instanceof FlWire.ErrorMessage err) {
                throw new FlProtocolException("client " + id + ": the server refused: " + err.reason());
            }
            if (!(first instanceof FlWire.Welcome w)) {
                throw new FlProtocolException("client " + id + ": expected WELCOME, got " + first.getClass().getSimpleName());
            }
            String mode = ddg != null ? "distributed-dp " + ddg : null;
            if (ddg != null ? !w.aggregation().equals(mode) : w.aggregation().startsWith("distributed-dp")) {
                throw new FlProtocolException("client " + id + ": the server aggregates with '" + w.aggregation()
                        + "' but this client is set up for '" + (mode != null ? mode : "plain or secure") + "'");
            }
            if (w.dimension() != model.dimension() || !w.modelSpec().equals(model.spec())) {
                throw new FlProtocolException("client " + id + ": the server's model is " + w.modelSpec() + " ("
                        + w.dimension() + " parameters) but this client's is " + model.spec() + " (" + model.dimension()
                        + ")");
            }
            // a model message, or a secure-aggregation message (O(clients) keys and shares)
            c.maxMessageBytes(Math.max(FlWire.train(0, new byte[FlWire.NONCE_BYTES], new float[model.dimension()]).length,
                    64 + 8 * (DistributedDiscreteGaussian.paddedDimension(model.dimension()) + 1) + (1 << 20)));
            Sequential net = model.newNetwork();
            Rng rng = Rng.of(seed);
            float[] delta = new float[model.dimension()];
            while (true) {
                FlWire.Message m = FlWire.decode(c.read());
                if (m instanceof FlWire.Train t) {
                    if (t.global().length != model.dimension()) {
                        throw new FlProtocolException("client " + id + ": global model length " + t.global().length
                                + " != " + model.dimension());
                    }
                    local.run(net, t.global(), x, y, rng.child("round", t.round()).child("client", id), delta);
                    if (t.secAggClients() > 0) {
                        secureUpdate(c, t, delta);
                    } else {
                        c.write(FlWire.update(t.round(), t.nonce(), id, y.length, delta));
                    }
                    roundsTrained++;
                } else if (m instanceof FlWire.Done d) {
                    LOG.log(Level.INFO, "client {0}: run over after {1} rounds", id, d.rounds());
                    return d.model();
                } else if (m instanceof FlWire.ErrorMessage err) {
                    throw new FlProtocolException("client " + id + ": the server ended the run: " + err.reason());
                } else {
                    throw new FlProtocolException("client " + id + ": unexpected " + m.getClass().getSimpleName());
                }
            }
        }
    }

    /**
     * Sends {@code (w delta, w)} with {@code w} = local examples through secure aggregation: the server sees
     * only masked vectors. The client checks its own update first (finite, in the codec's range), since the
     * server cannot.
     */
    private void secureUpdate(FlConnection c, FlWire.Train t, float[] delta) {
        int m = t.secAggClients();
        if (m < 2 || t.secAggId() < 1 || t.secAggId() > m) {
            throw new FlProtocolException("client " + id + ": bad secure-aggregation assignment: party " + t.secAggId()
                    + " of " + m);
        }
        int d = delta.length;
        long[] enc;
        SecAggConfig sa;
        try {
            if (ddg != null) {
                // clip, rotate, round and add this client's discrete Gaussian share; noise from SecureRandom
                enc = ddg.encode(delta, FlServer.rotationSeed(seed, t.round()), NoiseRandom.secure());
                sa = SecAggConfig.withDefaultThreshold(m, enc.length, ddg.bits());
            } else {
                double w = y.length;
                double[] in = new double[d + 1];
                for (int j = 0; j < d; j++) {
                    in[j] = w * delta[j];
                }
                in[d] = w;
                enc = new FixedPointCodec(SecureSum.BITS, SecureSum.FRACTION_BITS, m).encode(in);
                sa = SecAggConfig.withDefaultThreshold(m, d + 1, SecureSum.BITS);
            }
        } catch (IllegalArgumentException e) {
            throw new FlProtocolException("client " + id + ": round " + t.round() + ": update cannot be encoded for "
                    + "secure aggregation: " + e.getMessage(), e);
        }
        SecAggLink link = new SecAggLink(c, t.round(), t.secAggId(), m);
        try {
            SecAggNetwork.runClient(link, sa, enc, new SecureRandom(), idleTimeoutMillis);
        } catch (MpcException e) {
            // an aborted round is the server's decision; this client goes on to the next round
            LOG.log(Level.WARNING, "client {0}: secure aggregation in round {1} ended: {2}", id, t.round(), e.getMessage());
        }
    }

    /** This client's side of a secure-aggregation round: SECAGG frames on the FL connection, party 0 = server. */
    private final class SecAggLink implements PartyNetwork {
        private final FlConnection c;
        private final int round;
        private final int party;
        private final int clients;
        private final TrafficCounters counters = new TrafficCounters();

        SecAggLink(FlConnection c, int round, int party, int clients) {
            this.c = c;
            this.round = round;
            this.party = party;
            this.clients = clients;
        }

        @Override
        public int id() {
            return party;
        }

        @Override
        public int parties() {
            return clients + 1;
        }

        @Override
        public long timeoutMillis() {
            return idleTimeoutMillis;
        }

        @Override
        public TrafficCounters counters() {
            return counters;
        }

        @Override
        public void send(int to, byte[] message) {
            if (to != 0) {
                throw new IllegalArgumentException("a secure-aggregation client talks to the server (party 0) only");
            }
            try {
                c.write(FlWire.secAgg(round, message));
            } catch (FlProtocolException e) {
                throw new MpcException(0, e.getMessage(), e);
            }
            counters.addSent(message.length);
        }

        @Override
        public byte[] receive(int from) {
            FlWire.Message m;
            try {
                m = FlWire.decode(c.read());
            } catch (FlProtocolException e) {
                throw new MpcException(0, e.getMessage(), e);
            }
            if (m instanceof FlWire.SecAgg sa && sa.round() == round) {
                counters.addReceived(sa.payload().length);
                return sa.payload();
            }
            if (m instanceof FlWire.ErrorMessage err) {
                throw new FlProtocolException("client " + id + ": the server ended the run: " + err.reason());
            }
            throw new FlProtocolException("client " + id + ": expected a secure-aggregation message of round " + round
                    + ", got " + m.getClass().getSimpleName());
        }

        @Override
        public void close() {
            // the connection belongs to the client
        }
    }

    private FlConnection connect(SSLContext ctx) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(connectTimeoutMillis);
        String last = "";
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new FlProtocolException("client " + id + ": cannot reach the server at " + host + ":" + port
                        + " within " + connectTimeoutMillis + " ms: " + last);
            }
            SSLSocket s = null;
            try {
                s = (SSLSocket) ctx.getSocketFactory().createSocket();
                s.connect(new InetSocketAddress(host, port), (int) Math.min(left, 5000));
                s.setTcpNoDelay(true);
                s.setEnabledProtocols(new String[] {"TLSv1.3"});
                s.setSoTimeout(idleTimeoutMillis);
                s.startHandshake();
                return new FlConnection(s, 1 << 16);
            } catch (IOException e) {
                last = e.getMessage();
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // gone
                    }
                }
                if (e instanceof javax.net.ssl.SSLHandshakeException) {
                    throw new FlProtocolException("client " + id + ": TLS handshake with " + host + ":" + port
                            + " failed: " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(Math.min(200, Math.max(1, left)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new FlProtocolException("client " + id + ": interrupted while connecting", ie);
                }
            }
        }
    }
}

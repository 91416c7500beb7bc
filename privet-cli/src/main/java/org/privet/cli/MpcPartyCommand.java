package org.privet.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privet.core.model.LogisticRegression;
import org.privet.core.model.io.Models;
import org.privet.core.nn.Dense;
import org.privet.core.nn.Flatten;
import org.privet.core.nn.Layer;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.ReLU;
import org.privet.core.tensor.Tensor;
import org.privet.mpc.MpcSession;
import org.privet.mpc.arith.FixedPoint;
import org.privet.mpc.arith.Prg;
import org.privet.mpc.beaver.OtTripleSource;
import org.privet.mpc.beaver.TripleSource;
import org.privet.mpc.beaver.TrustedDealer;
import org.privet.mpc.inference.DenseLayer;
import org.privet.mpc.inference.InferenceOutput;
import org.privet.mpc.inference.MlpModel;
import org.privet.mpc.inference.Prediction;
import org.privet.mpc.inference.PrivateInference;
import org.privet.mpc.net.PartiesConfig;
import org.privet.mpc.net.TlsNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code privet mpc party}: one party of a private inference, in its own process, over TLS. Party 0 holds a
 * privet model (MLP or logistic regression) and learns nothing of the data; party 1 holds rows of features
 * and learns the chosen output for them and the model's layer widths, nothing else of the weights. With a
 * third party in parties.json, party 2 is a trusted dealer of Beaver triples (fast); with two, the parties
 * make their triples themselves by oblivious transfer (no third party to trust, slower).
 */
@Command(name = "party", mixinStandardHelpOptions = true,
        description = {"One party of a private inference over TLS (see docs/mpc.md).",
            "  privet mpc keys --parties 2 --out keys/",
            "  privet mpc party --id 0 --config keys/parties.json --model model.pmf --output label &",
            "  privet mpc party --id 1 --config keys/parties.json --input rows.csv --out predictions.csv"})
final class MpcPartyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "This party's id: 0 model owner, 1 data owner, 2 dealer.")
    int id;

    @Option(names = "--config", required = true, paramLabel = "parties.json", description = "Written by 'privet mpc keys'.")
    Path config;

    @Option(names = "--model", paramLabel = "FILE", description = "Party 0: the model (from 'privet train': mlp or logreg).")
    Path model;

    @Option(names = "--output", defaultValue = "label", paramLabel = "KIND",
            description = "Party 0: what party 1 learns: label, probability or logits (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--input", paramLabel = "CSV", description = "Party 1: rows of numbers, one example per line, no header.")
    Path input;

    @Option(names = "--out", paramLabel = "CSV", description = "Party 1: where to write the predictions (default: stdout).")
    Path out;

    @Option(names = "--json", description = "Print a summary (traffic, rounds, time) as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PartiesConfig cfg;
        try {
            cfg = PartiesConfig.load(config);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        int n = cfg.size();
        if (n != 2 && n != 3) {
            throw new UsageException("private inference has 2 parties (model owner, data owner) or 3 (with a "
                    + "dealer); " + config + " has " + n);
        }
        if (id < 0 || id >= n) {
            throw new UsageException("--id must be in [0, " + n + "). Provided value: " + id);
        }
        MlpModel mlp = null;
        InferenceOutput kind = null;
        double[][] rows = null;
        if (id == 0) {
            if (model == null || input != null) {
                throw new UsageException("party 0 is the model owner: give --model and no --input");
            }
            mlp = toMpcModel(model);
            try {
                kind = InferenceOutput.valueOf(output.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--output must be label, probability or logits. Provided value: " + output);
            }
        } else if (id == 1) {
            if (input == null || model != null) {
                throw new UsageException("party 1 is the data owner: give --input and no --model");
            }
            rows = readRows(input);
        } else if (model != null || input != null) {
            throw new UsageException("party 2 is the dealer: it takes neither --model nor --input");
        }
        long t0 = System.nanoTime();
        Prediction result = null;
        long sent;
        long received;
        long rounds;
        try (TlsNetwork net = TlsNetwork.connect(cfg, id)) {
            if (id == 2) {
                // the dealer serves both computing parties, each over its own link, until both are done
                TrustedDealer dealer = TrustedDealer.create(2);
                Thread other = new Thread(() -> dealer.serve(1, net, 1), "dealer-1");
                other.start();
                dealer.serve(0, net, 0);
                try {
                    other.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while serving party 1", e);
                }
            } else {
                TripleSource triples = n == 3 ? TrustedDealer.connect(net, 2, id, 2) : OtTripleSource.create(net);
                MpcSession s = new MpcSession(new TwoParty(net), triples, FixedPoint.defaults(), Prg.secure());
                if (id == 0) {
                    PrivateInference.serve(s, mlp, 1, kind);
                } else {
                    result = PrivateInference.query(s, 0, rows);
                }
            }
            sent = net.counters().bytesSent();
            received = net.counters().bytesReceived();
            rounds = net.counters().rounds();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        PrintWriter w = spec.commandLine().getOut();
        if (result != null) {
            writePredictions(result, w);
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("party", id);
            m.put("role", id == 0 ? "model owner" : id == 1 ? "data owner" : "dealer");
            m.put("triples", n == 3 ? "trusted dealer" : "oblivious transfer");
            m.put("rows", rows == null ? null : rows.length);
            m.put("seconds", seconds);
            m.put("bytesSent", sent);
            m.put("bytesReceived", received);
            m.put("rounds", rounds);
            if (out != null || result == null) {
                w.println(Json.write(m));
            } else {
                spec.commandLine().getErr().println(Json.write(m));
            }
        }
        return Main.OK;
    }

    /**
     * The two computing parties' view of a 3-party network: the dealer (party 2) is reached by the triple
     * source, which talks to the TLS network directly; the session sees parties 0 and 1 only.
     */
    private static final class TwoParty implements org.privet.mpc.net.PartyNetwork {
        private final TlsNetwork net;

        TwoParty(TlsNetwork net) {
            this.net = net;
        }

        public int id() {
            return net.id();
        }

        public int parties() {
            return 2;
        }

        public void send(int to, byte[] message) {
            net.send(to, message);
        }

        public byte[] receive(int from) {
            return net.receive(from);
        }

        public long timeoutMillis() {
            return net.timeoutMillis();
        }

        public org.privet.mpc.net.TrafficCounters counters() {
            return net.counters();
        }

        public void close() {
            // the owner closes the TLS network
        }
    }

    private void writePredictions(Prediction p, PrintWriter stdout) throws IOException {
        StringBuilder sb = new StringBuilder("row,label");
        int cols = p.scores() == null || p.scores().length == 0 ? 0 : p.scores()[0].length;
        String prefix = p.output() == InferenceOutput.LOGITS ? "logit_" : "p_";
        if (p.output() != InferenceOutput.LABEL) {
            for (int c = 0; c < cols; c++) {
                sb.append(',').append(prefix).append(c);
            }
        }
        sb.append('\n');
        int rowsN = p.labels().length;
        for (int r = 0; r < rowsN; r++) {
            sb.append(r).append(',').append(p.labels()[r]);
            if (p.output() != InferenceOutput.LABEL) {
                for (int c = 0; c < cols; c++) {
                    sb.append(',').append(String.format(Locale.ROOT, "%.6g", p.scores()[r][c]));
                }
            }
            sb.append('\n');
        }
        if (out == null) {
            stdout.print(sb);
            stdout.flush();
            return;
        }
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (BufferedWriter bw = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                bw.write(sb.toString());
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A privet MLP (Dense/ReLU, optional Flatten first) or logistic regression as plain weights. */
    static MlpModel toMpcModel(Path file) throws IOException {
        Models.Loaded lm = Models.load(file);
        Object m = lm.model();
        if (m instanceof LogisticRegression lr) {
            Tensor w = lr.weights(); // [d, C]
            Tensor b = lr.bias();
            int d = w.dim(0);
            int c = w.dim(1);
            double[][] wt = new double[c][d];
            double[] bias = new double[c];
            for (int k = 0; k < c; k++) {
                for (int j = 0; j < d; j++) {
                    wt[k][j] = w.data()[j * c + k];
                }
                bias[k] = b.data()[k];
            }
            return new MlpModel(List.of(new DenseLayer(wt, bias)));
        }
        if (m instanceof NetworkClassifier nc) {
            List<DenseLayer> layers = new ArrayList<>();
            boolean expectDense = true;
            List<Layer> ls = nc.network().layers();
            for (int i = 0; i < ls.size(); i++) {
                Layer l = ls.get(i);
                if (l instanceof Flatten && i == 0) {
                    continue;
                }
                if (l instanceof Dense dl && expectDense) {
                    Tensor w = dl.weight().value(); // [out, in]
                    int o = w.dim(0);
                    int in = w.dim(1);
                    double[][] wt = new double[o][in];
                    double[] bias = new double[o];
                    for (int r = 0; r < o; r++) {
                        for (int j = 0; j < in; j++) {
                            wt[r][j] = w.data()[r * in + j];
                        }
                        bias[r] = dl.bias().value().data()[r];
                    }
                    layers.add(new DenseLayer(wt, bias));
                    expectDense = false;
                } else if (l instanceof ReLU && !expectDense && i < ls.size() - 1) {
                    expectDense = true;
                } else {
                    throw new UsageException(file + ": private inference supports Dense layers with ReLU between "
                            + "them (privet train --model mlp or logreg); layer " + i + " is " + l.getClass()
                            .getSimpleName());
                }
            }
            if (expectDense) {
                throw new UsageException(file + ": the network must end with a Dense layer");
            }
            return new MlpModel(layers);
        }
        throw new UsageException(file + " holds a '" + lm.kind() + "' model; private inference supports mlp and "
                + "logreg models");
    }

    /** Reads rows of comma-separated finite numbers, all of one width; errors name the line and column. */
    static double[][] readRows(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        int width = -1;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int ln = 0;
            while ((line = r.readLine()) != null) {
                ln++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(",", -1);
                if (width < 0) {
                    width = parts.length;
                } else if (parts.length != width) {
                    throw new UsageException(file + ":" + ln + ": " + parts.length + " values, but line 1 has " + width);
                }
                double[] v = new double[parts.length];
                for (int j = 0; j < parts.length; j++) {
                    try {
                        v[j] = Double.parseDouble(parts[j].trim());
                    } catch (NumberFormatException e) {
                        throw new UsageException(file + ":" + ln + ": column " + (j + 1) + " is not a number: '"
                                + parts[j].trim() + "'");
                    }
                    if (!Double.isFinite(v[j])) {
                        throw new UsageException(file + ":" + ln + ": column " + (j + 1) + " is not finite");
                    }
                }
                rows.add(v);
            }
        }
        if (rows.isEmpty()) {
            throw new UsageException(file + ": no rows");
        }
        return rows.toArray(new double[0][]);
    }
}

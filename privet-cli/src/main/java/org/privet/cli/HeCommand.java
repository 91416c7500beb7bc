package org.privet.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.privet.he.ckks.Ciphertext;
import org.privet.he.ckks.CkksDecryptor;
import org.privet.he.ckks.CkksEncryptor;
import org.privet.he.ckks.CkksParameters;
import org.privet.he.ckks.Encoder;
import org.privet.he.ckks.EvaluationKeys;
import org.privet.he.ckks.Evaluator;
import org.privet.he.ckks.Plaintext;
import org.privet.he.rlwe.KeyGenerator;
import org.privet.he.rlwe.SecretKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code privet he}: homomorphic encryption tools. */
@Command(name = "he", mixinStandardHelpOptions = true, description = "Homomorphic encryption tools.",
        subcommands = {HeCommand.BenchCommand.class})
final class HeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** One timed operation: name, milliseconds per call (median and minimum over the repetitions). */
    record Timing(String scheme, String parameters, String operation, double medianMs, double minMs, int reps) {
    }

    /**
     * A scheme's section of the benchmark. CKKS is built in; a Paillier section is added by registering
     * another implementation in {@link BenchCommand#SECTIONS}.
     */
    interface Section {
        /** The name users pass to {@code --scheme}. */
        String name();

        /** Runs the section's operations, {@code reps} timed calls each after one warm-up call. */
        List<Timing> run(BenchCommand options, ConsoleProgress progress);
    }

    /** CKKS: per-operation timings for each requested preset. */
    /** Paillier: key generation, encryption (public key, and CRT with the private key), decryption, add, multiply-by-plain. */
    static final class PaillierSection implements Section {
        @Override
        public String name() {
            return "paillier";
        }

        @Override
        public List<Timing> run(BenchCommand o, ConsoleProgress progress) {
            List<Timing> out = new ArrayList<>();
            java.security.SecureRandom random = new java.security.SecureRandom();
            for (int bits : o.paillierBits) {
                if (bits < org.privet.he.paillier.PaillierPublicKey.MIN_SECURE_BITS) {
                    throw new UsageException("--paillier-bits must be >= "
                            + org.privet.he.paillier.PaillierPublicKey.MIN_SECURE_BITS + ". Provided value: " + bits);
                }
                progress.start("Paillier " + bits + " bits: key generation", 1);
                long t0 = System.nanoTime();
                org.privet.he.paillier.PaillierKeyPair kp = org.privet.he.paillier.PaillierKeyPair.generate(bits,
                        random);
                double keygenMs = (System.nanoTime() - t0) / 1e6;
                progress.finish();
                String name = "n = " + bits + " bits";
                out.add(new Timing("paillier", name, "keygen", keygenMs, keygenMs, 1));
                var pk = kp.publicKey();
                var sk = kp.privateKey();
                java.math.BigInteger m = new java.math.BigInteger(bits - 2, random);
                var c1 = pk.encrypt(m);
                var c2 = pk.encrypt(m.shiftRight(1));
                out.add(time("paillier", name, "encrypt (public key)", o.reps, () -> pk.encrypt(m)));
                out.add(time("paillier", name, "encrypt (private key, CRT)", o.reps, () -> sk.encrypt(m)));
                out.add(time("paillier", name, "decrypt (CRT)", o.reps, () -> sk.decrypt(c1)));
                out.add(time("paillier", name, "add", o.reps, () -> c1.add(c2)));
                out.add(time("paillier", name, "multiply by a 63-bit plaintext", o.reps,
                        () -> c1.multiply(Long.MAX_VALUE / 3)));
            }
            return out;
        }

        private static Timing time(String scheme, String params, String op, int reps, java.util.function.Supplier<?> f) {
            Object sink = f.get(); // warm-up
            double[] ms = new double[reps];
            for (int i = 0; i < reps; i++) {
                long t = System.nanoTime();
                sink = f.get();
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            if (sink == null) {
                throw new AssertionError("internal invariant: an operation returned null");
            }
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            double median = reps % 2 == 1 ? sorted[reps / 2] : 0.5 * (sorted[reps / 2 - 1] + sorted[reps / 2]);
            return new Timing(scheme, params, op, median, sorted[0], reps);
        }
    }

    static final class CkksSection implements Section {
        @Override
        public String name() {
            return "ckks";
        }

        @Override
        public List<Timing> run(BenchCommand o, ConsoleProgress progress) {
            List<Timing> out = new ArrayList<>();
            for (int logN : o.logN) {
                CkksParameters.Preset preset;
                try {
                    preset = CkksParameters.Preset.valueOf("N" + logN);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--logn must be among " + Arrays.toString(CkksParameters.Preset.values())
                            .replace("N", "") + ". Provided value: " + logN);
                }
                progress.start("CKKS N=2^" + logN + ": parameters and keys", 1);
                CkksParameters p = CkksParameters.of(preset);
                String name = preset.name() + " (levels " + p.maxLevel() + ", scale 2^" + p.logScale() + ")";
                KeyGenerator kg = new KeyGenerator(p.rlwe());
                long t0 = System.nanoTime();
                SecretKey sk = kg.secretKey();
                var pk = kg.publicKey(sk);
                EvaluationKeys ek = EvaluationKeys.generate(p, kg, sk, new int[] {1}, false);
                double keygenMs = (System.nanoTime() - t0) / 1e6;
                progress.finish();
                out.add(new Timing("ckks", name, "keygen (sk, pk, relin, 1 rotation)", keygenMs, keygenMs, 1));
                Encoder encoder = new Encoder(p);
                CkksEncryptor enc = CkksEncryptor.ofPublicKey(p, pk);
                CkksDecryptor dec = new CkksDecryptor(p, sk);
                Evaluator ev = new Evaluator(p, ek);
                SplittableRandom r = new SplittableRandom(1);
                double[] v = new double[p.slots()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.nextDouble(-1, 1);
                }
                Ciphertext a = enc.encrypt(v);
                Ciphertext b = enc.encrypt(v);
                Ciphertext prod = ev.multiplyRelin(a, b);
                Plaintext pt = dec.decrypt(a);
                Map<String, Supplier<Object>> ops = new LinkedHashMap<>();
                ops.put("encode+encrypt", () -> enc.encrypt(encoder.encode(v)));
                ops.put("add", () -> ev.add(a, b));
                ops.put("multiply+relinearize", () -> ev.multiplyRelin(a, b));
                ops.put("rescale", () -> ev.rescale(prod));
                ops.put("rotate", () -> ev.rotate(a, 1));
                ops.put("decrypt", () -> dec.decrypt(a));
                ops.put("decode", () -> encoder.decode(pt));
                progress.start("CKKS N=2^" + logN + ": operations", ops.size());
                int done = 0;
                for (var e : ops.entrySet()) {
                    out.add(time("ckks", name, e.getKey(), e.getValue(), o.reps));
                    progress.update(++done, e.getKey());
                }
                progress.finish();
            }
            return out;
        }
    }

    static Timing time(String scheme, String params, String op, Supplier<Object> f, int reps) {
        Object sink = f.get(); // warm-up
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            sink = f.get();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        if (sink == null) {
            throw new AssertionError("internal invariant: benchmark operation returned null");
        }
        Arrays.sort(t);
        return new Timing(scheme, params, op, t[reps / 2], t[0], reps);
    }

    /** {@code privet he bench}: per-operation timings. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = {"Times homomorphic operations on this machine, one thread, for each parameter set:",
                "CKKS keygen, encode+encrypt, add, multiply+relinearize, rescale, rotate, decrypt, decode",
                "(median and minimum milliseconds over --reps calls after a warm-up call)."},
            footer = {"", "Examples:", "  privet he bench", "  privet he bench --logn 13,14,15 --reps 10 --json"})
    static final class BenchCommand implements Callable<Integer> {
        static final List<Section> SECTIONS = List.of(new CkksSection(), new PaillierSection());

        @Option(names = "--scheme", split = ",", defaultValue = "ckks", paramLabel = "NAME[,NAME...]",
                description = "Sections to run (default: ${DEFAULT-VALUE}; available: ckks, paillier).")
        List<String> schemes;

        @Option(names = "--logn", split = ",", defaultValue = "13,14", paramLabel = "K[,K...]",
                description = "CKKS ring sizes N = 2^K among the 128-bit presets 13, 14, 15, 16 (default: ${DEFAULT-VALUE}).")
        List<Integer> logN;

        @Option(names = "--paillier-bits", split = ",", defaultValue = "2048,3072", paramLabel = "BITS[,BITS...]",
                description = "Paillier modulus sizes, >= 2048 (default: ${DEFAULT-VALUE}).")
        List<Integer> paillierBits;

        @Option(names = "--reps", defaultValue = "5", paramLabel = "N",
                description = "Timed calls per operation, >= 1 (default: ${DEFAULT-VALUE}).")
        int reps;

        @Option(names = "--json", description = "Print the timings as JSON.")
        boolean json;

        @Override
        public Integer call() {
            if (reps < 1) {
                throw new UsageException("--reps must be >= 1. Provided value: " + reps);
            }
            List<Section> chosen = new ArrayList<>();
            for (String s : schemes) {
                Section found = SECTIONS.stream().filter(x -> x.name().equals(s.trim().toLowerCase(Locale.ROOT)))
                        .findFirst().orElseThrow(() -> new UsageException("--scheme: unknown scheme '" + s
                                + "' (available: " + SECTIONS.stream().map(Section::name).toList() + ")"));
                chosen.add(found);
            }
            ConsoleProgress progress = ConsoleProgress.stderr();
            List<Timing> all = new ArrayList<>();
            for (Section s : chosen) {
                all.addAll(s.run(this, progress));
            }
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("threads", 1);
                m.put("reps", reps);
                m.put("java", System.getProperty("java.version"));
                m.put("timings", all);
                Json.print(m);
                return Main.OK;
            }
            String last = null;
            for (Timing t : all) {
                String head = t.scheme().toUpperCase(Locale.ROOT) + " " + t.parameters();
                if (!head.equals(last)) {
                    System.out.println();
                    System.out.println(head);
                    System.out.printf(Locale.ROOT, "  %-36s %12s %12s%n", "operation", "median ms", "min ms");
                    last = head;
                }
                System.out.printf(Locale.ROOT, "  %-36s %12.3f %12.3f%n", t.operation(), t.medianMs(), t.minMs());
            }
            System.out.println();
            System.out.println("One thread; " + reps + " timed calls per operation after one warm-up call; JVM "
                    + System.getProperty("java.version") + ". On a busy machine, prefer the minima.");
            return Main.OK;
        }
    }
}

package org.privet.bench.he;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.privet.core.autodiff.Variable;
import org.privet.core.nn.Dense;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.he.ckks.Ciphertext;
import org.privet.he.ckks.CkksEncryptor;
import org.privet.he.ckks.CkksParameters;
import org.privet.he.ckks.EvaluationKeys;
import org.privet.he.ckks.Evaluator;
import org.privet.he.rlwe.KeyGenerator;
import org.privet.he.rlwe.SecretKey;

/**
 * Checks whether privet-core's float kernels (Sgemm's 512-bit and the elementwise kernels' 256-bit
 * {@code FloatVector}s, reached through a small {@link Dense} forward and {@code relu}) running in the same
 * JVM slow the CKKS vector code (512-bit {@code LongVector}s): JDK 17's Vector API shares code between
 * shapes, and a second {@code long} shape once slowed the NTT about 7x. Times rotate-by-one (thread CPU
 * time, median of the last two thirds of {@code reps}) before and after {@code rounds} float forward passes,
 * then once more. Mode {@code densefirst} does the float work before any CKKS code runs; {@code none} skips
 * it (the control).
 *
 * <pre>java --add-modules jdk.incubator.vector -Xms2g -Xmx2g -cp privet-bench/target/benchmarks.jar \
 *   org.privet.bench.he.VectorShapeMix 14 dense 30</pre>
 */
public final class VectorShapeMix {
    private VectorShapeMix() {
    }

    public static void main(String[] args) {
        if (args.length != 3 || !(args[1].equals("dense") || args[1].equals("densefirst") || args[1].equals("none"))) {
            System.err.println("usage: VectorShapeMix <logN 13..15> <dense|densefirst|none> <repetitions>");
            System.exit(2);
        }
        int logN = Integer.parseInt(args[0]);
        boolean dense = args[1].equals("dense");
        int reps = Integer.parseInt(args[2]);
        double sink = args[1].equals("densefirst") ? floatWork() : 0;
        CkksParameters p = CkksBench.parameters(logN, "seal");
        KeyGenerator kg = new KeyGenerator(p.rlwe());
        SecretKey sk = kg.secretKey();
        CkksEncryptor enc = CkksEncryptor.ofPublicKey(p, kg.publicKey(sk));
        Evaluator ev = new Evaluator(p, EvaluationKeys.generate(p, kg, sk, new int[] {1}, false));
        double[] v = new double[p.slots()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(i);
        }
        Ciphertext x = enc.encrypt(v);
        double before = rotateMedian(ev, x, reps);
        long f0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        if (dense) {
            sink += floatWork();
        }
        long f1 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        double after = rotateMedian(ev, x, reps);
        double after2 = rotateMedian(ev, x, reps);
        System.out.printf("logN=%d mode=%s: rotate CPU ms median before %.2f | after float work (%.0f ms CPU) %.2f | again %.2f  (sink %.1f)%n",
                logN, args[1], before, (f1 - f0) / 1e6, after, after2, sink);
    }

    /** 2000 forward passes of a 256 -> 256 Dense layer on a 64 x 256 batch, then ReLU (Sgemm + elementwise kernels). */
    private static double floatWork() {
        Rng rng = Rng.of(1);
        Dense layer = new Dense(256, 256, rng);
        Tensor in = Tensor.randn(rng, 1f, 64, 256);
        double sink = 0;
        for (int r = 0; r < 2000; r++) {
            Tensor out = layer.forward(Variable.constant(in)).value().relu();
            sink += out.data()[r % 256];
        }
        return sink;
    }

    private static double rotateMedian(Evaluator ev, Ciphertext x, int reps) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = mx.getCurrentThreadCpuTime();
            ev.rotate(x, 1);
            t[i] = (mx.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        double[] kept = Arrays.copyOfRange(t, reps / 3, reps);
        Arrays.sort(kept);
        return kept[kept.length / 2];
    }
}

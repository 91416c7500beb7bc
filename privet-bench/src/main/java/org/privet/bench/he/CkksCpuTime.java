package org.privet.bench.he;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.privet.he.ckks.Ciphertext;
import org.privet.he.ckks.CkksEncryptor;
import org.privet.he.ckks.CkksParameters;
import org.privet.he.ckks.EvaluationKeys;
import org.privet.he.ckks.Evaluator;
import org.privet.he.rlwe.KeyGenerator;
import org.privet.he.rlwe.SecretKey;

/**
 * CPU time (not wall time) of CKKS multiply+relinearise and rotate-by-one at the top level, for A/B
 * comparisons on a shared, loaded machine where JMH's wall-clock figures swing by 2x: the calling thread's
 * CPU time excludes the time other processes hold the core (it still includes their cache pressure).
 * One thread; the first third of the repetitions is warm-up.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xms2g -Xmx2g -XX:+AlwaysPreTouch [-Dprivet.he.vector=false] \
 *   -cp privet-bench/target/benchmarks.jar org.privet.bench.he.CkksCpuTime 15 seal 12</pre>
 *
 * Arguments: log N (13..15), chain ("preset" or "seal", as in {@link CkksBench}), repetitions.
 */
public final class CkksCpuTime {
    private CkksCpuTime() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: CkksCpuTime <logN 13..15> <preset|seal> <repetitions>");
            System.exit(2);
        }
        int logN = Integer.parseInt(args[0]);
        String chain = args[1];
        int reps = Integer.parseInt(args[2]);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        CkksParameters p = CkksBench.parameters(logN, chain);
        KeyGenerator kg = new KeyGenerator(p.rlwe());
        SecretKey sk = kg.secretKey();
        CkksEncryptor enc = CkksEncryptor.ofPublicKey(p, kg.publicKey(sk));
        Evaluator ev = new Evaluator(p, EvaluationKeys.generate(p, kg, sk, new int[] {1}, false));
        double[] v = new double[p.slots()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(i);
        }
        Ciphertext x = enc.encrypt(v);
        Ciphertext y = enc.encrypt(v);
        double[] mul = new double[reps];
        double[] rot = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = mx.getCurrentThreadCpuTime();
            ev.multiplyRelin(x, y);
            long t1 = mx.getCurrentThreadCpuTime();
            ev.rotate(x, 1);
            long t2 = mx.getCurrentThreadCpuTime();
            mul[i] = (t1 - t0) / 1e6;
            rot[i] = (t2 - t1) / 1e6;
        }
        mul = Arrays.copyOfRange(mul, reps / 3, reps);
        rot = Arrays.copyOfRange(rot, reps / 3, reps);
        Arrays.sort(mul);
        Arrays.sort(rot);
        System.out.printf("logN=%d chain=%s vector=%s: multiplyRelinearize CPU ms median %.1f min %.1f | rotate median %.1f min %.1f%n",
                logN, chain, System.getProperty("privet.he.vector", "default"), mul[mul.length / 2], mul[0],
                rot[rot.length / 2], rot[0]);
    }
}

package org.privet.dp.pate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.privet.dp.noise.NoiseRandom;

class PateReleaseFigureTest {

    /** Papernot-like MNIST votes: 250 teachers, 10 classes; 90% with 200-250 agreeing, 10% with 100-199. */
    static int[][] mnistLikeVotes(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] v = new int[n][10];
        for (int i = 0; i < n; i++) {
            int top = r.nextDouble() < 0.9 ? 200 + r.nextInt(51) : 100 + r.nextInt(100);
            int label = r.nextInt(10);
            v[i][label] = top;
            for (int t = top; t < 250; t++) {
                int c = r.nextInt(9);
                v[i][c >= label ? c + 1 : c]++;
            }
        }
        return v;
    }

    @Test
    void explore() {
        for (int queries : new int[] {640, 2000}) {
            int[][] votes = mnistLikeVotes(queries, 7);
            for (double order : new double[] {10, 15, 20, 30, 40, 60}) {
                PateAccountant acc = new PateAccountant();
                ConfidentGnMax c = ConfidentGnMax.insecureSeededForTests(200, 150, 40, 11);
                int answered = 0;
                for (int[] v : votes) {
                    acc.recordThreshold(150);
                    if (c.passesThreshold(v)) {
                        acc.record(v, 40);
                        answered++;
                    }
                }
                long t0 = System.nanoTime();
                PateAccountant.DataDependentRelease rel = acc.releaseDataDependent(order, 1e-5,
                        NoiseRandom.insecureSeededForTests(5));
                System.out.printf("q=%d ans=%d order=%.0f ind=%.3f dep=%.3f released=%.3f SS=%.5f sigmaS=%.3f noisy=%.4f rel=%.4f cond=%b %.0f ms%n",
                        queries, answered, order, acc.epsilonDataIndependent(1e-5), acc.epsilonDataDependent(1e-5),
                        rel.epsilon(), rel.smoothSensitivity(), rel.sigmaS(), rel.noisyRdp(), rel.releaseRdp(),
                        rel.papernotConditions(), (System.nanoTime() - t0) / 1e6);
            }
        }
        assertThat(true).isTrue();
    }
}

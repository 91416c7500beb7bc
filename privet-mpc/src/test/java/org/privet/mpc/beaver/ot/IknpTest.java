package org.privet.mpc.beaver.ot;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.privet.mpc.MpcTesting;
import org.privet.mpc.net.InProcessNetwork;

class IknpTest {
    @Test
    void transposeMatchesTheDefinition() {
        SplittableRandom r = new SplittableRandom(3);
        long[] a = new long[64];
        for (int i = 0; i < 64; i++) {
            a[i] = r.nextLong();
        }
        long[] t = a.clone();
        Iknp.transpose64(t);
        for (int i = 0; i < 64; i++) {
            for (int c = 0; c < 64; c++) {
                assertThat((t[c] >>> i) & 1).isEqualTo((a[i] >>> c) & 1);
            }
        }
    }

    @Test
    void receiverGetsExactlyTheChosenRandomMessages() {
        List<InProcessNetwork> nets = InProcessNetwork.create(2, 30_000);
        BaseOt group = BaseOt.insecureForTests();
        int count = 300; // not a multiple of 64
        long[] choices = new SplittableRandom(4).longs(5).toArray();
        List<Object> out = MpcTesting.runAll(List.of(0, 1), p -> {
            if (p == 0) {
                Iknp.Sender s = Iknp.Sender.setup(nets.get(0), 1, group, new SecureRandom());
                return new Object[] {s.extend(count, 3), s.extend(10, 1)};
            }
            Iknp.Receiver r = Iknp.Receiver.setup(nets.get(1), 0, group, new SecureRandom());
            return new Object[] {r.extend(choices, count, 3), r.extend(new long[1], 10, 1)};
        });
        long[][] m = (long[][]) ((Object[]) out.get(0))[0];
        long[] got = (long[]) ((Object[]) out.get(1))[0];
        for (int i = 0; i < count; i++) {
            int bit = (int) ((choices[i / 64] >>> (i % 64)) & 1);
            for (int w = 0; w < 3; w++) {
                assertThat(got[3 * i + w]).as("OT %d word %d", i, w).isEqualTo(m[bit][3 * i + w]);
                assertThat(got[3 * i + w]).isNotEqualTo(m[1 - bit][3 * i + w]); // 2^-64 per word
            }
        }
        // a second extension uses fresh tweaks: its messages differ from the first one's
        long[][] m2 = (long[][]) ((Object[]) out.get(0))[1];
        assertThat(m2[0][0]).isNotEqualTo(m[0][0]);
        assertThat((long[]) ((Object[]) out.get(1))[1]).containsExactly(java.util.Arrays.copyOf(m2[0], 10));
    }
}

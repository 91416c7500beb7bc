package org.privet.attacks.poison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.SyntheticImages;
import org.privet.core.rng.Rng;

class DataPoisonTest {
    private final Dataset images = SyntheticImages.generate(40, 4, 8, 0.0, 0, Rng.of(3));

    @Test
    void labelFlipMapsLabelsAndKeepsFeatures() {
        Dataset p = LabelFlip.reverse(4).poison(images, Rng.of(1));
        for (int i = 0; i < images.size(); i++) {
            assertThat(p.label(i)).isEqualTo(3 - images.label(i));
        }
        assertThat(p.features()).isSameAs(images.features());
        Dataset q = LabelFlip.sourceToTarget(4, 1, 2).poison(images, Rng.of(1));
        for (int i = 0; i < images.size(); i++) {
            assertThat(q.label(i)).isEqualTo(images.label(i) == 1 ? 2 : images.label(i));
        }
        assertThatThrownBy(() -> LabelFlip.sourceToTarget(4, 1, 1)).hasMessageContaining("source=1, target=1");
    }

    @Test
    void badNetsPatchSetsTheBottomRightSquareOnly() {
        float[] img = new float[2 * 4 * 4];
        new BadNetsPatch(2, 1f).stamp(img, 0, new int[] {2, 4, 4});
        for (int c = 0; c < 2; c++) {
            for (int r = 0; r < 4; r++) {
                for (int col = 0; col < 4; col++) {
                    float want = r >= 2 && col >= 2 ? 1f : 0f;
                    assertThat(img[c * 16 + r * 4 + col]).as("c%d r%d col%d", c, r, col).isEqualTo(want);
                }
            }
        }
        float[] flat = new float[6];
        new BadNetsPatch(2, 5f).stamp(flat, 0, new int[] {6});
        assertThat(flat).containsExactly(0, 0, 0, 0, 5, 5);
    }

    @Test
    void blendedTriggerMixesWithAFixedPattern() {
        float[] x = new float[8];
        java.util.Arrays.fill(x, 1f);
        BlendedTrigger t = new BlendedTrigger(8, 0.25, 9);
        float[] y = x.clone();
        t.stamp(y, 0, new int[] {8});
        float[] z = x.clone();
        new BlendedTrigger(8, 0.25, 9).stamp(z, 0, new int[] {8});
        assertThat(y).containsExactly(z); // same seed, same pattern
        for (float v : y) {
            // 0.75 * 1 + 0.25 * p with p in [0, 1)
            assertThat(v).isBetween(0.75f, 1f);
        }
    }

    @Test
    void backdoorPoisonsTheRequestedFractionAndBuildsTheTriggeredTestSet() {
        Backdoor bd = new Backdoor(new BadNetsPatch(2, 1f), 0, 0.25);
        float[] before = images.features().data().clone();
        int[] labelsBefore = images.labels().clone();
        Dataset p = bd.poison(images, Rng.of(5));
        assertThat(images.features().data()).containsExactly(before);
        assertThat(images.labels()).containsExactly(labelsBefore);
        int changed = 0;
        for (int i = 0; i < images.size(); i++) {
            float corner = p.features().get(i, 0, 7, 7);
            if (corner == 1f && p.label(i) == 0) {
                changed++;
            }
        }
        assertThat(changed).isGreaterThanOrEqualTo(10); // ceil(0.25 * 40) stamped (plus any class-0 corner of 1)
        Dataset trig = bd.triggeredTest(images);
        assertThat(trig.labels()).doesNotContain(0);
        assertThat(trig.size()).isEqualTo(images.size() - images.classCounts()[0]);
        for (int i = 0; i < trig.size(); i++) {
            assertThat(trig.features().get(i, 0, 6, 6)).isEqualTo(1f);
        }
        assertThat(PoisonMetrics.attackSuccessRate(new int[] {0, 1, 0, 2}, 0)).isCloseTo(0.5, within(1e-12));
        assertThat(List.of(bd.name())).allMatch(s -> s.contains("badnets"));
    }
}

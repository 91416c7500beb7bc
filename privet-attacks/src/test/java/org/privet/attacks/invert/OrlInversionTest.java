package org.privet.attacks.invert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.privet.attacks.reference.FlatteningClassifier;
import org.privet.core.data.Dataset;
import org.privet.core.data.io.ImageFolderLoader;
import org.privet.core.model.LogisticRegression;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * MI-Face on AT&T (ORL) faces, the paper's setting: a softmax model trained on 7 of each person's 10 images,
 * white-box MI-Face with the paper's parameters against all 40 people. Profile {@code slow} (about a minute);
 * needs the faces under /work/shared/data (skipped by assumption elsewhere). Deterministic (no sampling).
 * Prints the figures quoted in docs/inversion.md.
 */
@Tag("slow")
class OrlInversionTest {
    @Test
    void softmaxFaceRecogniserGivesUpMostFaces() {
        Path orl = Path.of("/work/shared/data/orl-faces");
        assumeThat(Files.isDirectory(orl)).as("ORL faces under /work/shared/data").isTrue();
        Dataset all = ImageFolderLoader.load(orl);
        int n = all.size();
        int[] perPerson = new int[all.numClasses()];
        int[] trainIdx = new int[n];
        int t = 0;
        for (int i = 0; i < n; i++) {
            if (perPerson[all.label(i)]++ < 7) {
                trainIdx[t++] = i;
            }
        }
        Dataset train = all.subset(java.util.Arrays.copyOf(trainIdx, t));
        int d = train.features().size() / t;
        LogisticRegression lr = LogisticRegression.fit(train.features().reshape(t, d), train.labels(),
                all.numClasses(), LogisticRegression.Options.defaults().withL2(1e-2));
        FlatteningClassifier model = new FlatteningClassifier(lr, train.features().shape());
        int[] people = new int[all.numClasses()];
        for (int i = 0; i < people.length; i++) {
            people[i] = i;
        }
        InversionAudit.Result r = InversionAudit.run(model, train, people, MiFace.Options.paper(), true, Rng.of(1),
                Progress.NONE);
        System.out.printf(Locale.ROOT, "ORL softmax: identified %.3f of %d people, mean SSIM to own images %.3f%n",
                r.identificationRate(), people.length, r.meanOwnSimilarity());
        assertThat(r.identificationRate()).isGreaterThan(0.8);
        Tensor first = r.classes().get(0).image();
        assertThat(first.shape()).containsExactly(1, 112, 92);
    }
}

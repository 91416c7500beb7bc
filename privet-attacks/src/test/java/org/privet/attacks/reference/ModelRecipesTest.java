package org.privet.attacks.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.GaussianMixture;
import org.privet.core.data.synthetic.SyntheticImages;
import org.privet.core.model.LogisticRegression;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.model.WhiteBoxClassifier;
import org.privet.core.rng.Rng;
import org.privet.core.train.TrainConfig;

class ModelRecipesTest {
    @Test
    void everyRecipeIsReproducibleFromItsRngAndReportsThePoolClasses() {
        Dataset images = SyntheticImages.generate(60, 3, 8, 0.1, 1, Rng.of(1));
        Dataset table = GaussianMixture.generate(80, 3, 4, 3.0, Rng.of(2));
        ModelRecipe cnn = ModelRecipes.cnn(2, 4, 8, TrainConfig.adam(1e-2f, 2, 16, 0));
        ModelRecipe mlpOnImages = ModelRecipes.mlp(new int[] {8}, TrainConfig.adam(1e-2f, 3, 16, 0));
        ModelRecipe lr = ModelRecipes.logisticRegression(LogisticRegression.Options.defaults().withL2(1e-3));
        for (Object[] c : new Object[][] {{cnn, images}, {mlpOnImages, images}, {lr, table}}) {
            ModelRecipe r = (ModelRecipe) c[0];
            Dataset d = (Dataset) c[1];
            ProbabilisticClassifier a = r.train(d, Rng.of(7));
            ProbabilisticClassifier b = r.train(d, Rng.of(7));
            assertThat(a.numClasses()).as(r.describe()).isEqualTo(3);
            assertThat(a).isInstanceOf(WhiteBoxClassifier.class);
            assertThat(ReferenceTrainer.logitsOf(a, d.features())).as(r.describe())
                    .containsExactly(ReferenceTrainer.logitsOf(b, d.features()));
            assertThat(a.inputShape()).containsExactly(java.util.Arrays.copyOfRange(d.features().shape(), 1,
                    d.features().rank()));
        }
        // a different generator gives a different network
        assertThat(ReferenceTrainer.logitsOf(cnn.train(images, Rng.of(8)), images.features()))
                .isNotEqualTo(ReferenceTrainer.logitsOf(cnn.train(images, Rng.of(7)), images.features()));
        assertThat(cnn.describe()).contains("cnn[2,4,8]").contains("adam").contains("epochs=2");
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> ModelRecipes.mlp(new int[] {0}, TrainConfig.adam(1e-2f, 1, 1, 0)))
                .hasMessageContaining("hidden widths must be >= 1");
        ModelRecipe cnn = ModelRecipes.cnn(2, 4, 8, TrainConfig.adam(1e-2f, 1, 16, 0));
        assertThatThrownBy(() -> cnn.train(GaussianMixture.generate(10, 2, 4, 3.0, Rng.of(1)), Rng.of(1)))
                .hasMessageContaining("cnn recipe needs image features [n, c, h, w]");
    }
}

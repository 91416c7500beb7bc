package org.privet.core.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.data.Column;
import org.privet.core.data.DataFormatException;
import org.privet.core.data.Dataset;
import org.privet.core.data.Schema;
import org.privet.core.data.UnseenCategory;
import org.privet.core.tensor.Tensor;

class TransformTest {
    static Dataset table(List<String> colours, float[] x, int[] y) {
        Schema s = Schema.tabular(List.of(Column.numeric("size"), Column.categorical("colour", colours),
                Column.label("y", List.of("n", "p"))));
        return new Dataset("t", Tensor.of(x, y.length, 2), y, s);
    }

    @Test
    void oneHotEncodesBlocksAndRemapsByName() {
        Dataset train = table(List.of("blue", "green", "red"), new float[] {1, 2, 5, 0, 3, 1}, new int[] {0, 1, 0});
        OneHotEncoder enc = OneHotEncoder.fit(train);
        Dataset e = enc.apply(train);
        assertThat(e.features().shape()).containsExactly(3, 4);
        assertThat(e.features().data()).containsExactly(1, 0, 0, 1, 5, 1, 0, 0, 3, 0, 1, 0);
        assertThat(e.schema().block("colour").from()).isEqualTo(1);
        assertThat(e.schema().featureName(3)).isEqualTo("colour=red");
        // a test file loaded on its own numbers its categories differently: mapped by name
        Dataset test = table(List.of("green", "red"), new float[] {7, 1, 8, 0}, new int[] {1, 1});
        assertThat(enc.apply(test).features().data()).containsExactly(7, 0, 0, 1, 8, 0, 1, 0);
        // an unknown ordinal code (-1) is all zeros
        Dataset unknown = table(List.of("blue", "green", "red"), new float[] {4, -1}, new int[] {0});
        assertThat(enc.apply(unknown).features().data()).containsExactly(4, 0, 0, 0);
    }

    @Test
    void unseenCategoryIsAnErrorOrZeros() {
        Dataset train = table(List.of("blue", "red"), new float[] {1, 0, 2, 1}, new int[] {0, 1});
        Dataset test = table(List.of("purple", "red"), new float[] {3, 1, 4, 0}, new int[] {0, 1});
        assertThatThrownBy(() -> OneHotEncoder.fit(train).apply(test)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("column 'colour': unseen category 'purple'");
        Dataset z = OneHotEncoder.fit(train, UnseenCategory.ZEROS).apply(test);
        assertThat(z.features().data()).containsExactly(3, 0, 1, 4, 0, 0);
    }

    @Test
    void standardizerFitsOnTrainOnlyAndSkipsCategoricalFeatures() {
        Dataset train = table(List.of("a", "b"), new float[] {1, 0, 3, 1, 5, 1}, new int[] {0, 1, 0});
        Standardizer st = Standardizer.fit(train);
        assertThat(st.means()[0]).isEqualTo(3.0);
        assertThat(st.stds()[0]).isCloseTo(Math.sqrt(8.0 / 3), within(1e-12));
        assertThat(st.means()[1]).isZero();
        assertThat(st.stds()[1]).isEqualTo(1.0);
        Dataset s = st.apply(train);
        float[] x = s.features().data();
        assertThat(x[0] + x[2] + x[4]).isCloseTo(0f, within(1e-6f));
        assertThat(x[1]).isZero();
        assertThat(x[3]).isEqualTo(1f);
        // test data is mapped with the training statistics, not its own
        Dataset test = table(List.of("a", "b"), new float[] {3, 0, 9, 1}, new int[] {0, 0});
        float[] t = st.apply(test).features().data();
        assertThat(t[0]).isZero();
        assertThat(t[2]).isCloseTo((float) (6 / Math.sqrt(8.0 / 3)), within(1e-5f));
        assertThat(st.inverse(st.transform(test.features())).data()).containsExactly(3, 0, 9, 1);
        // a constant feature maps to 0 rather than dividing by zero
        Dataset constant = table(List.of("a"), new float[] {2, 0, 2, 0}, new int[] {0, 1});
        assertThat(Standardizer.fit(constant).apply(constant).features().data()).containsExactly(0, 0, 0, 0);
        assertThatThrownBy(() -> st.transform(Tensor.zeros(2, 3))).hasMessageContaining("do not have 2 features");
    }

    @Test
    void minMaxScalesTrainToUnitIntervalWithoutClipping() {
        Dataset train = table(List.of("a", "b"), new float[] {2, 0, 4, 1, 6, 1}, new int[] {0, 1, 0});
        MinMaxScaler mm = MinMaxScaler.fit(train);
        assertThat(mm.apply(train).features().data()).containsExactly(0, 0, 0.5f, 1, 1, 1);
        Dataset test = table(List.of("a", "b"), new float[] {8, 0}, new int[] {0});
        assertThat(mm.apply(test).features().data()).containsExactly(1.5f, 0);
        assertThat(mm.mins()).containsExactly(2, 0);
    }

    @Test
    void imageDataIsStandardisedPerPixel() {
        Schema s = Schema.image(1, 1, 2, List.of("a", "b"));
        Dataset d = new Dataset("img", Tensor.of(new float[] {0, 1, 1, 1}, 2, 1, 1, 2), new int[] {0, 1}, s);
        Standardizer st = Standardizer.fit(d);
        assertThat(st.apply(d).features().data()).containsExactly(-1, 0, 1, 0);
        assertThatThrownBy(() -> OneHotEncoder.fit(d)).hasMessageContaining("needs a tabular data set");
    }
}

package org.privet.core.model.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.privet.core.tensor.Tensor;

class ModelFilePropertiesTest {
    @Provide
    Arbitrary<Tensor> tensors() {
        Arbitrary<int[]> shapes = Arbitraries.integers().between(0, 4).list().ofMinSize(0).ofMaxSize(3)
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
        return shapes.flatMap(shape -> {
            int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            // Arbitrary bit patterns: NaN payloads, infinities, subnormals and -0 must survive exactly.
            return Arbitraries.integers().list().ofSize(size).map(bits -> {
                float[] d = new float[size];
                for (int i = 0; i < size; i++) {
                    d[i] = Float.intBitsToFloat(bits.get(i));
                }
                return Tensor.wrap(d, shape);
            });
        });
    }

    @Provide
    Arbitrary<List<Tensor>> tensorLists() {
        return tensors().list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> kinds() {
        return Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().ofMaxLength(6)).as((a, b) -> a + b);
    }

    @Property(tries = 60, seed = "20261128") // fixed seed: reproducible runs
    void roundTripIsBitExact(@ForAll("tensorLists") List<Tensor> list, @ForAll("kinds") String kind,
            @ForAll int[] ints) throws IOException {
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            t.put("t" + i, list.get(i));
        }
        LinkedHashMap<String, int[]> iarr = new LinkedHashMap<>();
        iarr.put("ints", ints);
        var header = ModelFile.newHeader().put("text", kind);
        Path dir = Files.createTempDirectory("privet-mf");
        Path p = dir.resolve("p.pmf");
        try {
            ModelFile.write(p, new ModelFile.Contents(kind, header, t, iarr));
            ModelFile.Contents back = ModelFile.read(p);
            assertThat(back.kind()).isEqualTo(kind);
            assertThat(back.header()).isEqualTo(header);
            assertThat(back.tensors().keySet()).containsExactlyElementsOf(t.keySet());
            for (String name : t.keySet()) {
                Tensor a = t.get(name);
                Tensor b = back.tensors().get(name);
                assertThat(b.shape()).containsExactly(a.shape());
                for (int i = 0; i < a.size(); i++) {
                    assertThat(Float.floatToRawIntBits(b.data()[i])).isEqualTo(Float.floatToRawIntBits(a.data()[i]));
                }
            }
            assertThat(back.ints("ints")).containsExactly(ints);
        } finally {
            Files.deleteIfExists(p);
            Files.delete(dir);
        }
    }
}

package org.privet.pprl.clk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClkFileTest {
    @TempDir
    Path dir;

    private static ClkSet random(int n, int bits, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int w = (bits + 63) / 64;
        long[] words = new long[n * w];
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "r" + i;
            for (int k = 0; k < w; k++) {
                words[i * w + k] = r.nextLong();
            }
            if (bits % 64 != 0) {
                words[i * w + w - 1] &= (1L << (bits % 64)) - 1;
            }
        }
        return new ClkSet(List.of(ids), bits, words);
    }

    @Test
    void roundTripKeepsIdsBitsAndFingerprint() throws IOException {
        ClkSet set = random(3000, 1000, 1);
        Path f = dir.resolve("a.clk");
        ClkFile.write(f, set, "schema-abc");
        ClkSet back = ClkFile.read(f);
        assertThat(back.ids()).isEqualTo(set.ids());
        assertThat(back.words()).isEqualTo(set.words());
        assertThat(ClkFile.header(f)).isEqualTo(new ClkFile.Header(1000, "schema-abc"));
        assertThat(back.popcount(5)).isEqualTo(set.popcount(5));
    }

    @Test
    void truncatedOrFlippedFilesAreRefused() throws IOException {
        Path f = dir.resolve("a.clk");
        ClkFile.write(f, random(50, 1024, 2), "");
        byte[] bytes = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.clk");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertThatThrownBy(() -> ClkFile.read(cut)).isInstanceOf(IOException.class).hasMessageContaining("truncated");
        bytes[200] ^= 1;
        Path flip = dir.resolve("flip.clk");
        Files.write(flip, bytes);
        assertThatThrownBy(() -> ClkFile.read(flip)).isInstanceOf(IOException.class).hasMessageContaining("checksum");
        Path foreign = dir.resolve("x.clk");
        Files.writeString(foreign, "id,clk\n1,abc\n");
        assertThatThrownBy(() -> ClkFile.read(foreign)).isInstanceOf(IOException.class).hasMessageContaining("magic");
    }

    @Test
    void uncommittedWriterLeavesNoFile() throws IOException {
        Path f = dir.resolve("b.clk");
        try (ClkFile.Writer w = ClkFile.writer(f, 64, "")) {
            w.write("x", new long[] {5}, 0);
        }
        assertThat(f).doesNotExist();
        assertThat(dir).isEmptyDirectory();
        assertThatThrownBy(() -> new ClkSet(List.of("a"), 60, new long[] {-1L}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be zero");
    }
}

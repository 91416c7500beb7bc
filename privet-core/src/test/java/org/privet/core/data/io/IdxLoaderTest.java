package org.privet.core.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.data.DataFormatException;
import org.privet.core.data.Dataset;

class IdxLoaderTest {
    @TempDir
    Path dir;

    /** IDX bytes: 00 00 08 nd, dims big-endian, then the values. */
    static byte[] idx(int[] dims, byte[] values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0);
        b.write(0);
        b.write(8);
        b.write(dims.length);
        for (int d : dims) {
            b.write(d >>> 24);
            b.write(d >>> 16);
            b.write(d >>> 8);
            b.write(d);
        }
        b.writeBytes(values);
        return b.toByteArray();
    }

    static void writeGz(Path p, byte[] content) throws IOException {
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(p))) {
            os.write(content);
        }
    }

    @Test
    void loadsImagesAndLabelsPlainAndGzipped() throws IOException {
        byte[] px = new byte[3 * 2 * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 11);
        }
        px[5] = (byte) 255;
        Path img = dir.resolve("img-idx3-ubyte");
        Files.write(img, idx(new int[] {3, 2, 4}, px));
        Path lab = dir.resolve("lab-idx1-ubyte.gz");
        writeGz(lab, idx(new int[] {3}, new byte[] {7, 0, 9}));
        Dataset d = IdxLoader.load(img, lab, "tiny", 10, null);
        assertThat(d.features().shape()).containsExactly(3, 1, 2, 4);
        assertThat(d.labels()).containsExactly(7, 0, 9);
        assertThat(d.classNames()).hasSize(10).startsWith("0", "1");
        assertThat(d.features().data()[1]).isEqualTo(11 / 255f);
        assertThat(d.features().data()[5]).isEqualTo(1f);
    }

    @Test
    void truncatedFileNamesExpectedAndActualBytes() throws IOException {
        byte[] full = idx(new int[] {2, 28, 28}, new byte[2 * 28 * 28]);
        Path p = dir.resolve("cut-idx3-ubyte");
        Files.write(p, Arrays.copyOf(full, full.length - 100));
        assertThatThrownBy(() -> IdxLoader.read(p)).isInstanceOf(DataFormatException.class)
                .hasMessage(p + ": truncated IDX data: [2, 28, 28] needs 1584 bytes, file has 1484");
        Path gz = dir.resolve("cut.gz");
        writeGz(gz, Arrays.copyOf(full, 10));
        assertThatThrownBy(() -> IdxLoader.read(gz)).hasMessageContaining("truncated IDX header: expected 16 bytes, file has 10");
        Path longer = dir.resolve("long-idx1");
        Files.write(longer, idx(new int[] {2}, new byte[3]));
        assertThatThrownBy(() -> IdxLoader.read(longer)).hasMessageContaining("needs 10 bytes, file has 11");
    }

    @Test
    void validatesMagicTypeDimsAndCounts() throws IOException {
        Path bad = dir.resolve("bad");
        Files.write(bad, new byte[] {1, 2, 8, 1, 0, 0, 0, 0});
        assertThatThrownBy(() -> IdxLoader.read(bad)).hasMessageContaining("bad IDX magic 01 02 08 01");
        Path floats = dir.resolve("floats");
        Files.write(floats, new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 0});
        assertThatThrownBy(() -> IdxLoader.read(floats)).hasMessageContaining("IDX data type 0x0d is not supported");
        Path img = dir.resolve("img");
        Files.write(img, idx(new int[] {2, 1, 1}, new byte[] {1, 2}));
        Path lab = dir.resolve("lab");
        Files.write(lab, idx(new int[] {3}, new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> IdxLoader.load(img, lab, "x", 10, null))
                .hasMessageContaining("has 3 labels but " + img + " has 2 images");
        Files.write(lab, idx(new int[] {2}, new byte[] {1, 12}));
        assertThatThrownBy(() -> IdxLoader.load(img, lab, "x", 10, null)).hasMessageContaining("label 12 is outside [0, 10)");
        assertThatThrownBy(() -> IdxLoader.load(lab, lab, "x", 10, null)).hasMessageContaining("expected an idx3 image file");
    }
}

package org.privet.core.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class ModelFileTest {
    @TempDir
    Path dir;

    static ModelFile.Contents sample() {
        Rng rng = Rng.of(1);
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", Tensor.randn(rng, 1f, 3, 4));
        t.put("scalar", Tensor.scalar(-2.5f));
        t.put("empty", Tensor.zeros(0, 5));
        t.put("bias ünïcode", Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0f}, 3));
        LinkedHashMap<String, int[]> ints = new LinkedHashMap<>();
        ints.put("feature", new int[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE});
        ints.put("none", new int[0]);
        var header = ModelFile.newHeader();
        header.put("note", "héllo");
        header.putObject("nested").put("n", 3);
        return new ModelFile.Contents("test-kind", header, t, ints);
    }

    private Path written() throws IOException {
        Path p = dir.resolve("m.pmf");
        ModelFile.write(p, sample());
        return p;
    }

    private static void assertSameContents(ModelFile.Contents a, ModelFile.Contents b) {
        assertThat(b.kind()).isEqualTo(a.kind());
        assertThat(b.header()).isEqualTo(a.header());
        assertThat(b.tensors().keySet()).containsExactlyElementsOf(a.tensors().keySet());
        a.tensors().forEach((k, v) -> {
            Tensor w = b.tensors().get(k);
            assertThat(w.shape()).containsExactly(v.shape());
            int[] bitsA = new int[v.size()];
            int[] bitsB = new int[w.size()];
            for (int i = 0; i < v.size(); i++) {
                bitsA[i] = Float.floatToRawIntBits(v.data()[i]);
                bitsB[i] = Float.floatToRawIntBits(w.data()[i]);
            }
            assertThat(Arrays.mismatch(bitsA, bitsB)).as("first differing element of %s", k).isEqualTo(-1);
        });
        assertThat(b.intArrays().keySet()).containsExactlyElementsOf(a.intArrays().keySet());
        a.intArrays().forEach((k, v) -> assertThat(Arrays.mismatch(v, b.intArrays().get(k)))
                .as("first differing element of %s", k).isEqualTo(-1));
    }

    @Test
    void roundTripsBitForBit() throws IOException {
        Path p = written();
        assertSameContents(sample(), ModelFile.read(p));
        byte[] bytes = Files.readAllBytes(p);
        assertThat(new String(bytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("PRIVETMF");
        assertThat(ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(1);
    }

    @Test
    void largeTensorsStreamThroughTheBuffer() throws IOException {
        // 300k floats = 1.2 MB, many times the 64 KiB buffer, with an odd-sized neighbour.
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("a", Tensor.randn(Rng.of(2), 1f, 3, 100_000));
        t.put("b", Tensor.randn(Rng.of(3), 1f, 7));
        LinkedHashMap<String, int[]> ints = new LinkedHashMap<>();
        int[] big = new int[70_001];
        Arrays.setAll(big, i -> i * 31);
        ints.put("c", big);
        ModelFile.Contents c = new ModelFile.Contents("big", ModelFile.newHeader(), t, ints);
        Path p = dir.resolve("big.pmf");
        ModelFile.write(p, c);
        assertSameContents(c, ModelFile.read(p));
    }

    @Test
    void everyTruncationIsReportedAsTruncated() throws IOException {
        byte[] full = Files.readAllBytes(written());
        Path cut = dir.resolve("cut.pmf");
        for (int len = 0; len < full.length; len++) {
            Files.write(cut, Arrays.copyOf(full, len));
            Throwable t = catchThrowable(() -> ModelFile.read(cut));
            assertThat(t).as("prefix of %d bytes", len).isInstanceOf(ModelFileException.class);
            assertThat(t.getMessage()).as("prefix of %d bytes", len).startsWith(cut + ": truncated: ");
        }
    }

    @Test
    void truncatedTensorMessageSaysWhatIsMissing() throws IOException {
        // One tensor 'w' of 1024 floats; cut the file 100 payload bytes into its data.
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", Tensor.zeros(1024));
        Path p = dir.resolve("w.pmf");
        ModelFile.write(p, new ModelFile.Contents("k", ModelFile.newHeader(), t));
        byte[] full = Files.readAllBytes(p);
        int dataStart = full.length - 32 - 4096;
        Files.write(p, Arrays.copyOf(full, dataStart + 100 + 32));
        assertThatThrownBy(() -> ModelFile.read(p)).isInstanceOf(ModelFileException.class)
                .hasMessage(p + ": truncated: header says 4096 bytes of tensor 'w', 100 remain");
    }

    @Test
    void foreignFilesAreRecognised() throws IOException {
        Path png = dir.resolve("image.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        assertThatThrownBy(() -> ModelFile.read(png)).isInstanceOf(ModelFileException.class)
                .hasMessage(png + ": not a Privet model file (starts with bytes 89 50 4e 47 0d 0a 1a 0a, expected 'PRIVETMF')");
        Path noise = dir.resolve("noise.bin");
        byte[] random = new byte[5000];
        Rng rng = Rng.of(5);
        for (int i = 0; i < random.length; i++) {
            random[i] = (byte) rng.nextInt();
        }
        Files.write(noise, random);
        assertThatThrownBy(() -> ModelFile.read(noise)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("not a Privet model file");
        Path tiny = dir.resolve("tiny.txt");
        Files.write(tiny, "hi".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> ModelFile.read(tiny)).hasMessageContaining("not a Privet model file");
    }

    @Test
    void flippedByteIsACorruptionNeverACrash() throws IOException {
        Path p = written();
        byte[] full = Files.readAllBytes(p);
        Path bad = dir.resolve("bad.pmf");
        int headerLen = ByteBuffer.wrap(full, 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int checksumCount = 0;
        for (int i = 0; i < full.length; i++) {
            byte[] b = full.clone();
            b[i] ^= 0x5A;
            Files.write(bad, b);
            Throwable t = catchThrowable(() -> ModelFile.read(bad));
            assertThat(t).as("byte %d flipped", i).isInstanceOf(ModelFileException.class);
            assertThat(((ModelFileException) t).path()).isEqualTo(bad);
            boolean inHeaderJson = i >= 16 && i < 16 + headerLen;
            boolean inDigest = i >= full.length - 32;
            if (inHeaderJson || inDigest) {
                // Bytes whose value the structure does not depend on: only the checksum can tell.
                assertThat(t.getMessage()).as("byte %d flipped", i).contains("corrupted: SHA-256 mismatch");
                checksumCount++;
            }
        }
        assertThat(checksumCount).isEqualTo(headerLen + 32);
        // A flip in tensor data is also caught by the checksum.
        byte[] b = full.clone();
        b[full.length - 40] ^= 1;
        Files.write(bad, b);
        assertThatThrownBy(() -> ModelFile.read(bad)).hasMessageStartingWith(bad + ": corrupted: SHA-256 mismatch");
    }

    @Test
    void newerFormatVersionIsRefusedByName() throws IOException {
        Path p = written();
        byte[] b = Files.readAllBytes(p);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 3);
        Files.write(p, b);
        assertThatThrownBy(() -> ModelFile.read(p)).isInstanceOf(ModelFileException.class)
                .hasMessage(p + ": written by a newer Privet: format 3, this build reads 1");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0);
        Files.write(p, b);
        assertThatThrownBy(() -> ModelFile.read(p)).hasMessageContaining("format version 0 is not valid");
    }

    /** A structurally plausible file whose lengths lie; no valid checksum needed (truncation is checked first). */
    private Path hostile(int headerLen, int count, int nameLen, int rank, int... dims) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        b.put("PRIVETMF".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(headerLen);
        byte[] json = "{\"kind\":\"x\"}".getBytes(StandardCharsets.US_ASCII);
        if (headerLen == json.length) {
            b.put(json);
        }
        b.putInt(count).putInt(nameLen).put((byte) 'w').put((byte) 1).put((byte) rank);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(new byte[64]);
        Path p = dir.resolve("hostile.pmf");
        Files.write(p, Arrays.copyOf(b.array(), b.position()));
        return p;
    }

    @Test
    void hostileLengthsNeverAllocate() throws IOException {
        // 2^30 floats (4 GiB) announced in a ~130-byte file: refused before allocation.
        Path p = hostile(12, 1, 1, 2, 1 << 15, 1 << 15);
        assertThatThrownBy(() -> ModelFile.read(p)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("truncated: header says 4294967296 bytes of tensor 'w'");
        Path overflow = hostile(12, 1, 1, 3, 1 << 20, 1 << 20, 1 << 20);
        assertThatThrownBy(() -> ModelFile.read(overflow)).hasMessageContaining("more than 2147483647 elements");
        Path header = hostile(Integer.MAX_VALUE, 1, 1, 0);
        assertThatThrownBy(() -> ModelFile.read(header)).hasMessageContaining("corrupted: header length 2147483647");
        Path header2 = hostile(1 << 20, 1, 1, 0);
        assertThatThrownBy(() -> ModelFile.read(header2))
                .hasMessageContaining("truncated: header says 1048576 bytes of JSON header");
        Path entries = hostile(12, Integer.MAX_VALUE, 1, 0);
        assertThatThrownBy(() -> ModelFile.read(entries)).hasMessageContaining("truncated: header says 2147483647 arrays");
        Path name = hostile(12, 1, 1 << 30, 0);
        assertThatThrownBy(() -> ModelFile.read(name)).hasMessageContaining("name length 1073741824");
        Path negative = hostile(12, 1, 1, 1, -5);
        assertThatThrownBy(() -> ModelFile.read(negative)).hasMessageContaining("negative dimension -5");
        Path rank = hostile(12, 1, 1, 200);
        assertThatThrownBy(() -> ModelFile.read(rank)).hasMessageContaining("has rank 200");
    }

    @Test
    void writesLeaveNoTemporaryFiles() throws IOException {
        Path p = dir.resolve("m.pmf");
        ModelFile.write(p, sample());
        ModelFile.write(p, sample()); // replace
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(p);
        }
        // A failed write (folder missing) leaves nothing behind either.
        Path missing = dir.resolve("no-such-folder").resolve("m.pmf");
        assertThatThrownBy(() -> ModelFile.write(missing, sample())).isInstanceOf(NoSuchFileException.class);
        // Invalid contents are refused before any file is created.
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("x".repeat(2000), Tensor.zeros(1));
        assertThatThrownBy(() -> ModelFile.write(dir.resolve("n.pmf"), new ModelFile.Contents("k", ModelFile.newHeader(), t)))
                .hasMessage("array name must have 1..1024 UTF-8 bytes. Provided: 2000 bytes");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(p);
        }
    }

    @Test
    void contentsRejectMisuse() {
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("a", Tensor.zeros(1));
        LinkedHashMap<String, int[]> i = new LinkedHashMap<>();
        i.put("a", new int[1]);
        assertThatThrownBy(() -> new ModelFile.Contents("k", ModelFile.newHeader(), t, i))
                .hasMessage("array name 'a' is used by a tensor and an int array");
        var h = ModelFile.newHeader().put("kind", "other");
        assertThatThrownBy(() -> new ModelFile.Contents("k", h, t)).hasMessageContaining("'kind' is reserved");
        assertThatThrownBy(() -> new ModelFile.Contents(" ", ModelFile.newHeader(), t)).hasMessageContaining("kind");
        assertThatThrownBy(() -> new ModelFile.Contents("k", ModelFile.newHeader(), t).tensor("b"))
                .hasMessage("k: missing tensor 'b'; present: [a]");
    }
}

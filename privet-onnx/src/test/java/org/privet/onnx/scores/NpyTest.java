package org.privet.onnx.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.privet.core.data.DataFormatException;

/** The .npy reader on hand-built files of each version and type, and on numpy's own files. */
class NpyTest {
    private static final Path F = Path.of("t.npy");

    /** A .npy file: version major, header dict, then {@code data}. */
    static byte[] npy(int major, String dict, byte[] data) {
        byte[] h = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        int pre = major == 1 ? 10 : 12;
        ByteBuffer b = ByteBuffer.allocate(pre + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        return b.put(h).put(data).array();
    }

    static byte[] le(int bytesEach, long... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * bytesEach).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            switch (bytesEach) {
                case 1 -> b.put((byte) x);
                case 4 -> b.putInt((int) x);
                default -> b.putLong(x);
            }
        }
        return b.array();
    }

    @Test
    void readsEachTypeAndBothHeaderVersions() {
        ByteBuffer f8 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.25).putDouble(-3);
        Npy.Array d = Npy.parse(npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", f8.array()), F);
        assertThat(d.shape()).containsExactly(2);
        assertThat(d.values()).containsExactly(1.25, -3.0);
        Npy.Array i = Npy.parse(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1, 3), }", le(8, 7, -1,
                1L << 40)), F);
        assertThat(i.shape()).containsExactly(1, 3);
        assertThat(i.values()).containsExactly(7.0, -1.0, (double) (1L << 40));
        Npy.Array b = Npy.parse(npy(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", le(1, 1, 0, 1)), F);
        assertThat(b.values()).containsExactly(1.0, 0.0, 1.0);
        Npy.Array f4 = Npy.parse(Npy.writeFloat32(new float[] {0.5f, 2f, 3f, 4f, 5f, 6f}, 2, 3), F);
        assertThat(f4.shape()).containsExactly(2, 3);
        assertThat(f4.isFloat()).isTrue();
        assertThat(f4.values()).containsExactly(0.5, 2, 3, 4, 5, 6);
        Npy.Array scalar = Npy.parse(npy(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (), }", le(4, 9)), F);
        assertThat(scalar.shape()).isEmpty();
        assertThat(scalar.values()).containsExactly(9.0);
    }

    @Test
    void readsNumpysOwnFiles() throws Exception {
        Path dir = Path.of(NpyTest.class.getResource("/org/privet/onnx/labels.npy").toURI()).getParent();
        Npy.Array labels = Npy.read(dir.resolve("labels.npy"));
        assertThat(labels.dtype()).isEqualTo("<i8");
        assertThat(labels.shape()).containsExactly(1200);
        Npy.Array keep = Npy.read(dir.resolve("ref_keep.npy"));
        assertThat(keep.dtype()).isEqualTo("|b1");
        assertThat(keep.shape()).containsExactly(8, 1200);
        Npy.Array member = Npy.read(dir.resolve("member.npy"));
        assertThat(member.dtype()).isEqualTo("|i1");
        assertThat(member.values()).contains(-1.0, 0.0, 1.0);
    }

    @Test
    void refusesWhatItCannotReadSoundly() {
        assertThatThrownBy(() -> Npy.parse(npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }",
                new byte[16]), F)).isInstanceOf(DataFormatException.class).hasMessageContaining("t.npy")
                .hasMessageContaining("Fortran");
        assertThatThrownBy(() -> Npy.parse(npy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }",
                new byte[4]), F)).hasMessageContaining("'>f4' is not supported");
        assertThatThrownBy(() -> Npy.parse(npy(1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }",
                new byte[8]), F)).hasMessageContaining("'|O' is not supported");
        assertThatThrownBy(() -> Npy.parse(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
                new byte[8]), F)).hasMessageContaining("needs 12 data bytes but the file has 8 (truncated)");
        assertThatThrownBy(() -> Npy.parse(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }",
                new byte[8]), F)).hasMessageContaining("trailing bytes");
        assertThatThrownBy(() -> Npy.parse("PK\u0003\u0004 not numpy".getBytes(StandardCharsets.ISO_8859_1), F))
                .hasMessageContaining("not a .npy file");
        assertThatThrownBy(() -> Npy.parse(npy(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (1,), }",
                le(1, 5)), F)).hasMessageContaining("byte value 5");
        byte[] cut = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        assertThatThrownBy(() -> Npy.parse(java.util.Arrays.copyOf(cut, 20), F)).hasMessageContaining("truncated");
    }
}

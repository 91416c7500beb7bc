package org.privet.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The wire-format reader against bytes written by hand and by {@link ProtoWriter}. */
class ProtoReaderTest {
    @Test
    void varintsRoundTrip() throws Exception {
        long[] values = {0, 1, 127, 128, 300, 1L << 35, Long.MAX_VALUE, -1};
        ProtoWriter w = new ProtoWriter();
        for (long v : values) {
            w.varint(1, v);
        }
        ProtoReader r = new ProtoReader(w.toByteArray());
        for (long v : values) {
            assertThat(r.readTag()).isEqualTo(1 << 3);
            assertThat(r.readVarint()).isEqualTo(v);
        }
        assertThat(r.hasMore()).isFalse();
        // 300 is the protobuf documentation's example: 0xAC 0x02
        assertThat(new ProtoReader(new byte[] {(byte) 0xAC, 0x02}).readVarint()).isEqualTo(300);
    }

    @Test
    void stringsMessagesAndFloats() throws Exception {
        ProtoWriter inner = new ProtoWriter().string(1, "héllo").float32(2, 1.5f);
        byte[] b = new ProtoWriter().message(3, inner).toByteArray();
        ProtoReader r = new ProtoReader(b);
        assertThat(r.readTag()).isEqualTo(3 << 3 | 2);
        ProtoReader m = r.readMessage();
        m.readTag();
        assertThat(m.readString()).isEqualTo("héllo");
        assertThat(m.readTag()).isEqualTo(2 << 3 | 5);
        assertThat(m.readFloat()).isEqualTo(1.5f);
        assertThat(m.hasMore()).isFalse();
    }

    @Test
    void malformedInputIsRefusedWithTheOffset() {
        assertThatThrownBy(() -> new ProtoReader(new byte[] {(byte) 0x80, (byte) 0x80}).readVarint())
                .hasMessageContaining("byte 0").hasMessageContaining("truncated varint");
        byte[] eleven = new byte[11];
        java.util.Arrays.fill(eleven, (byte) 0xFF);
        assertThatThrownBy(() -> new ProtoReader(eleven).readVarint()).hasMessageContaining("longer than 10 bytes");
        // field 1, length-delimited, claims 5 bytes but 2 remain
        assertThatThrownBy(() -> {
            ProtoReader r = new ProtoReader(new byte[] {0x0A, 0x05, 1, 2});
            r.readTag();
            r.readMessage();
        }).hasMessageContaining("byte 1").hasMessageContaining("runs past the end");
        assertThatThrownBy(() -> new ProtoReader(new byte[] {0x0B}).readTag()).hasMessageContaining("group");
        assertThatThrownBy(() -> new ProtoReader(new byte[] {0x0F}).readTag()).hasMessageContaining("invalid wire type 7");
        assertThatThrownBy(() -> new ProtoReader(new byte[] {0x00}).readTag()).hasMessageContaining("field number 0");
        assertThatThrownBy(() -> new ProtoReader(new byte[] {0x01, 0x02}).readFixed32()).hasMessageContaining("truncated fixed32");
        assertThatThrownBy(() -> {
            ProtoReader r = new ProtoReader(new byte[] {0x0A, 0x02, (byte) 0xC3, 0x28});
            r.readTag();
            r.readString();
        }).hasMessageContaining("UTF-8");
    }

    @Test
    void packedAndUnpackedRepeatedInts() throws Exception {
        byte[] packed = new ProtoWriter().packedInt64(1, 3, 300, 7).toByteArray();
        ProtoReader r = new ProtoReader(packed);
        ProtoReader.LongList out = new ProtoReader.LongList();
        r.readInt64s(r.readTag() & 7, out);
        byte[] unpacked = new ProtoWriter().varint(1, 9).toByteArray();
        ProtoReader u = new ProtoReader(unpacked);
        u.readInt64s(u.readTag() & 7, out);
        assertThat(out.toArray()).containsExactly(3, 300, 7, 9);
    }
}

package org.privet.fl.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FlWireTest {
    private static final byte[] NONCE = new byte[FlWire.NONCE_BYTES];

    static {
        for (int i = 0; i < NONCE.length; i++) {
            NONCE[i] = (byte) (7 * i + 1);
        }
    }

    @Test
    void everyMessageRoundTripsExactly() {
        float[] v = {1.5f, -0f, Float.MIN_VALUE, 3.4e38f, Float.NaN};
        FlWire.Update u = (FlWire.Update) FlWire.decode(FlWire.update(7, NONCE, 3, 42, v));
        assertThat(u.round()).isEqualTo(7);
        assertThat(u.nonce()).containsExactly(NONCE);
        assertThat(u.clientId()).isEqualTo(3);
        assertThat(u.examples()).isEqualTo(42);
        for (int i = 0; i < v.length; i++) {
            assertThat(Float.floatToRawIntBits(u.delta()[i])).isEqualTo(Float.floatToRawIntBits(v[i]));
        }
        FlWire.Train t = (FlWire.Train) FlWire.decode(FlWire.train(2, NONCE, v));
        assertThat(t.round()).isEqualTo(2);
        assertThat(t.nonce()).containsExactly(NONCE);
        assertThat(t.global()).hasSize(5);
        assertThat(FlWire.decode(FlWire.hello(9))).isEqualTo(new FlWire.Hello(9));
        assertThat(FlWire.decode(FlWire.welcome(10, 3, "dense(2,5)", "secure")))
                .isEqualTo(new FlWire.Welcome(10, 3, "dense(2,5)", "secure"));
        assertThat(((FlWire.Done) FlWire.decode(FlWire.done(4, new float[] {2f}))).model()).containsExactly(2f);
        assertThat(FlWire.decode(FlWire.error("no"))).isEqualTo(new FlWire.ErrorMessage("no"));
    }

    @Test
    void theNonceSitsAtByteTenOfATrainMessage() {
        // FlServer patches the nonce per client into a shared TRAIN message at this offset
        byte[] m = FlWire.train(1, NONCE, new float[3]);
        assertThat(Arrays.copyOfRange(m, 10, 10 + FlWire.NONCE_BYTES)).containsExactly(NONCE);
    }

    @Test
    void malformedPayloadsAreRefusedNamingTheField() {
        byte[] ok = FlWire.update(0, NONCE, 1, 1, new float[4]);
        byte[] badMagic = ok.clone();
        badMagic[0] = 'X';
        assertThatThrownBy(() -> FlWire.decode(badMagic)).isInstanceOf(FlProtocolException.class)
                .hasMessageContaining("bad magic");
        byte[] badVersion = ok.clone();
        badVersion[4] = 9;
        assertThatThrownBy(() -> FlWire.decode(badVersion)).hasMessageContaining("version 9 is not supported");
        byte[] badType = ok.clone();
        badType[5] = 77;
        assertThatThrownBy(() -> FlWire.decode(badType)).hasMessageContaining("unknown message type 77");
        assertThatThrownBy(() -> FlWire.decode(Arrays.copyOf(ok, ok.length - 1)))
                .hasMessageContaining("update: length field says 4 floats but 15 bytes follow");
        assertThatThrownBy(() -> FlWire.decode(Arrays.copyOf(ok, 20))).hasMessageContaining("ends inside a field");
        byte[] negative = ok.clone();
        ByteBuffer.wrap(negative).putInt(6 + 4 + 16 + 8, -1);
        assertThatThrownBy(() -> FlWire.decode(negative)).hasMessageContaining("length field says -1 floats");
        byte[] trailing = Arrays.copyOf(FlWire.hello(1), 11);
        assertThatThrownBy(() -> FlWire.decode(trailing)).hasMessageContaining("1 trailing bytes");
        assertThatThrownBy(() -> FlWire.decode(new byte[3])).hasMessageContaining("shorter than the 6-byte header");
        assertThatThrownBy(() -> FlWire.train(0, new byte[3], new float[1])).hasMessageContaining("nonce must be 16 bytes");
    }
}

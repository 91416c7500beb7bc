package org.privet.pprl.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** BLAKE2b against RFC 7693 Appendix A and vectors from CPython's hashlib.blake2b (the reference C code). */
class Blake2bTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] range(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void rfc7693AppendixA() {
        Blake2b b = new Blake2b(64);
        b.update("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(hex(b.digest())).isEqualTo("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
    }

    @Test
    void keyedVectorsOfTheReferenceKat() {
        // blake2b-kat.txt: key 00..3f, input 00..(n-1)
        Blake2b b = new Blake2b(64, range(64), null, null);
        assertThat(hex(b.digest())).isEqualTo("10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786"
                + "b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568");
        b.update(range(255));
        assertThat(hex(b.digest())).isEqualTo("142709d62e28fcccd0af97fad0f8465b971e82201dc51070faa0372aa43e9248"
                + "4be1c1e73ba10906d5d1853db6a4106e0a7bf9800d373d6dee2d46d62ef2a461");
        // after a digest the same object starts over: the empty-message case again
        assertThat(hex(b.digest())).startsWith("10ebb67700b1868e");
    }

    @Test
    void saltPersonalisationAndShortDigests() {
        byte[] salt = new byte[16];
        salt[0] = '1';
        Blake2b b = new Blake2b(32, "secretkey".getBytes(StandardCharsets.US_ASCII), salt, null);
        b.update("jo".getBytes(StandardCharsets.US_ASCII));
        // hashlib.blake2b(b'jo', key=b'secretkey', salt=b'1', digest_size=32)
        assertThat(hex(b.digest())).isEqualTo("edd27d51059142d90daee8ac2ae51dd1c435fd637fe6cbb922bd8facdcba2718");

        byte[] person = new byte[16];
        System.arraycopy("privet".getBytes(StandardCharsets.US_ASCII), 0, person, 0, 6);
        byte[] msg = new byte[1000];
        for (int i = 0; i < msg.length; i++) {
            msg[i] = (byte) (i % 251);
        }
        Blake2b p = new Blake2b(20, null, null, person);
        // in uneven pieces across block boundaries: same as one call
        p.update(msg, 0, 1);
        p.update(msg, 1, 127);
        p.update(msg, 128, 129);
        p.update(msg, 257, 743);
        assertThat(hex(p.digest())).isEqualTo("d576f395a3d43988642aeb764541bee349f2efe3");
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> new Blake2b(65)).hasMessageContaining("digest length must be in [1, 64]")
                .hasMessageContaining("65");
        assertThatThrownBy(() -> new Blake2b(64, new byte[65], null, null)).hasMessageContaining("key length");
        assertThatThrownBy(() -> new Blake2b(64, null, new byte[8], null)).hasMessageContaining("salt must be 16");
    }
}

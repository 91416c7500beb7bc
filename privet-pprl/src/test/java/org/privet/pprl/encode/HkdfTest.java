package org.privet.pprl.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HkdfTest {
    @TempDir
    Path dir;

    @Test
    void rfc5869TestCase1() {
        HexFormat h = HexFormat.of();
        byte[] ikm = h.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] salt = h.parseHex("000102030405060708090a0b0c");
        byte[] info = h.parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertThat(h.formatHex(Hkdf.derive(salt, ikm, info, 42))).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void secretsMustHave128Bits() throws Exception {
        assertThatThrownBy(() -> LinkageSecret.of(new byte[15])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 128 bits").hasMessageContaining("Provided length: 15");
        Path f = dir.resolve("short.key");
        Files.write(f, new byte[8]);
        assertThatThrownBy(() -> LinkageSecret.read(f)).hasMessageContaining("short.key")
                .hasMessageContaining("File length: 8 bytes");
        assertThat(LinkageSecret.generate().length()).isEqualTo(32);
        assertThat(LinkageSecret.of(new byte[16]).toString()).contains("redacted");
    }
}

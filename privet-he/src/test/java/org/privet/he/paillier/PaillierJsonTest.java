package org.privet.he.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaillierJsonTest {
    private final PaillierKeyPair kp = TestKeys.k512();
    private final PaillierPublicKey pk = kp.publicKey();
    private final PaillierPrivateKey sk = kp.privateKey();
    private final PaillierPublicKey otherKey = TestKeys.other512().publicKey();

    @Test
    void roundTripsEveryType() {
        assertThat(PaillierJson.publicKeyFromJson(PaillierJson.toJson(pk), "pk", true)).isEqualTo(pk);
        PaillierPrivateKey sk2 = PaillierJson.privateKeyFromJson(PaillierJson.toJson(sk), "sk", true);
        assertThat(sk2).isEqualTo(sk);
        PaillierCiphertext c = pk.encrypt(BigInteger.valueOf(123));
        assertThat(sk2.decrypt(PaillierJson.ciphertextFromJson(PaillierJson.toJson(c), "c", pk))).isEqualTo(BigInteger.valueOf(123));
        EncryptedNumber x = EncryptedNumber.encrypt(pk, -1.25);
        EncryptedNumber x2 = PaillierJson.encryptedNumberFromJson(PaillierJson.toJson(x), "x", pk);
        assertThat(x2).isEqualTo(x);
        assertThat(sk.decryptDouble(x2)).isEqualTo(-1.25);
        EncryptedVector v = EncryptedVector.encrypt(pk, new double[] {1.5, -2, 0}, -3);
        assertThat(PaillierJson.encryptedVectorFromJson(PaillierJson.toJson(v), "v", pk)).isEqualTo(v);
        PackedVector pv = PackedVector.encrypt(pk, PackingLayout.of(pk, 0.75, 10, 3), new double[] {0.5, -0.75, 0.25});
        PackedVector pv2 = PaillierJson.packedVectorFromJson(PaillierJson.toJson(pv), "pv", pk);
        assertThat(pv2).isEqualTo(pv);
        assertThat(pv2.decryptSum(sk)).containsExactly(0.5, -0.75, 0.25);
    }

    @Test
    void wrongKeyIsAnError() {
        String json = PaillierJson.toJson(EncryptedVector.encrypt(pk, new double[] {1}, 0));
        assertThatThrownBy(() -> PaillierJson.encryptedVectorFromJson(json, "v.json", otherKey))
                .isInstanceOf(PaillierFormatException.class)
                .hasMessageContaining("v.json").hasMessageContaining("keyFingerprint")
                .hasMessageContaining(pk.fingerprint()).hasMessageContaining(otherKey.fingerprint());
    }

    @Test
    void truncatedCorruptedAndForeignDocumentsAreErrors() {
        String json = PaillierJson.toJson(pk.encrypt(BigInteger.TEN));
        assertThatThrownBy(() -> PaillierJson.ciphertextFromJson(json.substring(0, json.length() / 2), "c.json", pk))
                .isInstanceOf(PaillierFormatException.class).hasMessageContaining("c.json").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> PaillierJson.ciphertextFromJson("", "c.json", pk))
                .isInstanceOf(PaillierFormatException.class);
        // flip one base64 character of the ciphertext: still valid base64, caught by the checksum
        int at = json.indexOf("\"c\" : \"") + 8;
        char ch = json.charAt(at);
        String corrupted = json.substring(0, at) + (ch == 'A' ? 'B' : 'A') + json.substring(at + 1);
        assertThatThrownBy(() -> PaillierJson.ciphertextFromJson(corrupted, "c.json", pk))
                .isInstanceOf(PaillierFormatException.class).hasMessageContaining("checksum");
        String noChecksum = json.replaceAll(",\\s*\"checksum\" : \"[^\"]*\"", "");
        assertThatThrownBy(() -> PaillierJson.ciphertextFromJson(noChecksum, "c.json", pk)).hasMessageContaining("checksum")
                .hasMessageContaining("missing");
        String v2 = json.replace("\"version\" : 1", "\"version\" : 2");
        assertThatThrownBy(() -> PaillierJson.ciphertextFromJson(v2, "c.json", pk)).hasMessageContaining("version");
        assertThatThrownBy(() -> PaillierJson.publicKeyFromJson(json, "c.json", true)).hasMessageContaining("type")
                .hasMessageContaining("public-key");
        assertThatThrownBy(() -> PaillierJson.publicKeyFromJson(PaillierJson.toJson(pk), "pk.json", false))
                .isInstanceOf(PaillierFormatException.class).hasMessageContaining("field 'n'").hasMessageContaining("2048");
    }

    @Test
    void filesAreWrittenAtomicallyAndPrivateKeysPrivately(@TempDir Path dir) throws Exception {
        Path skFile = dir.resolve("key.json");
        PaillierJson.write(skFile, PaillierJson.toJson(sk));
        assertThat(PaillierJson.privateKeyFromJson(PaillierJson.read(skFile), skFile.toString(), true)).isEqualTo(sk);
        if (Files.getFileAttributeView(skFile, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertThat(Files.getPosixFilePermissions(skFile)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE);
        }
        Path vFile = dir.resolve("v.json");
        EncryptedVector v = EncryptedVector.encrypt(pk, new double[] {3, 4}, -2, Obfuscators.crt(sk, new Random(1)));
        PaillierJson.write(vFile, PaillierJson.toJson(v));
        PaillierJson.write(vFile, PaillierJson.toJson(v)); // replaces
        assertThat(PaillierJson.encryptedVectorFromJson(PaillierJson.read(vFile), vFile.toString(), pk).decrypt(sk)).containsExactly(3, 4);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("key.json", "v.json");
        }
    }
}

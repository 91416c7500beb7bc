package org.privet.mpc.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Keys and certificates of the parties: {@link #generate} makes, per party, an ECDSA P-256 key pair (128-bit
 * security) from {@link SecureRandom} and a self-signed X.509 certificate ({@code CN=privet party <id>},
 * SHA256withECDSA, valid for {@code validity} from now), written as PEM files {@code party-<id>.key}
 * (PKCS#8, owner read/write only where the file system allows) and {@code party-<id>.crt}, plus a {@code
 * parties.json} ({@link PartiesConfig}). Trust comes from pinning: each party accepts exactly the certificates
 * in the config, so no certificate authority is involved. Every file is written to a temporary name and
 * moved into place; an existing file is never overwritten. Stateless and thread-safe.
 */
public final class TlsKeys {
    private TlsKeys() {
    }

    /**
     * Writes keys, certificates and {@code parties.json} for {@code parties >= 2} parties into {@code dir}
     * (created if needed). Party {@code i} is at {@code host} port {@code basePort + i}.
     *
     * @return the written configuration
     * @throws IllegalArgumentException for bad arguments or when one of the files already exists
     */
    public static PartiesConfig generate(int parties, Path dir, String host, int basePort, Duration validity,
                                         long timeoutMillis) {
        if (parties < 2) {
            throw new IllegalArgumentException("parties must be >= 2. Provided value: " + parties);
        }
        if (basePort < 1 || basePort + parties - 1 > 65535) {
            throw new IllegalArgumentException("ports basePort..basePort+parties-1 must lie in [1, 65535]. Provided "
                    + "basePort: " + basePort);
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be > 0. Provided value: " + validity);
        }
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve("parties.json");
            List<PartiesConfig.Party> list = new ArrayList<>();
            for (int i = 0; i < parties; i++) {
                for (Path p : List.of(dir.resolve("party-" + i + ".key"), dir.resolve("party-" + i + ".crt"), json)) {
                    if (Files.exists(p)) {
                        throw new IllegalArgumentException(p + " already exists; refusing to overwrite keys");
                    }
                }
            }
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < parties; i++) {
                KeyPair kp = newKeyPair(random);
                X509Certificate cert = selfSign(kp, "privet party " + i, validity, random);
                Path key = dir.resolve("party-" + i + ".key");
                Path crt = dir.resolve("party-" + i + ".crt");
                writeAtomically(key, pem("PRIVATE KEY", kp.getPrivate().getEncoded()), true);
                writeAtomically(crt, pem("CERTIFICATE", cert.getEncoded()), false);
                list.add(new PartiesConfig.Party(i, host, basePort + i, crt, key));
            }
            PartiesConfig cfg = new PartiesConfig(list, timeoutMillis);
            writeAtomically(json, cfg.toJson(dir).getBytes(StandardCharsets.UTF_8), false);
            return cfg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write keys to " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key generation failed: " + e.getMessage(), e);
        }
    }

    static KeyPair newKeyPair(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    static X509Certificate selfSign(KeyPair kp, String commonName, Duration validity, SecureRandom random)
            throws GeneralSecurityException {
        X500Name name = new X500Name("CN=" + commonName);
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(127, random).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), name, kp.getPublic());
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the certificate: " + e.getMessage(), e);
        }
    }

    static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static void writeAtomically(Path target, byte[] content, boolean secret) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            if (secret) {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: rely on the folder's permissions
                }
            }
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            if (Files.size(target) != content.length) {
                throw new IOException(target + ": written size differs");
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(target + " already exists; refusing to overwrite keys", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads a PEM certificate; errors name the file. */
    public static X509Certificate readCertificate(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the certificate: " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + ": not a PEM X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** Reads a PKCS#8 PEM private key (EC or RSA); errors name the file. */
    public static PrivateKey readPrivateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the private key: " + e.getMessage(), e);
        }
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(file + ": expected a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": bad base64 in the private key: " + e.getMessage(), e);
        }
        for (String alg : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(file + ": the private key is not an EC, RSA or Ed25519 PKCS#8 key");
    }
}

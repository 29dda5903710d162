package org.mailtxt.imap.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.imap.config.ServerConfig;
import org.mailtxt.imap.config.TlsKeystore;

class SelfSignedKeystoreTest {
    @TempDir
    Path base;

    @Test
    void aMissingKeystoreIsGeneratedAsALoadablePkcs12ForLocalhostWithAnOwnerOnlyPasswordFile() throws Exception {
        ServerConfig loaded = ServerConfig.load(null, Map.of("keywords.file", ""), base);
        assertThat(loaded.tls()).isEmpty();

        ServerConfig ready = SelfSignedKeystore.ensure(loaded);

        TlsKeystore tls = ready.tls().orElseThrow();
        Path keystore = base.resolve("data/tls/keystore.p12");
        Path passwordFile = base.resolve("data/tls/keystore.p12.password");
        assertThat(tls.keystore()).isEqualTo(keystore);
        assertThat(tls.type()).isEqualTo("PKCS12");
        assertThat(tls.secret()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(Files.readString(passwordFile)).isEqualTo(tls.secret() + "\n");
        assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(keystore)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(keystore.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        try (var files = Files.list(keystore.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no partial files left")
                    .containsExactlyInAnyOrder("keystore.p12", "keystore.p12.password");
        }

        X509Certificate cert = certificate(keystore, tls.secret());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "localhost"),
                List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        Duration validity = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
        assertThat(validity.toDays()).isEqualTo(3650);
        assertThat(cert.getNotBefore().toInstant()).isBefore(Instant.now().plusSeconds(5));
        assertThat(ServerConfig.load(null, Map.of("keywords.file", ""), base).tls())
                .as("the next start finds keystore and password").contains(tls);
    }

    @Test
    void anExistingKeystoreIsUsedAsIs() throws Exception {
        ServerConfig first = SelfSignedKeystore.ensure(ServerConfig.load(null, Map.of("keywords.file", ""), base));
        Path keystore = first.tls().orElseThrow().keystore();
        byte[] before = Files.readAllBytes(keystore);

        ServerConfig again = ServerConfig.load(null, Map.of("keywords.file", ""), base);
        assertThat(SelfSignedKeystore.ensure(again)).isSameAs(again);
        assertThat(again.tls()).isEqualTo(first.tls());
        assertThat(Files.readAllBytes(keystore)).isEqualTo(before);
        assertThatThrownBy(() -> SelfSignedKeystore.generate(keystore, base.resolve("pw"), Optional.empty()))
                .hasMessageContaining("already exists");
    }

    @Test
    void aConfiguredPasswordOrAnExistingPasswordFileIsUsedForANewKeystore() throws Exception {
        Path passwordFile = Files.writeString(base.resolve("given.password"), "kept-password\n");
        TlsKeystore fromFile = SelfSignedKeystore.generate(base.resolve("a.p12"), passwordFile, Optional.empty());
        TlsKeystore configured = SelfSignedKeystore.generate(base.resolve("b.p12"), base.resolve("unused"),
                Optional.of("configured-password"));

        assertThat(fromFile.secret()).isEqualTo("kept-password");
        assertThat(certificate(fromFile.keystore(), "kept-password")).isNotNull();
        assertThat(certificate(configured.keystore(), "configured-password")).isNotNull();
        assertThat(base.resolve("unused")).doesNotExist();
    }

    @Test
    void withTlsDisabledNothingIsGenerated() throws Exception {
        ServerConfig off = ServerConfig.load(null, Map.of("keywords.file", "", "tls.enabled", "false",
                "imaps.port", "0"), base);

        assertThat(SelfSignedKeystore.ensure(off)).isSameAs(off);
        assertThat(off.tls()).isEmpty();
        assertThat(base.resolve("data")).doesNotExist();
    }

    private static X509Certificate certificate(Path keystore, String secret) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, secret.toCharArray());
        }
        assertThat(store.isKeyEntry(SelfSignedKeystore.ALIAS)).isTrue();
        assertThat(store.getKey(SelfSignedKeystore.ALIAS, secret.toCharArray())).isNotNull();
        return (X509Certificate) store.getCertificate(SelfSignedKeystore.ALIAS);
    }
}

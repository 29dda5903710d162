package org.mailtxt.imap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.imap.auth.ThrottlePolicy;
import org.mailtxt.locking.LockMethod;
import org.mailtxt.mailstore.format.MailboxFormat;

class ServerConfigTest {
    /** The checkout's root: tests run in the module directory. */
    static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    static final Path SHIPPED = CHECKOUT.resolve("conf/mailtxt.properties");

    @TempDir
    Path base;

    @Test
    void withoutAFileEveryKeyTakesItsDocumentedDefault() throws Exception {
        Files.createDirectories(base.resolve("conf"));
        Files.writeString(base.resolve("conf/keywords.cf"), "set keywords $Junk, $NotJunk\n");

        ServerConfig c = ServerConfig.load(null, Map.of(), base);

        assertThat(c.bindAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(c.imapPort()).isEqualTo(1143);
        assertThat(c.imapsPort()).isEqualTo(1993);
        assertThat(c.dataDirectory()).isEqualTo(base.resolve("data"));
        assertThat(c.mailRoot()).isEqualTo(base.resolve("data/mail"));
        assertThat(c.mailDirectory("demo")).isEqualTo(base.resolve("data/mail/demo"));
        assertThat(c.defaultFormat()).isEqualTo(MailboxFormat.MTX);
        assertThat(c.lockMethod()).isEqualTo(LockMethod.Setting.AUTO);
        assertThat(c.lockDirectory()).isEqualTo(Path.of("/tmp"));
        assertThat(c.lockWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.keywordFile()).contains(base.resolve("conf/keywords.cf"));
        assertThat(c.keywords()).containsExactly("$Junk", "$NotJunk");
        assertThat(c.maxConnections()).isEqualTo(200);
        assertThat(c.maxConnectionsPerIp()).isEqualTo(20);
        assertThat(c.maxLineLength()).isEqualTo(65_536);
        assertThat(c.maxLiteralSize()).isEqualTo(64L << 20);
        assertThat(c.maxMessageSize()).isEqualTo(64L << 20);
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.tlsSettings()).isEqualTo(new TlsSettings(true, base.resolve("data/tls/keystore.p12"),
                Optional.empty(), base.resolve("data/tls/keystore.p12.password")));
        assertThat(c.tls()).as("no keystore yet: the launcher generates it").isEmpty();
        assertThat(c.plaintextAuth()).isEqualTo(PlaintextAuth.LOOPBACK_OR_TLS);
        assertThat(c.loginThrottle()).isEqualTo(ThrottlePolicy.defaults());
        assertThat(c.logLevel()).isEqualTo(LogLevel.INFO);
        assertThat(c.mailStoreConfig().keywords()).containsExactly("$Junk", "$NotJunk");
        assertThat(c.mailStoreConfig().inboxFormat()).isEqualTo(MailboxFormat.MTX);
    }

    @Test
    void theShippedFileListsEveryKeyWithItsDefaultAndParsesToTheDefaults() throws Exception {
        Properties shipped = new Properties();
        try (Reader in = Files.newBufferedReader(SHIPPED, StandardCharsets.UTF_8)) {
            shipped.load(in);
        }
        Map<String, String> written = new HashMap<>();
        shipped.stringPropertyNames().forEach(k -> written.put(k, shipped.getProperty(k)));
        assertThat(written).isEqualTo(ConfigKeys.DEFAULTS);

        assertThat(ServerConfig.load(SHIPPED, Map.of(), CHECKOUT))
                .isEqualTo(ServerConfig.load(null, Map.of(), CHECKOUT));
        assertThat(ServerConfig.load(SHIPPED, Map.of(), CHECKOUT).keywords()).contains("$Forwarded", "$Junk");
    }

    @Test
    void everyKeyIsReadFromTheFile() throws Exception {
        Path keywords = Files.writeString(base.resolve("kw.cf"), "set keywords a b c\n");
        Path file = write("""
                server.bind = ::1
                imap.port = 2143
                imaps.port = 0
                data.dir = /srv/mt
                mail.root = spool
                mailbox.format = tenex
                lock.method = dotlock
                lock.dir = /var/lock/mt
                lock.wait = 500ms
                keywords.file = %s
                limits.max-connections = 50
                limits.max-connections-per-ip = 5
                limits.max-line-length = 8K
                limits.max-literal-size = 1G
                limits.max-message-size = 10M
                limits.idle-timeout = 2h
                tls.enabled = false
                tls.keystore = /etc/mt/ks.p12
                tls.password = hunter2
                tls.password-file = /etc/mt/pw
                auth.plaintext = always
                auth.throttle.free-failures = 0
                auth.throttle.base-delay = 250ms
                auth.throttle.max-delay = 2s
                auth.throttle.lockout-failures = 4
                auth.throttle.lockout = 1m
                auth.throttle.forget-after = 1d
                log.level = debug
                """.formatted(keywords));

        ServerConfig c = ServerConfig.load(file, Map.of(), base);

        assertThat(c.bindAddress()).isEqualTo(InetAddress.getByName("::1"));
        assertThat(c.imapPort()).isEqualTo(2143);
        assertThat(c.imapsPort()).isZero();
        assertThat(c.dataDirectory()).isEqualTo(Path.of("/srv/mt"));
        assertThat(c.mailRoot()).isEqualTo(base.resolve("spool"));
        assertThat(c.defaultFormat()).isEqualTo(MailboxFormat.TENEX);
        assertThat(c.lockMethod()).isEqualTo(LockMethod.Setting.DOTLOCK);
        assertThat(c.lockDirectory()).isEqualTo(Path.of("/var/lock/mt"));
        assertThat(c.lockWait()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.keywords()).containsExactly("a", "b", "c");
        assertThat(c.maxConnections()).isEqualTo(50);
        assertThat(c.maxConnectionsPerIp()).isEqualTo(5);
        assertThat(c.maxLineLength()).isEqualTo(8192);
        assertThat(c.maxLiteralSize()).isEqualTo(1L << 30);
        assertThat(c.maxMessageSize()).isEqualTo(10L << 20);
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(c.tlsSettings()).isEqualTo(new TlsSettings(false, Path.of("/etc/mt/ks.p12"),
                Optional.of("hunter2"), Path.of("/etc/mt/pw")));
        assertThat(c.tls()).isEmpty();
        assertThat(c.plaintextAuth()).isEqualTo(PlaintextAuth.ALWAYS);
        assertThat(c.loginThrottle()).isEqualTo(new ThrottlePolicy(0, Duration.ofMillis(250), Duration.ofSeconds(2),
                4, Duration.ofMinutes(1), Duration.ofDays(1)));
        assertThat(c.logLevel()).isEqualTo(LogLevel.DEBUG);
    }

    @Test
    void overridesWinOverTheFileAndAnEmptyKeywordFileMeansNoKeywords() throws Exception {
        Path file = write("imap.port = 2143\nlog.level = warn\n");

        ServerConfig c = ServerConfig.load(file, Map.of("imap.port", "3143", "keywords.file", "",
                "data.dir", "elsewhere"), base);

        assertThat(c.imapPort()).isEqualTo(3143);
        assertThat(c.logLevel()).isEqualTo(LogLevel.WARN);
        assertThat(c.keywordFile()).isEmpty();
        assertThat(c.keywords()).isEmpty();
        assertThat(c.dataDirectory()).isEqualTo(base.resolve("elsewhere"));
        assertThat(c.mailRoot()).as("derived from the overridden data.dir").isEqualTo(base.resolve("elsewhere/mail"));
    }

    @Test
    void anExistingKeystoreIsServedWithThePasswordFromItsPasswordFile() throws Exception {
        Path tls = Files.createDirectories(base.resolve("data/tls"));
        Files.write(tls.resolve("keystore.p12"), new byte[] {1});
        Files.writeString(tls.resolve("keystore.p12.password"), "s3cret\n");

        ServerConfig c = ServerConfig.load(null, Map.of("keywords.file", ""), base);

        assertThat(c.tls()).contains(new TlsKeystore(tls.resolve("keystore.p12"), "s3cret"));
        assertThat(c.tls().orElseThrow().type()).isEqualTo("PKCS12");
        assertThat(c.tls().orElseThrow().toString()).doesNotContain("s3cret");
        assertThat(ServerConfig.load(null, Map.of("keywords.file", "", "tls.password", "direct"), base).tls())
                .contains(new TlsKeystore(tls.resolve("keystore.p12"), "direct"));
    }

    @Test
    void anExistingKeystoreWithoutItsPasswordFileStopsTheStartNamingTheKey() throws Exception {
        Path tls = Files.createDirectories(base.resolve("data/tls"));
        Files.write(tls.resolve("keystore.p12"), new byte[] {1});

        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("keywords.file", ""), base))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("tls.keystore"))
                .hasMessageContaining("keystore.p12.password");
    }

    @Test
    void aMissingKeywordFileStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), base))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("keywords.file"))
                .hasMessageContaining("keywords.cf");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheListOfKnownKeys() {
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("imap.prot", "1"), base))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("imap.prot"))
                .hasMessageContaining("--set").hasMessageContaining("imap.port");
    }

    @Test
    void valuesThatContradictEachOtherAreRefusedNamingTheKeyToChange() {
        assertRefused(Map.of("tls.enabled", "false"), "imaps.port", "tls.enabled");
        assertRefused(Map.of("tls.enabled", "false", "imaps.port", "0", "auth.plaintext", "tls-only"),
                "auth.plaintext", "nobody could log in");
        assertRefused(Map.of("imaps.port", "1143"), "imaps.port", "same port");
        assertRefused(Map.of("limits.max-connections", "10"), "limits.max-connections-per-ip", "from 1 to 10");
        assertRefused(Map.of("auth.throttle.max-delay", "500ms"), "auth.throttle.max-delay", "base-delay");
        assertRefused(Map.of("auth.throttle.lockout-failures", "3"), "auth.throttle.lockout-failures", "from 4");
        assertRefused(Map.of("auth.throttle.forget-after", "1m"), "auth.throttle.forget-after", "from 5m");
    }

    @Test
    void durationsAndSizesAcceptTheirUnits() {
        assertThat(ConfigReader.parseDuration("0")).isEqualTo(Duration.ZERO);
        assertThat(ConfigReader.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ConfigReader.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ConfigReader.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigReader.parseDuration("2H")).isEqualTo(Duration.ofHours(2));
        assertThat(ConfigReader.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(ConfigReader.parseSize("100")).isEqualTo(100);
        assertThat(ConfigReader.parseSize("64k")).isEqualTo(65_536);
        assertThat(ConfigReader.parseSize("64M")).isEqualTo(64L << 20);
        assertThat(ConfigReader.parseSize("2G")).isEqualTo(2L << 30);
        assertThat(ConfigReader.show(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(ConfigReader.show(Duration.ofMillis(1500))).isEqualTo("1500ms");
        for (String bad : List.of("", "30", "s", "-1s", "1.5s", "30 sec")) {
            assertThatThrownBy(() -> ConfigReader.parseDuration(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String bad : List.of("", "M", "-1", "1.5M", "1T", "64MB")) {
            assertThatThrownBy(() -> ConfigReader.parseSize(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private void assertRefused(Map<String, String> overrides, String key, String messagePart) {
        Map<String, String> all = new HashMap<>(overrides);
        all.put("keywords.file", "");
        assertThatThrownBy(() -> ServerConfig.load(null, all, base)).as(overrides.toString())
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageContaining(key).hasMessageContaining(messagePart);
    }

    private Path write(String text) throws IOException {
        return Files.writeString(base.resolve("mailtxt.properties"), text);
    }
}

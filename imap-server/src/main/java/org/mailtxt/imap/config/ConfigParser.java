package org.mailtxt.imap.config;

import static org.mailtxt.imap.config.ConfigKeys.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.mailtxt.imap.auth.ThrottlePolicy;
import org.mailtxt.locking.LockMethod;
import org.mailtxt.mailstore.KeywordList;
import org.mailtxt.mailstore.format.MailboxFormat;

/**
 * Turns the raw keys of a {@link ConfigReader} into a {@link ServerConfig}: each key parsed and range-checked, then
 * the checks between keys, then the referenced files (keyword list, keystore password). Stateless.
 */
final class ConfigParser {
    private static final Duration DAY = Duration.ofDays(1);

    private ConfigParser() {
    }

    static ServerConfig parse(ConfigReader r) throws ConfigException {
        int imapPort = r.integer(IMAP_PORT, 0, 65_535);
        int imapsPort = r.integer(IMAPS_PORT, 0, 65_535);
        if (imapsPort != 0 && imapsPort == imapPort) {
            throw ConfigException.problem(r.value(IMAPS_PORT), "is the same port as " + IMAP_PORT
                    + "; choose another, or 0 to disable implicit TLS", null);
        }
        Path data = r.path(DATA_DIR);
        Path mailRoot = r.isEmpty(MAIL_ROOT) ? data.resolve("mail") : r.path(MAIL_ROOT);
        int maxConnections = r.integer(MAX_CONNECTIONS, 1, 1_000_000);
        int perIp = r.integer(MAX_CONNECTIONS_PER_IP, 1, 1_000_000);
        if (perIp > maxConnections) {
            throw ConfigException.problem(r.value(MAX_CONNECTIONS_PER_IP), "is more than " + MAX_CONNECTIONS + " ("
                    + maxConnections + "); accepted: a whole number from 1 to " + maxConnections, null);
        }
        long maxMessage = r.size(MAX_MESSAGE_SIZE, 1, Integer.MAX_VALUE);
        TlsSettings tlsSettings = tlsSettings(r, data);
        PlaintextAuth plaintext = r.parse(AUTH_PLAINTEXT, PlaintextAuth::parse, PlaintextAuth.ACCEPTED);
        if (!tlsSettings.enabled() && imapsPort != 0) {
            throw ConfigException.problem(r.value(IMAPS_PORT), "needs TLS, but " + TLS_ENABLED
                    + " is false; set " + IMAPS_PORT + "=0 or " + TLS_ENABLED + "=true", null);
        }
        if (!tlsSettings.enabled() && plaintext == PlaintextAuth.TLS_ONLY) {
            throw ConfigException.problem(r.value(AUTH_PLAINTEXT), "allows logins over TLS only, but "
                    + TLS_ENABLED + " is false, so nobody could log in; enable TLS or choose "
                    + PlaintextAuth.ACCEPTED, null);
        }
        Optional<Path> keywordFile = r.isEmpty(KEYWORDS_FILE) ? Optional.empty() : Optional.of(r.path(KEYWORDS_FILE));
        List<String> keywords = keywordFile.isPresent() ? keywords(r.value(KEYWORDS_FILE), keywordFile.get())
                : List.of();
        return new ServerConfig(r.address(BIND), imapPort, imapsPort, data, mailRoot,
                r.choice(MAILBOX_FORMAT, MailboxFormat.class),
                r.parse(LOCK_METHOD, LockMethod.Setting::parse, "auto, flock, dotlock"), r.path(LOCK_DIR),
                r.duration(LOCK_WAIT, Duration.ZERO, DAY), keywordFile, keywords, maxConnections, perIp,
                (int) r.size(MAX_LINE_LENGTH, 1024, 16L << 20), r.size(MAX_LITERAL_SIZE, 1, Integer.MAX_VALUE),
                maxMessage, r.duration(IDLE_TIMEOUT, Duration.ofMinutes(1), DAY), tlsSettings,
                keystore(r, tlsSettings), plaintext, throttle(r), r.choice(LOG_LEVEL, LogLevel.class));
    }

    private static TlsSettings tlsSettings(ConfigReader r, Path data) throws ConfigException {
        boolean enabled = r.bool(TLS_ENABLED);
        Path keystore = r.isEmpty(TLS_KEYSTORE) ? data.resolve("tls").resolve("keystore.p12") : r.path(TLS_KEYSTORE);
        Path passwordFile = r.isEmpty(TLS_PASSWORD_FILE)
                ? keystore.resolveSibling(keystore.getFileName() + ".password") : r.path(TLS_PASSWORD_FILE);
        Optional<String> password = r.isEmpty(TLS_PASSWORD) ? Optional.empty() : Optional.of(r.text(TLS_PASSWORD));
        return new TlsSettings(enabled, keystore, password, passwordFile);
    }

    /** The keystore and its secret when TLS is on and the keystore exists; the launcher generates a missing one. */
    private static Optional<TlsKeystore> keystore(ConfigReader r, TlsSettings tls) throws ConfigException {
        if (!tls.enabled() || !Files.exists(tls.keystore())) {
            return Optional.empty();
        }
        if (tls.password().isPresent()) {
            return Optional.of(new TlsKeystore(tls.keystore(), tls.password().get()));
        }
        ConfigValue source = r.isEmpty(TLS_PASSWORD_FILE) ? r.value(TLS_KEYSTORE) : r.value(TLS_PASSWORD_FILE);
        String secret;
        try {
            List<String> lines = Files.readAllLines(tls.passwordFile(), StandardCharsets.UTF_8);
            secret = lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException e) {
            throw ConfigException.problem(source, "the keystore " + tls.keystore() + " exists but its password file "
                    + tls.passwordFile() + " cannot be read (" + e + "); set " + TLS_PASSWORD_FILE + " or "
                    + TLS_PASSWORD + ", or move the keystore away to have a new one generated", e);
        }
        if (secret.isEmpty()) {
            throw ConfigException.problem(source, "the password file " + tls.passwordFile()
                    + " is empty; its first line must be the keystore password", null);
        }
        return Optional.of(new TlsKeystore(tls.keystore(), secret));
    }

    private static ThrottlePolicy throttle(ConfigReader r) throws ConfigException {
        int free = r.integer(THROTTLE_FREE_FAILURES, 0, 1000);
        Duration base = r.duration(THROTTLE_BASE_DELAY, Duration.ofMillis(1), Duration.ofMinutes(10));
        Duration max = r.duration(THROTTLE_MAX_DELAY, Duration.ofMillis(1), Duration.ofMinutes(10));
        if (max.compareTo(base) < 0) {
            throw ConfigException.problem(r.value(THROTTLE_MAX_DELAY), "is shorter than " + THROTTLE_BASE_DELAY
                    + " (" + base + "); it must be at least as long", null);
        }
        int lockoutFailures = r.integer(THROTTLE_LOCKOUT_FAILURES, free + 1, 1_000_000);
        Duration lockout = r.duration(THROTTLE_LOCKOUT, Duration.ofSeconds(1), DAY);
        Duration forget = r.duration(THROTTLE_FORGET_AFTER, lockout, Duration.ofDays(7));
        return new ThrottlePolicy(free, base, max, lockoutFailures, lockout, forget);
    }

    private static List<String> keywords(ConfigValue value, Path file) throws ConfigException {
        try {
            return KeywordList.read(file);
        } catch (IOException e) {
            throw ConfigException.problem(value, "cannot read the keyword file " + file + " (" + e
                    + "); point the key at a readable file, or leave it empty for no keyword list", e);
        } catch (IllegalArgumentException e) {
            throw ConfigException.problem(value, e.getMessage(), e);
        }
    }
}

package org.mailtxt.imap.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mailtxt.imap.auth.ThrottlePolicy;
import org.mailtxt.locking.LockMethod;
import org.mailtxt.mailstore.MailStoreConfig;
import org.mailtxt.mailstore.format.MailboxFormat;

/**
 * The whole configuration of a mailtxt server, read from {@code conf/mailtxt.properties} (which documents every key
 * and its default) and command-line overrides by {@link #load}, and handed to the launcher, the user store and the
 * IMAP server. Paths are absolute and normalised; the keyword list is already read. Immutable; thread-safe.
 *
 * @param bindAddress address the listeners bind ({@code server.bind})
 * @param imapPort plain IMAP port with STARTTLS; 0 binds any free port ({@code imap.port})
 * @param imapsPort implicit-TLS IMAP port, 0 when disabled ({@code imaps.port})
 * @param dataDirectory where the index, the user database and the TLS files live ({@code data.dir})
 * @param mailRoot the directory holding one mail directory per user, {@code <mailRoot>/<user>} ({@code mail.root})
 * @param defaultFormat the format of mailboxes mailtxt creates ({@code mailbox.format})
 * @param lockMethod how mailbox files are locked ({@code lock.method})
 * @param lockDirectory where c-client's parse-lock files live ({@code lock.dir})
 * @param lockWait how long a busy lock is waited for before the command fails ({@code lock.wait})
 * @param keywordFile the c-client style keyword list, or empty when none is configured ({@code keywords.file})
 * @param keywords the names read from the keyword file (index = keyword number), empty without one
 * @param maxConnections connections served at once ({@code limits.max-connections})
 * @param maxConnectionsPerIp connections served at once from one client address
 *     ({@code limits.max-connections-per-ip})
 * @param maxLineLength longest command line, in bytes, literals excluded ({@code limits.max-line-length})
 * @param maxLiteralSize largest literal in a command, in bytes ({@code limits.max-literal-size})
 * @param maxMessageSize largest message APPEND accepts, in bytes ({@code limits.max-message-size})
 * @param idleTimeout how long a connection may send nothing before it is closed ({@code limits.idle-timeout})
 * @param tlsSettings what the {@code tls.*} keys say
 * @param tls the keystore to serve TLS with: present when TLS is enabled and the keystore exists (the launcher
 *     creates a missing one and supplies it with {@link #withTls}); empty when TLS is disabled
 * @param plaintextAuth when passwords may travel in the clear ({@code auth.plaintext})
 * @param loginThrottle how failed logins are slowed down ({@code auth.throttle.*})
 * @param logLevel the root log level ({@code log.level})
 */
public record ServerConfig(InetAddress bindAddress, int imapPort, int imapsPort, Path dataDirectory, Path mailRoot,
                           MailboxFormat defaultFormat, LockMethod.Setting lockMethod, Path lockDirectory,
                           Duration lockWait, Optional<Path> keywordFile, List<String> keywords, int maxConnections,
                           int maxConnectionsPerIp, int maxLineLength, long maxLiteralSize, long maxMessageSize,
                           Duration idleTimeout, TlsSettings tlsSettings, Optional<TlsKeystore> tls,
                           PlaintextAuth plaintextAuth, ThrottlePolicy loginThrottle, LogLevel logLevel) {

    /** The configuration file the launcher reads unless {@code --config} says otherwise. */
    public static final Path DEFAULT_FILE = Path.of("conf", "mailtxt.properties");

    public ServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(mailRoot, "mailRoot");
        Objects.requireNonNull(defaultFormat, "defaultFormat");
        Objects.requireNonNull(lockMethod, "lockMethod");
        Objects.requireNonNull(lockDirectory, "lockDirectory");
        Objects.requireNonNull(lockWait, "lockWait");
        Objects.requireNonNull(keywordFile, "keywordFile");
        keywords = List.copyOf(keywords);
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(tlsSettings, "tlsSettings");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(plaintextAuth, "plaintextAuth");
        Objects.requireNonNull(loginThrottle, "loginThrottle");
        Objects.requireNonNull(logLevel, "logLevel");
        if (tls.isPresent() && !tlsSettings.enabled()) {
            throw new IllegalArgumentException("a TLS keystore is given but tls.enabled is false");
        }
    }

    /**
     * Reads the configuration: the defaults, then {@code file}, then {@code overrides}; relative paths start at the
     * working directory. Reads the keyword file and, when the keystore exists, the keystore password.
     *
     * @param file a Java properties file with keys of {@code conf/mailtxt.properties}, or null for defaults only
     * @param overrides key → value, as given by {@code --set key=value} (and the launcher's shortcuts)
     * @return the configuration
     * @throws ConfigException for an unknown key, a value that does not parse, values that contradict each other,
     *     or a referenced file that cannot be read; the message names the key and what is accepted
     */
    public static ServerConfig load(Path file, Map<String, String> overrides) throws ConfigException {
        return load(file, overrides, Path.of("").toAbsolutePath());
    }

    /**
     * As {@link #load(Path, Map)}, with relative paths resolved against {@code baseDirectory}.
     *
     * @param file the properties file, or null for defaults only
     * @param overrides key → value
     * @param baseDirectory where relative paths start
     * @return the configuration
     * @throws ConfigException as for {@link #load(Path, Map)}
     */
    public static ServerConfig load(Path file, Map<String, String> overrides, Path baseDirectory)
            throws ConfigException {
        return ConfigParser.parse(ConfigReader.read(file, overrides, baseDirectory.toAbsolutePath().normalize()));
    }

    /**
     * @param keystore the keystore now present at {@code tlsSettings().keystore()}
     * @return this configuration serving TLS with {@code keystore}
     * @throws IllegalArgumentException when TLS is disabled
     */
    public ServerConfig withTls(TlsKeystore keystore) {
        return new ServerConfig(bindAddress, imapPort, imapsPort, dataDirectory, mailRoot, defaultFormat, lockMethod,
                lockDirectory, lockWait, keywordFile, keywords, maxConnections, maxConnectionsPerIp, maxLineLength,
                maxLiteralSize, maxMessageSize, idleTimeout, tlsSettings, Optional.of(keystore), plaintextAuth,
                loginThrottle, logLevel);
    }

    /** @return the mail directory of {@code user} (a name already validated by the user store) */
    public Path mailDirectory(String user) {
        return mailRoot.resolve(user);
    }

    /**
     * @return the mailstore's configuration: index in {@code <dataDirectory>}, locks, keywords, message size limit,
     *     the default format, and a 250 ms watch interval for changes by other processes
     */
    public MailStoreConfig mailStoreConfig() {
        return new MailStoreConfig(dataDirectory, lockDirectory, lockMethod, lockWait, keywords, maxMessageSize,
                defaultFormat, Duration.ofMillis(250));
    }
}

package org.mailtxt.imap.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.james.mailbox.Authenticator;
import org.mailtxt.imap.auth.UserStore;
import org.mailtxt.imap.config.PlaintextAuth;
import org.mailtxt.imap.config.ServerConfig;
import org.mailtxt.imap.mailbox.MailboxLayout;
import org.mailtxt.mailstore.MailStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The mailtxt IMAP server as the launcher runs it: the mailstore opened from the configuration, and an
 * {@link ImapStack} on the configured ports with the configured limits, TLS and authentication policy. Users
 * authenticate against the {@link UserStore}, whose throttle is keyed by the client's address. {@link #close()} is
 * graceful: the listeners stop (commands in flight finish), then every mailbox is closed and its locks released,
 * then the mailstore's index. Not thread-safe: one controlling thread starts and closes it.
 */
public final class ImapServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImapServer.class);
    private final MailStore store;
    private final ImapStack stack;
    private boolean closed;

    public ImapServer(ServerConfig config, UserStore users) throws IOException {
        store = MailStore.open(config.mailStoreConfig());
        try {
            Authenticator authenticator = (user, password) -> users.authenticate(user.asString(),
                    password.toString().toCharArray(), clientAddress());
            ImapStack.Settings.Builder builder = ImapStack.Settings.builder().bind(config.bindAddress())
                    .port(config.imapPort()).plainAuthWithoutTls(plaintextWithoutTls(config))
                    .maxLineLength(config.maxLineLength()).literalSizeLimit(config.maxLiteralSize())
                    .connectionLimit(config.maxConnections()).connectionLimitPerIp(config.maxConnectionsPerIp())
                    .idleTimeoutSeconds(config.idleTimeout().toSeconds()).appendLimit(config.maxMessageSize())
                    .provisionDefaultMailboxes(true);
            config.tls().ifPresent(t -> builder.tls(new ImapStack.Tls(t.keystore(), t.secret()))
                    .tlsPort(config.imapsPort()));
            ImapStack.Settings settings = builder.build();
            stack = new ImapStack(settings, store, new MailboxLayout(config.mailRoot()), config.defaultFormat(),
                    authenticator);
        } catch (Exception e) {
            store.close();
            throw e instanceof IOException io ? io : new IOException("cannot set up the IMAP server: " + e, e);
        }
    }

    /**
     * James decides plaintext authentication per listener, not per client: "loopback or TLS" allows it without TLS
     * only when the server listens on a loopback address (then every client is local), and refuses it without TLS
     * otherwise (stricter than asked, never looser).
     */
    private static boolean plaintextWithoutTls(ServerConfig config) {
        return switch (config.plaintextAuth()) {
            case ALWAYS -> true;
            case LOOPBACK_OR_TLS -> config.bindAddress().isLoopbackAddress();
            case TLS_ONLY -> false;
        };
    }

    /**
     * The connection's client address: James puts it in the logging context ("ip") while it processes a command.
     * Without it, failures are throttled under one shared key, which is stricter, never looser.
     */
    private static InetAddress clientAddress() {
        String ip = MDC.get("ip");
        try {
            return ip != null ? InetAddress.getByName(ip) : InetAddress.getByAddress(new byte[] {0, 0, 0, 0});
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress();
        }
    }

    public void start() throws Exception {
        stack.start();
        LOG.info("mailtxt IMAP listening on port {}{}", stack.port(),
                stack.tlsPort() > 0 ? " and implicit TLS on port " + stack.tlsPort() : "");
    }

    public int port() {
        return stack.port();
    }

    public int tlsPort() {
        return stack.tlsPort();
    }

    /** Graceful and idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stack.close();
        } finally {
            try {
                store.close();
            } catch (IOException e) {
                LOG.warn("closing the mailstore: {}", e.getMessage());
            }
        }
    }

}

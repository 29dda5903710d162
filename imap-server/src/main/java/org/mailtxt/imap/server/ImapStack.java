package org.mailtxt.imap.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.events.InVMEventBus;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.encode.main.DefaultImapEncoderFactory;
import org.apache.james.imap.main.DefaultImapDecoderFactory;
import org.apache.james.imap.processor.main.DefaultImapProcessorFactory;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.ImapMetrics;
import org.apache.james.mailbox.Authenticator;
import org.apache.james.mailbox.Authorizator;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.store.JVMMailboxPathLocker;
import org.apache.james.mailbox.store.PreDeletionHooks;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.StoreSubscriptionManager;
import org.apache.james.mailbox.store.extractor.DefaultTextExtractor;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.apache.james.mailbox.store.quota.NoMaxQuotaManager;
import org.apache.james.mailbox.store.quota.NoQuotaManager;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.logger.DefaultMetricFactory;
import org.mailtxt.imap.mailbox.MailboxAccess;
import org.mailtxt.imap.mailbox.MailboxLayout;
import org.mailtxt.imap.mailbox.MailtxtMailboxManager;
import org.mailtxt.imap.mailbox.MailtxtMapperFactory;
import org.mailtxt.imap.mailbox.MailtxtMessageId;
import org.mailtxt.imap.mailbox.MailtxtSearchIndex;
import org.mailtxt.imap.mailbox.SpecialUse;
import org.mailtxt.mailstore.MailStore;
import org.mailtxt.mailstore.format.MailboxFormat;

/**
 * James 3.8.1's IMAP stack wired by hand over the mailstore (JAMES-WIRING.md §2–§3, §8, §11): mapper factory,
 * StoreMailboxManager subclass, in-VM event bus, the default processor chain behind {@link SessionTracking}, and
 * James's Netty {@link IMAPServer} (framing, literals, STARTTLS, implicit TLS). External changes reach sessions
 * through {@link ExternalChanges}. One instance is one listening server; {@link #close()} stops it and releases
 * every mailbox. Thread-safe for start/close from one controlling thread.
 */
public final class ImapStack implements AutoCloseable {
    /**
     * How to run it. Build one with {@link #builder()}, which names every value and starts from documented
     * defaults; the canonical constructor checks the values either way ({@link IllegalArgumentException} naming the
     * value and what is accepted). Immutable; thread-safe.
     *
     * @param bind address to listen on
     * @param port plain IMAP port (0: any free port)
     * @param tls implicit-TLS and STARTTLS material, if any
     * @param tlsPort implicit-TLS port (0: any free port), used only with {@code tls}
     * @param plainAuthWithoutTls allow LOGIN / AUTHENTICATE PLAIN on connections without TLS
     * @param maxLineLength longest command line accepted
     * @param literalSizeLimit largest literal accepted (0 = James's default)
     * @param connectionLimit total connections (0 = no limit)
     * @param connectionLimitPerIp connections per client address (0 = no limit)
     * @param idleTimeoutSeconds seconds of silence before a connection is closed (James accepts 1800 and more;
     *     smaller values are raised to 1800, the RFC 3501 minimum of 30 minutes)
     * @param appendLimit the largest message APPEND accepts (APPENDLIMIT), the mailstore's maximum message size
     * @param provisionDefaultMailboxes create the special-use mailboxes Sent, Drafts, Trash, Junk and Archive
     *     (subscribed) with INBOX at the first login of a user who has no INBOX ({@link SpecialUse})
     */
    public record Settings(InetAddress bind, int port, Optional<Tls> tls, int tlsPort, boolean plainAuthWithoutTls,
                           int maxLineLength, long literalSizeLimit, int connectionLimit, int connectionLimitPerIp,
                           long idleTimeoutSeconds, long appendLimit, boolean provisionDefaultMailboxes) {
        public Settings {
            Objects.requireNonNull(bind, "bind address");
            Objects.requireNonNull(tls, "tls (Optional.empty() for none)");
            checkPort("port", port);
            checkPort("tlsPort", tlsPort);
            if (tls.isPresent() && port != 0 && port == tlsPort) {
                throw new IllegalArgumentException("port and tlsPort are both " + port
                        + "; the plain and the implicit-TLS listener need different ports (or 0 for any free one)");
            }
            if (maxLineLength < MIN_LINE_LENGTH) {
                throw new IllegalArgumentException("maxLineLength " + maxLineLength + " is too small; accepted: "
                        + MIN_LINE_LENGTH + " bytes or more");
            }
            checkNotNegative("literalSizeLimit", literalSizeLimit, "0 for James's default");
            checkNotNegative("connectionLimit", connectionLimit, "0 for no limit");
            checkNotNegative("connectionLimitPerIp", connectionLimitPerIp, "0 for no limit");
            if (connectionLimit > 0 && connectionLimitPerIp > connectionLimit) {
                throw new IllegalArgumentException("connectionLimitPerIp " + connectionLimitPerIp
                        + " is more than connectionLimit " + connectionLimit);
            }
            checkNotNegative("idleTimeoutSeconds", idleTimeoutSeconds, "values under 1800 are raised to 1800");
            if (appendLimit < 1) {
                throw new IllegalArgumentException("appendLimit " + appendLimit + " is not valid; accepted: 1 byte"
                        + " or more");
            }
        }

        /** The smallest {@link #maxLineLength} accepted, as for {@code limits.max-line-length}. */
        public static final int MIN_LINE_LENGTH = 1024;

        /** @return a builder holding the defaults listed on {@link Builder} */
        public static Builder builder() {
            return new Builder();
        }

        private static void checkPort(String name, int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(name + " " + port + " is not valid; accepted: 0 (any free port)"
                        + " to 65535");
            }
        }

        private static void checkNotNegative(String name, long value, String zero) {
            if (value < 0) {
                throw new IllegalArgumentException(name + " " + value + " is not valid; accepted: 0 or more (" + zero
                        + ")");
            }
        }

        /**
         * Named values for {@link Settings}. Defaults: loopback address, port 0 (any free port), no TLS, tlsPort 0,
         * no plaintext passwords without TLS, 65536-byte lines, literal limit 0 (James's default), no connection
         * limits, idle timeout 1800 s, APPEND limit 64 MiB, default mailboxes provisioned. {@link #build()} checks
         * the values. Not thread-safe; one builder per settings.
         */
        public static final class Builder {
            private InetAddress bind = InetAddress.getLoopbackAddress();
            private int port;
            private Optional<Tls> tls = Optional.empty();
            private int tlsPort;
            private boolean plainAuthWithoutTls;
            private int maxLineLength = 65_536;
            private long literalSizeLimit;
            private int connectionLimit;
            private int connectionLimitPerIp;
            private long idleTimeoutSeconds = 1800;
            private long appendLimit = 64L << 20;
            private boolean provisionDefaultMailboxes = true;

            private Builder() {
            }

            /**
             * @param value address to listen on (default: loopback)
             * @return this builder
             */
            public Builder bind(InetAddress value) {
                bind = value;
                return this;
            }

            /**
             * @param value plain IMAP port, 0 for any free port (default 0)
             * @return this builder
             */
            public Builder port(int value) {
                port = value;
                return this;
            }

            /**
             * @param value TLS material for STARTTLS and the implicit-TLS listener (default: none)
             * @return this builder
             */
            public Builder tls(Tls value) {
                tls = Optional.of(Objects.requireNonNull(value, "tls"));
                return this;
            }

            /**
             * @param value implicit-TLS port, 0 for any free port; used only with TLS (default 0)
             * @return this builder
             */
            public Builder tlsPort(int value) {
                tlsPort = value;
                return this;
            }

            /**
             * @param value allow LOGIN / AUTHENTICATE PLAIN without TLS (default false)
             * @return this builder
             */
            public Builder plainAuthWithoutTls(boolean value) {
                plainAuthWithoutTls = value;
                return this;
            }

            /**
             * @param value longest command line, at least 1024 (default 65536)
             * @return this builder
             */
            public Builder maxLineLength(int value) {
                maxLineLength = value;
                return this;
            }

            /**
             * @param value largest literal, 0 for James's default (default 0)
             * @return this builder
             */
            public Builder literalSizeLimit(long value) {
                literalSizeLimit = value;
                return this;
            }

            /**
             * @param value total connections, 0 for no limit (default 0)
             * @return this builder
             */
            public Builder connectionLimit(int value) {
                connectionLimit = value;
                return this;
            }

            /**
             * @param value connections per client address, 0 for no limit (default 0)
             * @return this builder
             */
            public Builder connectionLimitPerIp(int value) {
                connectionLimitPerIp = value;
                return this;
            }

            /**
             * @param value idle seconds before a connection closes, raised to 1800 (default 1800)
             * @return this builder
             */
            public Builder idleTimeoutSeconds(long value) {
                idleTimeoutSeconds = value;
                return this;
            }

            /**
             * @param value largest message APPEND accepts, in bytes (default 64 MiB)
             * @return this builder
             */
            public Builder appendLimit(long value) {
                appendLimit = value;
                return this;
            }

            /**
             * @param value create INBOX and the special-use mailboxes at first login (default true)
             * @return this builder
             */
            public Builder provisionDefaultMailboxes(boolean value) {
                provisionDefaultMailboxes = value;
                return this;
            }

            /**
             * @return the settings
             * @throws IllegalArgumentException naming the value that is out of range and what is accepted
             * @throws NullPointerException when the bind address is null
             */
            public Settings build() {
                return new Settings(bind, port, tls, tlsPort, plainAuthWithoutTls, maxLineLength, literalSizeLimit,
                        connectionLimit, connectionLimitPerIp, idleTimeoutSeconds, appendLimit,
                        provisionDefaultMailboxes);
            }
        }
    }

    /**
     * Capabilities James would advertise that mailtxt does not back for real: ACL and LIST-MYRIGHTS (mailboxes are
     * not shared; rights would not survive a restart) and XLIST (superseded by SPECIAL-USE).
     */
    static final String DISABLED_CAPABILITIES = "ACL|LIST-MYRIGHTS|XLIST";

    /**
     * TLS material: a PKCS#12 keystore and its secret.
     *
     * @param keystore the keystore file
     * @param secret its password
     */
    public record Tls(Path keystore, String secret) {
    }

    private final MailboxAccess access;
    private final IMAPServer plain;
    private final IMAPServer implicitTls;
    private boolean closed;

    public ImapStack(Settings settings, MailStore store, MailboxLayout layout, MailboxFormat defaultFormat,
                     Authenticator authenticator) throws Exception {
        DefaultMetricFactory metrics = new DefaultMetricFactory();
        InVMEventBus bus = new InVMEventBus(new InVmEventDelivery(metrics), RetryBackoffConfiguration.DEFAULT,
                new MemoryEventDeadLetters());
        SessionProviderImpl sessions = new SessionProviderImpl(authenticator,
                (user, other) -> Authorizator.AuthorizationState.FORBIDDEN);
        access = new MailboxAccess(store, layout, defaultFormat);
        access.watchWith(new ExternalChanges(bus, sessions));
        MailtxtMapperFactory factory = new MailtxtMapperFactory(access);
        StoreRightManager rights = new StoreRightManager(factory, new UnionMailboxACLResolver(), bus);
        QuotaComponents quota = new QuotaComponents(new NoMaxQuotaManager(), new NoQuotaManager(),
                new DefaultUserQuotaRootResolver(sessions, factory));
        MailtxtSearchIndex search = new MailtxtSearchIndex(factory, new DefaultTextExtractor(),
                (attachment, session) -> {
                    throw new java.io.IOException("mailtxt stores no separate attachments");
                });
        MailtxtMailboxManager manager = new MailtxtMailboxManager(factory, sessions, new JVMMailboxPathLocker(),
                new MailtxtMessageId.Factory(), new StoreMailboxAnnotationManager(factory, rights), bus, rights, quota,
                search, PreDeletionHooks.NO_PRE_DELETION_HOOK,
                settings.provisionDefaultMailboxes() ? SpecialUse.PROVISIONED : java.util.List.of());
        StoreSubscriptionManager subscriptions = new StoreSubscriptionManager(factory, factory, bus);
        ImapProcessor chain = DefaultImapProcessorFactory.createXListSupportingProcessor(manager, bus, subscriptions,
                new SpecialUseTyper(), quota.getQuotaManager(), quota.getQuotaRootResolver(), metrics);
        ImapProcessor processor = new SessionTracking(chain, manager, metrics, access);
        plain = server(processor, metrics, settings, settings.port(), false, "plain");
        implicitTls = settings.tls().isPresent() ? server(processor, metrics, settings, settings.tlsPort(), true, "tls")
                : null;
        // IMAPServer builds its ImapConfiguration without CONDSTORE (pitfall 3): configure the chain again with it.
        processor.configure(ImapConfiguration.builder().isCondstoreEnable(true).enableIdle(true)
                .disabledCaps(DISABLED_CAPABILITIES.split("\\|")).appendLimit(settings.appendLimit())
                .isProvisionDefaultMailboxes(false).build());
    }

    private static IMAPServer server(ImapProcessor processor, DefaultMetricFactory metrics, Settings s, int port,
                                     boolean socketTls, String name) throws Exception {
        long literalLimit = s.literalSizeLimit() > 0 ? s.literalSizeLimit() : Long.MAX_VALUE;
        IMAPServer server = new GuardedImapServer(DefaultImapDecoderFactory.createDecoder(),
                new DefaultImapEncoderFactory().buildImapEncoder(), processor, new ImapMetrics(metrics),
                new NoopGaugeRegistry(), literalLimit, s.appendLimit() > 0 ? s.appendLimit() : Long.MAX_VALUE,
                s.maxLineLength());
        BaseHierarchicalConfiguration c = new BaseHierarchicalConfiguration();
        c.addProperty("bind", s.bind().getHostAddress() + ":" + port);
        c.addProperty("helloName", "mailtxt");
        c.addProperty("helloName[@autodetect]", false);
        c.addProperty("jmxName", "mailtxt-imap-" + name + "-" + System.identityHashCode(server));
        c.addProperty("gracefulShutdown", true);
        // James would provision Outbox and Spam; MailtxtMailboxManager provisions SpecialUse.PROVISIONED itself.
        c.addProperty("provisionDefaultMailboxes", false);
        c.addProperty("plainAuthDisallowed", !s.plainAuthWithoutTls());
        c.addProperty("auth.plainAuthEnabled", true);
        c.addProperty("auth.requireSSL", !s.plainAuthWithoutTls());
        c.addProperty("maxLineLength", s.maxLineLength());
        c.addProperty("timeout", Math.max(1800, s.idleTimeoutSeconds()));
        c.addProperty("disabledCaps", DISABLED_CAPABILITIES);
        if (s.literalSizeLimit() > 0) {
            c.addProperty("literalSizeLimit", s.literalSizeLimit());
        }
        if (s.connectionLimit() > 0) {
            c.addProperty("connectionLimit", s.connectionLimit());
        }
        if (s.connectionLimitPerIp() > 0) {
            c.addProperty("connectionLimitPerIP", s.connectionLimitPerIp());
        }
        if (s.tls().isPresent()) {
            Tls t = s.tls().get();
            c.addProperty(socketTls ? "tls[@socketTLS]" : "tls[@startTLS]", true);
            c.addProperty("tls.keystore", t.keystore().toUri().toString());
            c.addProperty("tls.keystoreType", "PKCS12");
            c.addProperty("tls.secret", t.secret());
            server.setFileSystem(new PlainFileSystem());
        }
        server.configure(c);
        return server;
    }

    /** Binds the ports and starts serving. */
    public void start() throws Exception {
        plain.init();
        if (implicitTls != null) {
            implicitTls.init();
        }
    }

    public int port() {
        return plain.getListenAddresses().get(0).getPort();
    }

    public int tlsPort() {
        return implicitTls == null ? -1 : implicitTls.getListenAddresses().get(0).getPort();
    }

    /**
     * Stops at once: connections are closed without waiting for commands in flight or for Netty's quiet period
     * (about 2 s per event loop group), then every open mailbox is released. For tests that start a server per test
     * case; a server taking real traffic is stopped with {@link #close()}. Idempotent, like close.
     */
    public synchronized void closeNow() {
        plain.setGracefulShutdown(false);
        if (implicitTls != null) {
            implicitTls.setGracefulShutdown(false);
        }
        close();
    }

    /** Stops listening (letting commands in flight finish), then releases every open mailbox. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            plain.destroy();
            if (implicitTls != null) {
                implicitTls.destroy();
            }
        } finally {
            access.close();
        }
    }
}

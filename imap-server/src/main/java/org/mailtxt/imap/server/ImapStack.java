package org.mailtxt.imap.server;

import java.net.InetAddress;
import java.nio.file.Path;
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
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.logger.DefaultMetricFactory;
import org.mailtxt.imap.mailbox.MailboxAccess;
import org.mailtxt.imap.mailbox.MailboxLayout;
import org.mailtxt.imap.mailbox.MailtxtMailboxManager;
import org.mailtxt.imap.mailbox.MailtxtMapperFactory;
import org.mailtxt.imap.mailbox.MailtxtMessageId;
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
     * How to run it.
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
        SimpleMessageSearchIndex search = new SimpleMessageSearchIndex(factory, factory, new DefaultTextExtractor(),
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
                new NoopGaugeRegistry(), literalLimit, s.maxLineLength());
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

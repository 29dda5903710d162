package org.mailtxt.imap.mpt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mpt.api.Continuation;
import org.apache.james.mpt.api.ImapFeatures;
import org.apache.james.mpt.api.ImapHostSystem;
import org.apache.james.mpt.api.Session;
import org.apache.james.mpt.host.ExternalHostSystem;
import org.apache.james.mpt.monitor.NullMonitor;
import org.apache.james.mpt.session.ExternalSessionFactory;
import org.apache.james.util.Port;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mailtxt.imap.mailbox.MailboxLayout;
import org.mailtxt.imap.server.ImapStack;
import org.mailtxt.mailstore.MailStore;
import org.mailtxt.mailstore.MailStoreConfig;
import org.mailtxt.mailstore.format.MailboxFormat;

/**
 * A mailtxt server for one MPT script test: a fresh mailstore and mail root in a temporary directory, ImapStack on a
 * free loopback port, and James's {@link ExternalHostSystem} whose sessions are {@link ScriptSession}s over TCP (the
 * fixes of JAMES-WIRING.md §10 and a read timeout). Users are added in memory; mailboxes the harness asks for are
 * created as mtx files. Register it as a JUnit extension: it stops the server at once ({@link ImapStack#closeNow})
 * and deletes the directory after each test. One instance per test class instance.
 */
final class MailtxtMptServer implements AfterEachCallback {
    /**
     * What mailtxt advertises: NAMESPACE, MOVE, keywords (\*), and CONDSTORE (so SEARCH MODSEQ). Not: QUOTA limits,
     * METADATA (ANNOTATION), which gate James's scripts for those features.
     */
    static final ImapFeatures FEATURES = ImapFeatures.of(ImapFeatures.Feature.NAMESPACE_SUPPORT,
            ImapFeatures.Feature.MOVE_SUPPORT, ImapFeatures.Feature.USER_FLAGS_SUPPORT,
            ImapFeatures.Feature.MOD_SEQ_SEARCH);

    /**
     * How long a script waits for a server line. Every answer here comes in milliseconds; a script waiting longer
     * waits for something that will not come (a literal declared longer than the octets the script sends, say).
     */
    static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Map<String, String> users = new ConcurrentHashMap<>();
    private Path dir;
    private MailStore store;
    private MailboxLayout layout;
    private ImapStack server;

    ImapHostSystem hostSystem() {
        try {
            dir = Files.createTempDirectory("mailtxt-mpt");
            Path locks = Files.createDirectories(dir.resolve("locks"));
            store = MailStore.open(MailStoreConfig.defaults(dir.resolve("data")).withLockDirectory(locks));
            layout = new MailboxLayout(dir.resolve("mail"));
            server = new ImapStack(ImapStack.Settings.builder().plainAuthWithoutTls(true)
                    .provisionDefaultMailboxes(false).build(), store, layout, MailboxFormat.MTX,
                    (user, password) -> password.toString().equals(users.get(user.asString())));
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start mailtxt for MPT: " + e.getMessage(), e);
        }
        return new ExternalHostSystem(FEATURES, "127.0.0.1", Port.of(server.port()), new NullMonitor(),
                ExternalSessionFactory.IMAP_SHABANG, (user, password) -> users.put(user.asString(), password)) {
            @Override
            public Session newSession(Continuation continuation) {
                return new ScriptSession(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()),
                        continuation, ExternalSessionFactory.IMAP_SHABANG, READ_TIMEOUT_MILLIS);
            }

            @Override
            public void createMailbox(MailboxPath path) throws Exception {
                if (!MailboxConstants.USER_NAMESPACE.equals(path.getNamespace())) {
                    // mailtxt has the personal namespace only: there is no file such a mailbox could be
                    throw new UnsupportedOperationException("mailtxt has no namespace " + path.getNamespace());
                }
                store.create(layout.fileOf(path.getUser().asString(), path.getName(), '.'), MailboxFormat.MTX);
            }
        };
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (server != null) {
            server.closeNow();
        }
        if (store != null) {
            store.close();
        }
        if (dir != null) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}

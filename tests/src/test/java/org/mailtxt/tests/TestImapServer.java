package org.mailtxt.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.mailtxt.imap.mailbox.MailboxLayout;
import org.mailtxt.imap.server.ImapStack;
import org.mailtxt.mailstore.MailStore;
import org.mailtxt.mailstore.MailStoreConfig;
import org.mailtxt.mailstore.format.MailboxFormat;

/**
 * A mailtxt IMAP server for the cross-module tests: a {@link MailStore} with its data under a test directory (parse
 * locks in c-client's default /tmp, for interop), user {@code <mail root>/<user>/} mailbox files in mtx format, plain
 * IMAP on a free loopback port, and a fixed table of users and passwords. Not thread-safe; one per test.
 */
final class TestImapServer implements AutoCloseable {
    static final int MAX_LINE = 8192;
    static final long LITERAL_LIMIT = 1024 * 1024;

    final Path mailRoot;
    private final MailStore store;
    private final ImapStack stack;

    private TestImapServer(Path mailRoot, MailStore store, ImapStack stack) {
        this.mailRoot = mailRoot;
        this.store = store;
        this.stack = stack;
    }

    static TestImapServer start(Path dataDir, Path mailRoot, Map<String, String> users) throws Exception {
        return start(dataDir, mailRoot, users, Optional.empty());
    }

    /**
     * With TLS: STARTTLS on the plain port, implicit TLS on {@link #tlsPort()}, and LOGIN / AUTHENTICATE refused on a
     * connection that is not (yet) encrypted, as the server's default configuration has it off loopback.
     */
    static TestImapServer startWithTls(Path dataDir, Path mailRoot, Map<String, String> users,
                                       ImapStack.Tls tls) throws Exception {
        return start(dataDir, mailRoot, users, Optional.of(tls));
    }

    private static TestImapServer start(Path dataDir, Path mailRoot, Map<String, String> users,
                                        Optional<ImapStack.Tls> tls) throws Exception {
        MailStore store = MailStore.open(MailStoreConfig.defaults(dataDir));
        try {
            ImapStack.Settings.Builder settings = ImapStack.Settings.builder().plainAuthWithoutTls(tls.isEmpty())
                    .maxLineLength(MAX_LINE).literalSizeLimit(LITERAL_LIMIT);
            tls.ifPresent(settings::tls);
            ImapStack stack = new ImapStack(settings.build(), store,
                    new MailboxLayout(mailRoot),
                    MailboxFormat.MTX, (user, password) -> password.toString().equals(users.get(user.asString())));
            stack.start();
            return new TestImapServer(mailRoot, store, stack);
        } catch (Exception e) {
            store.close();
            throw e;
        }
    }

    int port() {
        return stack.port();
    }

    /** The implicit-TLS port (only with {@link #startWithTls}). */
    int tlsPort() {
        return stack.tlsPort();
    }

    /** The mail directory of a user (the server creates it at first use). */
    Path userDir(String user) {
        return mailRoot.resolve(user);
    }

    /** True when a fresh connection gets a greeting and can log in: the server is still serving. */
    boolean acceptsLogin(String user, String password) throws IOException {
        try (RawImap c = RawImap.connect(port())) {
            return c.greeting().startsWith("* OK") && c.command("LOGIN " + user + " " + password).ok();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            stack.close();
        } finally {
            store.close();
        }
    }

    static Socket socket(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(10_000);
        return s;
    }
}

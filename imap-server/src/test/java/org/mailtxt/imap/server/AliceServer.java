package org.mailtxt.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mailtxt.imap.mailbox.MailboxLayout;
import org.mailtxt.mailstore.MailStore;
import org.mailtxt.mailstore.MailStoreConfig;
import org.mailtxt.mailstore.format.MailboxFormat;

/**
 * A started server for tests: a mailstore under {@code dir} (data, locks, mail), the IMAP stack over it on a free
 * loopback port, and one user, alice (password "secret"), allowed to log in without TLS.
 */
final class AliceServer implements AutoCloseable {
    final MailStore store;
    final ImapStack server;

    private AliceServer(MailStore store, ImapStack server) {
        this.store = store;
        this.server = server;
    }

    /** {@code settings}: a builder with the test's own limits; plain login without TLS is switched on here. */
    static AliceServer start(Path dir, ImapStack.Settings.Builder settings) throws Exception {
        Path locks = Files.createDirectories(dir.resolve("locks"));
        MailStore store = MailStore.open(MailStoreConfig.defaults(dir.resolve("data")).withLockDirectory(locks));
        ImapStack server = new ImapStack(settings.plainAuthWithoutTls(true).build(), store,
                new MailboxLayout(dir.resolve("mail")), MailboxFormat.MTX,
                (user, password) -> user.asString().equals("alice") && password.toString().equals("secret"));
        server.start();
        return new AliceServer(store, server);
    }

    int port() {
        return server.port();
    }

    /** A new connection, logged in as alice. */
    ImapClient login() throws Exception {
        ImapClient c = new ImapClient(server.port());
        assertThat(ImapClient.last(c.send("LOGIN alice secret"))).contains("OK");
        return c;
    }

    @Override
    public void close() throws Exception {
        server.close();
        store.close();
    }
}

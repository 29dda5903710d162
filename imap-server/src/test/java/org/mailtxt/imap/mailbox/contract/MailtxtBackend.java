package org.mailtxt.imap.mailbox.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mailtxt.imap.mailbox.MailboxAccess;
import org.mailtxt.imap.mailbox.MailboxLayout;
import org.mailtxt.imap.mailbox.MailtxtMapperFactory;
import org.mailtxt.mailstore.MailStore;
import org.mailtxt.mailstore.MailStoreConfig;
import org.mailtxt.mailstore.format.MailboxFormat;

/**
 * A mailstore in a directory of its own (index, lock files, mail root) with the adapter's mapper factory over it,
 * as the server wires it; what James's contract suites run against. Close it after each test.
 */
final class MailtxtBackend implements AutoCloseable {
    private final Path dir;
    private final MailStore store;
    private final MailboxAccess access;
    private final MailtxtMapperFactory factory;

    /** A backend in a fresh temporary directory, deleted by {@link #close()}. */
    static MailtxtBackend inTemporaryDirectory() {
        try {
            return new MailtxtBackend(Files.createTempDirectory("mailtxt-contract"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private MailtxtBackend(Path dir) throws IOException {
        this.dir = dir;
        Path locks = Files.createDirectories(dir.resolve("locks"));
        store = MailStore.open(MailStoreConfig.defaults(dir.resolve("data")).withLockDirectory(locks));
        access = new MailboxAccess(store, new MailboxLayout(dir.resolve("mail")), MailboxFormat.MTX);
        factory = new MailtxtMapperFactory(access);
    }

    MailtxtMapperFactory factory() {
        return factory;
    }

    MailboxAccess access() {
        return access;
    }

    @Override
    public void close() throws IOException {
        access.close();
        store.close();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

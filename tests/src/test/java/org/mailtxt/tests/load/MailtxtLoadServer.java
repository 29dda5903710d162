package org.mailtxt.tests.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.mailtxt.imap.mailbox.MailboxLayout;
import org.mailtxt.imap.server.ImapStack;
import org.mailtxt.mailstore.MailStore;
import org.mailtxt.mailstore.MailStoreConfig;
import org.mailtxt.mailstore.format.MailboxFormat;

/**
 * Starts a mailtxt IMAP server for the load harness: {@link ImapStack} on a free loopback port over a fresh data
 * directory, mtx mailboxes, one user and password from the arguments ({@code DIR USER PASSWORD}). Prints
 * {@code PORT n} once listening and serves until the JVM is asked to stop (SIGTERM), then closes gracefully.
 */
public final class MailtxtLoadServer {
    private MailtxtLoadServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String user = args[1];
        String password = args[2];
        Path locks = Files.createDirectories(dir.resolve("locks"));
        MailStore store = MailStore.open(MailStoreConfig.defaults(dir.resolve("data")).withLockDirectory(locks));
        ImapStack server = new ImapStack(ImapStack.Settings.builder().plainAuthWithoutTls(true)
                .provisionDefaultMailboxes(false).build(), store, new MailboxLayout(dir.resolve("mail")),
                MailboxFormat.MTX, (u, p) -> u.asString().equals(user) && p.toString().equals(password));
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                store.close();
            } catch (Exception e) {
                System.err.println("closing the load server: " + e);
            } finally {
                stopped.countDown();
            }
        }));
        System.out.println("PORT " + server.port());
        System.out.flush();
        stopped.await();
    }
}

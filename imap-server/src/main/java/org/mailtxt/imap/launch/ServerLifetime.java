package org.mailtxt.imap.launch;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mailtxt.imap.auth.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running server and its user store, closed once and in order (server first, so commands in flight can still
 * check passwords, then the store) by whichever comes first: the shutdown hook on SIGTERM/SIGINT or a caller.
 * {@link #awaitClosed()} lets the launcher's main thread wait for that. Thread-safe: closing is guarded by an
 * atomic flag; a second {@link #close()} returns at once.
 */
public final class ServerLifetime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerLifetime.class);

    private final RunningServer server;
    private final UserStore users;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    /**
     * @param server the started server
     * @param users its user store
     */
    public ServerLifetime(RunningServer server, UserStore users) {
        this.server = server;
        this.users = users;
    }

    /** @return the server */
    public RunningServer server() {
        return server;
    }

    /** @return a thread for {@link Runtime#addShutdownHook} that closes this lifetime */
    public Thread shutdownHook() {
        return new Thread(this::close, "mailtxt-shutdown");
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** @return whether {@link #close()} has finished */
    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            LOG.info("mailtxt stopping: finishing commands in flight, closing mailboxes");
            server.close();
        } catch (RuntimeException e) {
            LOG.error("the IMAP server did not stop cleanly: {}", e.getMessage(), e);
        } finally {
            users.close();
            closed.countDown();
            LOG.info("mailtxt stopped");
        }
    }
}

package org.mailtxt.imap.mailbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.mailtxt.mailstore.MailStore;
import org.mailtxt.mailstore.MailboxListener;
import org.mailtxt.mailstore.OpenMailbox;
import org.mailtxt.mailstore.format.MailboxFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's handles on mailbox files. A mailbox stays open (holding c-client's shared mailbox lock) while an IMAP
 * session has it selected ("pinned"), and for a few seconds after its last use otherwise; then it is closed, so
 * that c-client tools may expunge it again. Opening a handle registers the external-change listener that turns
 * other processes' changes into James events. Thread-safe: the handle table is guarded by its monitor.
 */
public final class MailboxAccess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxAccess.class);
    private static final long IDLE_CLOSE_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Called with each handle when it is opened, to listen to it. */
    public interface Watcher {
        MailboxListener listenerFor(MailtxtMailboxId id, OpenMailbox mailbox);
    }

    private static final class Handle {
        final OpenMailbox mailbox;
        final MailboxListener listener;
        final Set<Object> pins = new HashSet<>();
        long lastUse = System.nanoTime();

        Handle(OpenMailbox mailbox, MailboxListener listener) {
            this.mailbox = mailbox;
            this.listener = listener;
        }
    }

    private final MailStore store;
    private final MailboxLayout layout;
    private final MailboxFormat defaultFormat;
    private final Map<MailtxtMailboxId, Handle> handles = new HashMap<>();
    private final Map<Object, MailtxtMailboxId> pinnedBy = new HashMap<>();
    private final Map<Object, java.util.function.BooleanSupplier> liveness = new HashMap<>();
    private final ScheduledExecutorService sweeper;
    private volatile Watcher watcher = (id, m) -> change -> { };

    public MailboxAccess(MailStore store, MailboxLayout layout, MailboxFormat defaultFormat) {
        this.store = store;
        this.layout = layout;
        this.defaultFormat = defaultFormat;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mailtxt-handle-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::closeIdle, 1, 1, TimeUnit.SECONDS);
    }

    public MailStore store() {
        return store;
    }

    public MailboxLayout layout() {
        return layout;
    }

    public MailboxFormat defaultFormat() {
        return defaultFormat;
    }

    public void watchWith(Watcher w) {
        this.watcher = w;
    }

    /** The open mailbox of {@code id} (opening it if needed); callers do not close it. */
    /** True if the mailbox name is a folder: a directory holding inferior mailboxes, not a mailbox file. */
    public boolean isFolder(MailtxtMailboxId id) throws MailboxException {
        return Files.isDirectory(layout.fileOf(id.user(), id.name(), '/'), LinkOption.NOFOLLOW_LINKS);
    }

    public OpenMailbox open(MailtxtMailboxId id) throws MailboxException {
        synchronized (this) {
            Handle h = handles.get(id);
            if (h != null) {
                h.lastUse = System.nanoTime();
                return h.mailbox;
            }
        }
        Path file = layout.fileOf(id.user(), id.name(), '/');
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new MailboxNotFoundException(id.name());
        }
        OpenMailbox m;
        try {
            m = store.open(file, id.name().equals(MailboxLayout.INBOX));
        } catch (IOException e) {
            throw new MailboxException("cannot open mailbox " + id.name() + ": " + e.getMessage(), e);
        }
        synchronized (this) {
            Handle existing = handles.get(id);
            if (existing != null) {
                closeQuietly(m); // another thread opened it meanwhile: keep one hold
                existing.lastUse = System.nanoTime();
                return existing.mailbox;
            }
            MailboxListener l = watcher.listenerFor(id, m);
            m.addListener(l);
            handles.put(id, new Handle(m, l));
            return m;
        }
    }

    /**
     * Keeps {@code id} open for {@code owner} (an IMAP session that selected it) until {@link #unpin(Object)}, or until
     * {@code stillHolding} says otherwise (a connection that dropped without deselecting).
     */
    public void pin(Object owner, MailtxtMailboxId id, java.util.function.BooleanSupplier stillHolding)
            throws MailboxException {
        open(id);
        synchronized (this) {
            liveness.put(owner, stillHolding);
            MailtxtMailboxId before = pinnedBy.put(owner, id);
            if (before != null && !before.equals(id)) {
                Handle old = handles.get(before);
                if (old != null) {
                    old.pins.remove(owner);
                }
            }
            Handle h = handles.get(id);
            if (h != null) {
                h.pins.add(owner);
            }
        }
    }

    public synchronized void unpin(Object owner) {
        liveness.remove(owner);
        MailtxtMailboxId id = pinnedBy.remove(owner);
        if (id != null) {
            Handle h = handles.get(id);
            if (h != null) {
                h.pins.remove(owner);
                h.lastUse = System.nanoTime();
            }
        }
    }

    /** Closes the handle of a mailbox about to be deleted or renamed (this JVM must not hold it then). */
    public synchronized void forget(MailtxtMailboxId id) {
        Handle h = handles.remove(id);
        if (h != null) {
            h.mailbox.removeListener(h.listener);
            closeQuietly(h.mailbox);
        }
    }

    private synchronized void closeIdle() {
        for (Object owner : new java.util.ArrayList<>(liveness.keySet())) {
            if (!liveness.get(owner).getAsBoolean()) {
                unpin(owner);
            }
        }
        long now = System.nanoTime();
        handles.entrySet().removeIf(e -> {
            Handle h = e.getValue();
            if (h.pins.isEmpty() && now - h.lastUse > IDLE_CLOSE_NANOS) {
                h.mailbox.removeListener(h.listener);
                closeQuietly(h.mailbox);
                return true;
            }
            return false;
        });
    }

    private static void closeQuietly(OpenMailbox m) {
        try {
            m.close();
        } catch (IOException e) {
            LOG.warn("closing {}: {}", m.path(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        sweeper.shutdownNow();
        for (Handle h : handles.values()) {
            closeQuietly(h.mailbox);
        }
        handles.clear();
    }
}

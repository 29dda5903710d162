package org.mailtxt.mailstore;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mailtxt.locking.LockMethod;
import org.mailtxt.locking.NativeFd;
import org.mailtxt.locking.OpenFlag;
import org.mailtxt.mailstore.format.MailboxFormat;
import org.mailtxt.mailstore.index.FileSnapshot;
import org.mailtxt.mailstore.index.H2MailboxIndex;
import org.mailtxt.mailstore.index.MailboxIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailstore of one JVM: opens mailbox files (one {@link OpenMailbox} per file, keyed by device and inode,
 * shared by all its users), creates, deletes and renames them under c-client's locks, keeps the index, and watches
 * open mailboxes for changes made by other processes (a poll of {@code fstat} every
 * {@link MailStoreConfig#watchInterval()}, so that listeners hear of them within a second even with no command).
 *
 * <p>Thread-safe: the registry of open mailboxes (and of those being loaded) is guarded by its own monitor
 * ({@code registry}); loading a mailbox happens outside it, so one slow cold open does not hold up the others.
 */
public final class MailStore implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(MailStore.class);

    private record FileKey(long device, long inode) {
    }

    private final MailStoreConfig config;
    private final UidBook book;
    private final Object registry = new Object();
    private final Map<FileKey, OpenMailbox> open = new HashMap<>();
    private final Map<FileKey, CompletableFuture<OpenMailbox>> loading = new HashMap<>();
    private final ScheduledExecutorService watcher;

    private MailStore(MailStoreConfig config, MailboxIndex index) {
        this.config = config;
        this.book = new UidBook(index);
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mailtxt-mailbox-watcher");
            t.setDaemon(true);
            return t;
        });
        long every = config.watchInterval().toMillis();
        watcher.scheduleWithFixedDelay(this::checkAll, every, every, TimeUnit.MILLISECONDS);
    }

    /** Opens the store: creates the data directory and opens (or creates) the index in it. */
    public static MailStore open(MailStoreConfig config) throws IOException {
        Files.createDirectories(config.dataDirectory());
        return new MailStore(config, H2MailboxIndex.open(config.dataDirectory().resolve("index")));
    }

    public MailStoreConfig config() {
        return config;
    }

    UidBook book() {
        return book;
    }

    /**
     * Opens a mailbox file (or joins this JVM's existing open of it). {@code inbox} says whether the name is INBOX,
     * the only mailbox c-client accepts as tenex/mtx while empty. Close the result when done.
     */
    public OpenMailbox open(Path mailbox, boolean inbox) throws IOException {
        Path path = mailbox.toAbsolutePath().normalize();
        while (true) {
            CompletableFuture<OpenMailbox> mine = null;
            CompletableFuture<OpenMailbox> theirs;
            FileKey key;
            synchronized (registry) {
                key = keyOf(path);
                OpenMailbox m = open.get(key);
                if (m != null && !m.broken) {
                    m.references++;
                    return m;
                }
                if (m != null) {
                    open.remove(key);
                    m.closeFile();
                }
                theirs = loading.get(key);
                if (theirs == null) {
                    mine = new CompletableFuture<>();
                    loading.put(key, mine);
                }
            }
            if (mine == null) {
                // Another thread is loading this file (a cold open can take a while): wait for it, then retry.
                theirs.handle((x, e) -> null).join();
                continue;
            }
            try {
                OpenMailbox m = load(path, inbox, key); // outside the monitor: other mailboxes open meanwhile
                synchronized (registry) {
                    m.references = 1;
                    open.put(key, m);
                    loading.remove(key);
                }
                mine.complete(m);
                return m;
            } catch (IOException | RuntimeException e) {
                synchronized (registry) {
                    loading.remove(key);
                }
                mine.completeExceptionally(e);
                throw e;
            }
        }
    }

    private OpenMailbox load(Path path, boolean inbox, FileKey key) throws IOException {
        String indexKey = path.toString();
        var known = book.loadSummary(indexKey);
        MailboxFormat knownFormat = inbox ? config.inboxFormat()
                : known.map(k -> MailboxFormat.valueOf(k.state().snapshot().format())).orElse(null);
        MailboxFile file = MailboxFile.open(path, false, knownFormat);
        try {
            var st = file.stat();
            if (st.device() != key.device() || st.inode() != key.inode()) {
                throw new MailboxException(path, "was replaced while being opened; try again");
            }
            LockMethod.Choice choice = LockMethod.choose(path.getParent(), config.lockMethod());
            LOG.debug("{}: locking with {}", path, choice);
            OpenMailbox m = new OpenMailbox(this, path, indexKey, file,
                    new MailboxLocks(choice.method(), config.lockDirectory(), config.lockWait()));
            MailboxLoader.load(m, known, config.keywords());
            return m;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    void release(OpenMailbox m) throws IOException {
        synchronized (registry) {
            if (--m.references > 0) {
                return;
            }
            open.values().remove(m);
            try {
                if (!m.broken) {
                    book.recordClose(m);
                    TableSnapshot.write(m);
                }
            } finally {
                m.closeFile();
            }
        }
    }

    /**
     * Creates an empty mailbox file in {@code format} (mode 0600, missing directories 0700, as c-client does). An
     * empty file is tenex/mtx only to those who know it (c-client accepts it only as INBOX), so the index records
     * its format.
     */
    public void create(Path mailbox, MailboxFormat format) throws IOException {
        Path path = mailbox.toAbsolutePath().normalize();
        createDirectories(path.getParent());
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new MailboxException(path, "already exists");
        }
        var attrs = Files.readAttributes(path, "unix:dev,ino,ctime,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        long ctime = ((java.nio.file.attribute.FileTime) attrs.get("ctime")).to(TimeUnit.NANOSECONDS);
        long mtime = ((java.nio.file.attribute.FileTime) attrs.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
        MailboxIndex index = book.index();
        FileSnapshot snapshot = new FileSnapshot((Long) attrs.get("dev"), (Long) attrs.get("ino"), 0, ctime, mtime,
                format.name());
        book.sync(() -> {
            var indexed = index.loadSummary(path.toString());
            if (indexed.isPresent() && indexed.get().state().snapshot().device() == snapshot.device()
                    && indexed.get().state().snapshot().inode() == snapshot.inode()) {
                return null; // an open of the new file (another session) indexed it already: keep that entry
            }
            index.delete(path.toString());
            index.create(path.toString(), Math.max(1, java.time.Instant.now().getEpochSecond() & 0xFFFF_FFFFL),
                    snapshot);
            for (String k : config.keywords()) {
                index.defineKeyword(path.toString(), k);
            }
            return null;
        });
    }

    /** Deletes a mailbox (§4.7): refused while another process, or a session of this JVM, has it open. */
    public void delete(Path mailbox) throws IOException {
        Path path = mailbox.toAbsolutePath().normalize();
        withExclusiveHold(path, "delete", () -> Files.delete(path));
        book.sync(() -> book.index().delete(path.toString()));
    }

    /** Renames a mailbox (§4.7), creating missing directories of the new name; same refusals as delete. */
    public void rename(Path from, Path to) throws IOException {
        Path src = from.toAbsolutePath().normalize();
        Path dst = to.toAbsolutePath().normalize();
        if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
            throw new MailboxException(dst, "already exists; rename refused");
        }
        createDirectories(dst.getParent());
        withExclusiveHold(src, "rename", () -> {
            try {
                Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new MailboxException(src, "cannot be renamed to another filesystem (" + dst + ")");
            }
        });
        book.sync(() -> {
            book.index().rename(src.toString(), dst.toString());
            return null;
        });
    }

    /**
     * Renames a folder (a directory of mailboxes, c-client's hierarchy) with everything in it, as c-client does: one
     * rename of the directory. Every mailbox file under it keeps its index entry (UIDs, UIDVALIDITY, save dates),
     * re-keyed to its new path. Refused while a session of this JVM has a mailbox under it open; other processes that
     * hold one keep working on it (their descriptor follows the file). Were the process to die between the rename
     * and the re-keying, the mailboxes under it would get new UIDVALIDITYs at their next open: no mail is lost.
     */
    public void renameFolder(Path from, Path to) throws IOException {
        Path src = from.toAbsolutePath().normalize();
        Path dst = to.toAbsolutePath().normalize();
        if (!Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
            throw new MailboxNotFoundException(src);
        }
        if (dst.startsWith(src)) {
            throw new MailboxException(src, "cannot be renamed to " + dst + ", inside itself");
        }
        if (Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
            throw new MailboxException(dst, "already exists; rename refused");
        }
        createDirectories(dst.getParent());
        synchronized (registry) {
            for (OpenMailbox m : open.values()) {
                if (m.path.startsWith(src)) {
                    throw new MailboxInUseException(m.path, "rename of " + src + " (sessions of this server have it"
                            + " open)", List.of());
                }
            }
            try {
                Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new MailboxException(src, "cannot be renamed to another filesystem (" + dst + ")");
            }
            String prefix = src + java.io.File.separator;
            book.sync(() -> {
                for (String key : book.index().list()) {
                    if (key.startsWith(prefix)) {
                        book.index().rename(key, dst + key.substring(src.toString().length()));
                    }
                }
                return null;
            });
        }
    }

    private interface FileAction {
        void run() throws IOException;
    }

    private void withExclusiveHold(Path path, String operation, FileAction action) throws IOException {
        synchronized (registry) {
            FileKey key = keyOf(path);
            if (open.containsKey(key)) {
                throw new MailboxInUseException(path, operation + " (sessions of this server have it open)",
                        List.of());
            }
            LockMethod.Choice choice = LockMethod.choose(path.getParent(), config.lockMethod());
            MailboxLocks locks = new MailboxLocks(choice.method(), config.lockDirectory(), config.lockWait());
            try (NativeFd fd = NativeFd.open(path, EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.NO_FOLLOW), 0);
                 Closeable b = locks.writeExclusive(fd, path)) {
                if (!locks.tryUpgradeFromNothing(fd)) {
                    throw new MailboxInUseException(path, operation, locks.foreignHolders(fd));
                }
                action.run();
            }
        }
    }

    private static FileKey keyOf(Path path) throws IOException {
        try {
            var a = Files.readAttributes(path, "unix:dev,ino,mode", LinkOption.NOFOLLOW_LINKS);
            if (Files.isSymbolicLink(path)) {
                throw new UnsafeMailboxException(path, "is a symbolic link; mailtxt never opens a mailbox through one");
            }
            return new FileKey((Long) a.get("dev"), (Long) a.get("ino"));
        } catch (NoSuchFileException e) {
            throw new MailboxNotFoundException(path);
        }
    }

    private static void createDirectories(Path dir) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    private void checkAll() {
        List<OpenMailbox> now;
        synchronized (registry) {
            now = new ArrayList<>(open.values());
        }
        for (OpenMailbox m : now) {
            try {
                m.check();
            } catch (IOException | RuntimeException e) {
                LOG.warn("watching {}: {}", m.path(), e.getMessage());
            }
        }
    }

    /** Stops the watcher, closes every open mailbox (dropping its locks) and the index. */
    @Override
    public void close() throws IOException {
        watcher.shutdownNow();
        synchronized (registry) {
            for (OpenMailbox m : new ArrayList<>(open.values())) {
                try {
                    if (!m.broken) {
                        book.recordClose(m);
                        TableSnapshot.write(m);
                    }
                } finally {
                    m.closeFile();
                }
            }
            open.clear();
        }
        book.drain();
        book.index().close();
    }
}

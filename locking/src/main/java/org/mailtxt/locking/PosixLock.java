package org.mailtxt.locking;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A held classic POSIX record lock ({@code fcntl F_SETLK/F_SETLKW}, queried with {@code F_GETLK}).
 *
 * <p><b>Why this API looks different from {@link OfdLock}.</b> POSIX locks belong to the <em>process</em>, not to
 * a descriptor: the kernel grants every thread of the JVM any lock the JVM already holds, so two threads would both
 * "win" an exclusive lock; and closing <em>any</em> descriptor of the file anywhere in the JVM (a
 * {@code Files.readAllBytes}, a second {@code FileChannel}) silently drops all of the process's POSIX locks on it.
 * Java's file-channel locks are exactly such locks, which is one reason this project never uses it (it is
 * also invisible to c-client's flock). To make misuse impossible, every POSIX lock of this JVM goes through one table
 * keyed by the file's device and inode: the table owns the only descriptor it locks through, and it checks
 * conflicts between holders inside the JVM itself (shared+shared coexist, exclusive excludes) before asking the
 * kernel, which then only arbitrates against other processes. Handles are released with {@link #close()}; the
 * kernel lock of a range is dropped only when no other handle of this JVM still covers it.
 *
 * <p>Still, any other code in the JVM that opens and closes the same file drops these locks; prefer
 * {@link OfdLock} unless a peer process only understands POSIX locks. Thread-safe.
 */
public final class PosixLock implements Closeable {
    private static final Map<Key, Entry> TABLE = new HashMap<>();
    private static final FcntlCall SYSTEM_CALLS = new FcntlCall(LibC.system(), Backoff.REAL, false);

    private record Key(long device, long inode) {
    }

    /** One locked file: its descriptor and the handles of this JVM on it. Guarded by {@code TABLE}. */
    private static final class Entry {
        final NativeFd fd;
        final Key key;
        final List<PosixLock> held = new ArrayList<>();

        Entry(NativeFd fd, Key key) {
            this.fd = fd;
            this.key = key;
        }
    }

    private final Entry entry;
    private final LockMode mode;
    private final LockRange range;
    private boolean released;

    private PosixLock(Entry entry, LockMode mode, LockRange range) {
        this.entry = entry;
        this.mode = mode;
        this.range = range;
    }

    /**
     * Locks {@code range} of the file at {@code path} (symbolic links are refused). A conflict with another holder in
     * this JVM is reported like a conflict with another process: at once for {@link LockWait#noWait()}, after the
     * bound for {@link LockWait#upTo}; {@link LockWait#forever()} is refused for in-JVM conflicts (it would deadlock
     * the thread against its own process).
     */
    public static PosixLock acquire(Path path, LockMode mode, LockRange range, LockWait wait) throws IOException {
        return acquire(SYSTEM_CALLS, path, mode, range, wait);
    }

    static PosixLock acquire(FcntlCall calls, Path path, LockMode mode, LockRange range, LockWait wait)
            throws IOException {
        long deadline = System.nanoTime() + wait.limit().toNanos();
        synchronized (TABLE) {
            while (true) {
                // Look the entry up afresh after every wait: the last release closes and forgets an entry.
                Entry entry = entryFor(path);
                if (!conflictsInJvm(entry, mode, range)) {
                    return lockInKernel(calls, entry, mode, range, remaining(wait, deadline));
                }
                long left = deadline - System.nanoTime();
                if (wait.kind() != LockWait.Kind.BOUNDED || left <= 0) {
                    throw new LockBusyException(path + " is locked (POSIX " + mode + ") by another thread of this JVM",
                            List.of());
                }
                try {
                    TABLE.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LockingException("interrupted while waiting for a POSIX lock on " + path, e);
                }
            }
        }
    }

    private static PosixLock lockInKernel(FcntlCall calls, Entry entry, LockMode mode, LockRange range, LockWait wait)
            throws IOException {
        try {
            calls.setWaiting(entry.fd, mode.fcntlType(), range, wait);
        } catch (LockingException e) {
            releaseIfUnused(entry);
            throw e;
        }
        PosixLock lock = new PosixLock(entry, mode, range);
        entry.held.add(lock);
        return lock;
    }

    /**
     * The lock another <em>process</em> holds that would block {@code mode} on {@code range} ({@code F_GETLK}); the
     * kernel never reports this process's own locks here.
     */
    public static Optional<LockHolder> conflict(Path path, LockMode mode, LockRange range) throws IOException {
        try (NativeFd fd = NativeFd.open(path, EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.NO_FOLLOW), 0)) {
            return SYSTEM_CALLS.conflict(fd, mode.fcntlType(), range);
        }
    }

    /** Shared or exclusive. */
    public LockMode mode() {
        return mode;
    }

    /** The locked range. */
    public LockRange range() {
        return range;
    }

    /** Releases this handle; the kernel lock goes for the parts of the range no other handle of this JVM covers. */
    @Override
    public void close() throws IOException {
        synchronized (TABLE) {
            if (released) {
                return;
            }
            released = true;
            entry.held.remove(this);
            try {
                for (LockRange gap : uncovered(range, entry.held)) {
                    SYSTEM_CALLS.unlock(entry.fd, gap);
                }
            } finally {
                releaseIfUnused(entry);
                TABLE.notifyAll();
            }
        }
    }

    /**
     * The table entry for the file at {@code path}. The key comes from stat by name, not from a second open: opening
     * and closing another descriptor of a file this JVM holds POSIX locks on would drop those locks.
     */
    private static Entry entryFor(Path path) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
            Key key = new Key((Long) a.get("dev"), (Long) a.get("ino"));
            Entry existing = TABLE.get(key);
            if (existing != null) {
                return existing;
            }
            NativeFd fd = openForLocking(path);
            FileStat st = fd.stat();
            if (st.device() == key.device() && st.inode() == key.inode()) {
                Entry e = new Entry(fd, key);
                TABLE.put(key, e);
                return e;
            }
            fd.close(); // replaced between stat and open; no lock of ours can be on this new file yet
            if (attempt > 10) {
                throw new LockingException(path + " keeps being replaced; cannot lock it");
            }
        }
    }

    private static NativeFd openForLocking(Path path) throws IOException {
        try {
            return NativeFd.open(path, EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.NO_FOLLOW), 0);
        } catch (AccessDeniedException e) {
            // Read-only access still allows shared (F_RDLCK) locks; an exclusive one will then fail with EBADF.
            return NativeFd.open(path, EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.NO_FOLLOW), 0);
        }
    }

    private static void releaseIfUnused(Entry e) throws IOException {
        if (e.held.isEmpty() && TABLE.remove(e.key) != null) {
            e.fd.close();
        }
    }

    private static boolean conflictsInJvm(Entry e, LockMode mode, LockRange range) {
        for (PosixLock h : e.held) {
            if (h.range.overlaps(range) && (mode == LockMode.EXCLUSIVE || h.mode == LockMode.EXCLUSIVE)) {
                return true;
            }
        }
        return false;
    }

    private static LockWait remaining(LockWait wait, long deadline) {
        if (wait.kind() != LockWait.Kind.BOUNDED) {
            return wait;
        }
        return LockWait.upTo(java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** The parts of {@code r} that none of {@code others} covers. */
    static List<LockRange> uncovered(LockRange r, List<PosixLock> others) {
        List<LockRange> gaps = new ArrayList<>(List.of(r));
        for (PosixLock o : others) {
            List<LockRange> next = new ArrayList<>();
            for (LockRange g : gaps) {
                if (!g.overlaps(o.range)) {
                    next.add(g);
                    continue;
                }
                if (g.start() < o.range.start()) {
                    next.add(LockRange.between(g.start(), o.range.start()));
                }
                if (o.range.end() < g.end()) {
                    next.add(LockRange.between(o.range.end(), g.end()));
                }
            }
            gaps = next;
        }
        return gaps;
    }
}

package org.mailtxt.locking;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An NFS-safe dot-lock {@code <file>.lock}, the same name and meaning as c-client's and liblockfile's: whoever
 * created the file owns the lock. Creation uses the "hitching post" algorithm, atomic over NFS where
 * {@code O_EXCL} is not: create a unique file {@code <file>.lock.<time>.<pid>.<host>}, {@code link(2)} it to the lock
 * name, and own the lock iff the unique file's link count is then 2 (errors of {@code link} itself are ignored, since
 * NFS may report failure for a link that was made); the unique file is then removed. Where hard links are not
 * permitted it falls back to an {@code O_EXCL} create. The file holds {@code <pid>\n<host>\n} (liblockfile reads the
 * leading pid).
 *
 * <p>A lock whose ctime is older than {@link Policy#staleAfter()} (default 5 minutes, c-client's) is seized with a
 * warning; a lock naming a pid of this host that no longer runs is broken at once. A long holder calls
 * {@link #refresh()} to keep its lock young. Symbolic links are never followed: a link at the lock name is refused.
 * Not thread-safe: one holder refreshes and closes it.
 */
public final class DotLock implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(DotLock.class);
    private static final int MODE = 0666;

    /**
     * How a dot-lock is taken.
     *
     * @param staleAfter a lock whose ctime is older than this is seized
     * @param retryInterval pause between attempts while a live lock is held
     * @param maxWait give up (with {@link LockTimeoutException}) after this long
     */
    public record Policy(Duration staleAfter, Duration retryInterval, Duration maxWait) {
        /** c-client's defaults: 5 minutes to staleness, retry every second, wait up to 5 minutes. */
        public static final Policy DEFAULT = new Policy(Duration.ofMinutes(5), Duration.ofSeconds(1),
                Duration.ofMinutes(5));
    }

    /**
     * A lock this acquisition broke.
     *
     * @param reason why it was taken to be stale
     * @param age its age by ctime
     * @param pid the pid it named, or -1
     * @param host the host it named, or "" if none
     * @param inode the lock file's inode when it was judged stale
     */
    public record StaleLock(Reason reason, Duration age, long pid, String host, long inode) {
        /** Why a lock was broken. */
        public enum Reason { OLDER_THAN_LIMIT, HOLDER_DEAD }
    }

    private final Path lock;
    private final long device;
    private final long inode;
    private final StaleLock seized;
    private boolean released;

    private DotLock(Path lock, long device, long inode, StaleLock seized) {
        this.lock = lock;
        this.device = device;
        this.inode = inode;
        this.seized = seized;
    }

    /** The dot-lock name of a file: {@code <file>.lock}. */
    public static Path nameFor(Path file) {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    /** Locks {@code file} by creating {@code <file>.lock}. */
    public static DotLock acquire(Path file, Policy policy) throws IOException {
        Path lock = nameFor(file);
        long deadline = System.nanoTime() + policy.maxWait().toNanos();
        StaleLock broken = null;
        while (true) {
            Optional<DotLock> mine = tryCreate(lock, broken);
            if (mine.isPresent()) {
                return mine.get();
            }
            Optional<StaleLock> stale = staleness(lock, policy);
            if (stale.isPresent() && breakLock(lock, stale.get())) {
                broken = stale.get();
                continue;
            }
            if (System.nanoTime() >= deadline) {
                throw new LockTimeoutException("gave up waiting " + policy.maxWait().toMillis() + " ms for dot-lock "
                        + lock + " (" + describeHolder(lock) + ")", List.of());
            }
            sleep(policy.retryInterval(), deadline);
        }
    }

    private static Optional<DotLock> tryCreate(Path lock, StaleLock broken) throws IOException {
        refuseSymlink(lock);
        String host = Host.name();
        long pid = ProcessHandle.current().pid();
        Path post = lock.resolveSibling(lock.getFileName() + "." + Instant.now().getEpochSecond() + "." + pid + "."
                + host);
        byte[] content = (pid + "\n" + host + "\n").getBytes(StandardCharsets.US_ASCII);
        try (NativeFd fd = NativeFd.open(post, EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE_NEW,
                OpenFlag.NO_FOLLOW), MODE)) {
            fd.chmod(MODE);
            fd.pwrite(ByteBuffer.wrap(content), 0);
        }
        try {
            try {
                Files.createLink(lock, post);
            } catch (FileAlreadyExistsException e) {
                return Optional.empty();
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (!(e instanceof FileSystemException fse) || !isLinkRefused(fse)) {
                    LOG.debug("link {} -> {} reported {}; checking the link count", post, lock, e.toString());
                } else {
                    return createExclusive(lock, content, broken);
                }
            }
            Map<String, Object> st = Files.readAttributes(post, "unix:nlink,dev,ino", LinkOption.NOFOLLOW_LINKS);
            if ((Integer) st.get("nlink") != 2) {
                return Optional.empty();
            }
            return Optional.of(new DotLock(lock, (Long) st.get("dev"), (Long) st.get("ino"), broken));
        } finally {
            Files.deleteIfExists(post);
        }
    }

    private static boolean isLinkRefused(FileSystemException e) {
        String reason = String.valueOf(e.getReason());
        return reason.contains("Operation not permitted");
    }

    /** Fallback where hard links are not permitted (EPERM): plain exclusive create, as c-client does. */
    private static Optional<DotLock> createExclusive(Path lock, byte[] content, StaleLock broken) throws IOException {
        try (NativeFd fd = NativeFd.open(lock, EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE_NEW,
                OpenFlag.NO_FOLLOW), MODE)) {
            fd.chmod(MODE);
            fd.pwrite(ByteBuffer.wrap(content), 0);
            FileStat st = fd.stat();
            return Optional.of(new DotLock(lock, st.device(), st.inode(), broken));
        } catch (FileAlreadyExistsException e) {
            return Optional.empty();
        }
    }

    /** Is the existing lock stale: older than the limit by ctime, or naming a dead pid of this host? */
    static Optional<StaleLock> staleness(Path lock, Policy policy) throws IOException {
        Map<String, Object> st;
        try {
            refuseSymlink(lock);
            st = Files.readAttributes(lock, "unix:ctime,ino", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
        Duration age = Duration.between(((FileTime) st.get("ctime")).toInstant(), Instant.now());
        long ino = (Long) st.get("ino");
        Holder h = Holder.read(lock);
        if (age.compareTo(policy.staleAfter()) > 0) {
            return Optional.of(new StaleLock(StaleLock.Reason.OLDER_THAN_LIMIT, age, h.pid, h.host, ino));
        }
        if (h.pid > 0 && h.isThisHost(lock) && ProcessHandle.of(h.pid).map(p -> !p.isAlive()).orElse(true)) {
            return Optional.of(new StaleLock(StaleLock.Reason.HOLDER_DEAD, age, h.pid, h.host, ino));
        }
        return Optional.empty();
    }

    /** Removes a stale lock; false if it changed meanwhile (someone else broke it and locked anew). */
    private static boolean breakLock(Path lock, StaleLock stale) throws IOException {
        try {
            // Another process may have broken it and locked anew since we looked: only remove the file we judged.
            // (A window remains between this check and the unlink, as in liblockfile; it needs two breakers of one
            // stale lock racing within microseconds.)
            if ((Long) Files.getAttribute(lock, "unix:ino", LinkOption.NOFOLLOW_LINKS) != stale.inode()) {
                return false;
            }
            Files.delete(lock);
        } catch (NoSuchFileException gone) {
            return true;
        }
        if (stale.reason() == StaleLock.Reason.OLDER_THAN_LIMIT) {
            LOG.warn("Mailbox vulnerable - seizing {} second old lock {} (pid {} {})", stale.age().toSeconds(), lock,
                    stale.pid(), stale.host());
        } else {
            LOG.warn("breaking dot-lock {} of dead process {} on this host", lock, stale.pid());
        }
        return true;
    }

    private static void refuseSymlink(Path lock) throws UnsafeLockFileException {
        if (Files.isSymbolicLink(lock)) {
            throw new UnsafeLockFileException("symbolic link on lock name " + lock + ": refusing to use it");
        }
    }

    private static String describeHolder(Path lock) {
        Holder h = Holder.read(lock);
        return h.pid > 0 ? "held by pid " + h.pid + (h.host.isEmpty() ? "" : " on " + h.host) : "holder unknown";
    }

    private static void sleep(Duration interval, long deadline) throws LockingException {
        long nanos = Math.min(interval.toNanos(), Math.max(0, deadline - System.nanoTime()));
        Backoff.REAL.pause(Duration.ofNanos(Math.max(1_000_000, nanos)));
    }

    /** The lock file. */
    public Path path() {
        return lock;
    }

    /** The stale lock this acquisition broke, if it had to. */
    public Optional<StaleLock> seized() {
        return Optional.ofNullable(seized);
    }

    /** Touches the lock so that it stays younger than the stale limit; fails if it is no longer ours. */
    public void refresh() throws IOException {
        checkStillOurs();
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now()));
    }

    /** Removes the lock if it is still ours; if someone seized it meanwhile, says so. */
    @Override
    public void close() throws IOException {
        if (released) {
            return;
        }
        released = true;
        checkStillOurs();
        Files.delete(lock);
    }

    private void checkStillOurs() throws IOException {
        try {
            Map<String, Object> st = Files.readAttributes(lock, "unix:dev,ino,mode", LinkOption.NOFOLLOW_LINKS);
            // Inode numbers are reused at once after an unlink, so the content (our pid and host) must match too.
            if ((Long) st.get("dev") == device && (Long) st.get("ino") == inode
                    && Holder.read(lock).isProcess(ProcessHandle.current().pid(), Host.name())) {
                return;
            }
        } catch (NoSuchFileException e) {
            // fall through: gone
        }
        throw new LockLostException("dot-lock " + lock + " is no longer ours: another process seized it as stale;"
                + " refresh long-held locks more often than the stale limit");
    }
}

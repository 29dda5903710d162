package org.mailtxt.locking;

import com.sun.jna.LastErrorException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * c-client's parse/append lock (its "B" lock, spec/c-client-locking.md §2): an empty file {@code /tmp/.<dev>.<ino>}
 * named after the mailbox's device and inode in lowercase hex, flocked shared while a process parses the mailbox
 * and exclusively while it appends, expunges or renames. Real c-client programs use the same file, so they and this
 * JVM exclude each other through it.
 *
 * <p>Acquisition follows §2.2 step by step: refuse a symbolic link or a file with more than one hard link at the
 * name (nothing is ever written through them); open the existing file or create it with {@code O_EXCL} and mode
 * 0666 whatever the umask; flock it; then re-check that the name still leads to the very file locked (its previous
 * holder may have unlinked it while we waited) and start again if not. Release follows §2.4: whoever can take it
 * exclusively at release time is the last user and unlinks the name.
 *
 * <p>Each instance owns one descriptor (one open file description), so two instances in one JVM exclude each other
 * exactly as two processes would. Not thread-safe: one holder closes it.
 */
public final class ParseLock implements Closeable {
    /** c-client's directory for these files. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/tmp");
    private static final Logger LOG = LoggerFactory.getLogger(ParseLock.class);
    private static final int MODE = 0666;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;

    private final Flock flock;
    private final NativeFd fd;
    private final Path name;
    private final LockMode mode;
    private final FileStat identity;
    private boolean released;

    private ParseLock(Flock flock, NativeFd fd, Path name, LockMode mode, FileStat identity) {
        this.flock = flock;
        this.fd = fd;
        this.name = name;
        this.mode = mode;
        this.identity = identity;
    }

    /** The lock file name c-client uses for the mailbox with this identity: {@code dir/.<dev hex>.<ino hex>}. */
    public static Path nameFor(FileStat mailbox, Path directory) {
        return directory.resolve("." + Long.toHexString(mailbox.device()) + "." + Long.toHexString(mailbox.inode()));
    }

    /** Takes the parse lock of the mailbox open on {@code mailbox}, in {@code directory}, waiting as {@code wait} says. */
    public static ParseLock acquire(NativeFd mailbox, Path directory, LockMode mode, LockWait wait) throws IOException {
        return acquire(LibC.system(), Flock.system(), mailbox, directory, mode, wait);
    }

    static ParseLock acquire(LibC libc, Flock flock, NativeFd mailbox, Path directory, LockMode mode, LockWait wait)
            throws IOException {
        Path name = nameFor(mailbox.stat(), directory);
        long deadline = System.nanoTime() + wait.limit().toNanos();
        for (int round = 0; ; round++) {
            NativeFd fd = openOrCreate(libc, name);
            try {
                flock.lock(fd, mode, remaining(wait, deadline));
                FileStat locked = fd.stat();
                if (stillNamedBy(libc, name, locked)) {
                    chmodQuietly(fd);
                    return new ParseLock(flock, fd, name, mode, locked);
                }
            } catch (IOException | RuntimeException e) {
                fd.close();
                throw e;
            }
            // The previous holder unlinked the file while we waited for it: start again with the name (§2.2 step 5).
            fd.close();
            if (round > 0 && round % 100 == 0) {
                LOG.warn("parse lock {} replaced {} times while waiting for it", name, round);
            }
        }
    }

    /** Step 6 of §2.2: mode 0666 whatever the umask; c-client ignores EPERM on another user's file, so do we. */
    private static void chmodQuietly(NativeFd fd) throws IOException {
        try {
            fd.chmod(MODE);
        } catch (AccessDeniedException e) {
            LOG.debug("cannot chmod parse lock {} of another user; keeping its mode", fd.path());
        }
    }

    /** Steps 2-3 of §2.2: never through a symbolic link or a hard-linked file. */
    private static NativeFd openOrCreate(LibC libc, Path name) throws IOException {
        while (true) {
            // lstat through JNA, like every other call on this path: Files.readAttributes("unix:...") builds a map
            // and its attribute objects per call, which cost more than the system call itself.
            FileStat st = FileStat.ofLink(libc, name);
            if (st == null) {
                try {
                    return create(libc, name);
                } catch (FileAlreadyExistsException raced) {
                    continue;
                } catch (FileSystemException e) {
                    throw cannotOpen(name, e);
                }
            }
            checkSafe(name, st.mode(), st.links());
            try {
                return NativeFd.open(libc, name, EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.NO_FOLLOW), 0);
            } catch (NoSuchFileException vanished) {
                continue;
            } catch (FileSystemException e) {
                if (isSymbolicLink(libc, name)) {
                    throw new UnsafeLockFileException("symbolic link on lock name " + name + ": refusing to use it");
                }
                throw cannotOpen(name, e);
            }
        }
    }

    /**
     * Creates the lock file with mode 0666 whatever this process's umask. c-client sets umask 0 around the create;
     * a JVM cannot (the umask is process-wide and other threads create files), and creating with the umask then
     * chmod-ing leaves a window in which the file is 0644 and every other user's c-client fails with "Unable to lock"
     * (or for ever, if we die in that window). So the file is made unnamed ({@code O_TMPFILE}), given its mode, and
     * only then linked to its name, which fails like {@code O_EXCL} if the name exists. Where the filesystem has no
     * {@code O_TMPFILE}, it falls back to {@code O_EXCL} and an immediate {@code fchmod}.
     */
    private static NativeFd create(LibC libc, Path name) throws IOException {
        NativeFd unnamed;
        try {
            unnamed = NativeFd.open(libc, name.getParent(), EnumSet.of(OpenFlag.READ_WRITE,
                    OpenFlag.UNNAMED_IN_DIRECTORY), MODE);
        } catch (FileSystemException notSupported) {
            NativeFd fd = NativeFd.open(libc, name, EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE_NEW,
                    OpenFlag.NO_FOLLOW), MODE);
            chmodQuietly(fd);
            return fd;
        }
        try {
            unnamed.chmod(MODE);
            unnamed.linkInto(name);
            return unnamed;
        } catch (IOException | RuntimeException e) {
            unnamed.close();
            throw e;
        }
    }

    private static void checkSafe(Path name, int mode, long links) throws UnsafeLockFileException {
        if ((mode & S_IFMT) == S_IFLNK) {
            throw new UnsafeLockFileException("symbolic link on lock name " + name
                    + ": refusing to use it (SECURITY PROBLEM: someone may be trying to make mail programs write"
                    + " elsewhere; remove it)");
        }
        if ((mode & S_IFMT) != S_IFREG) {
            throw new UnsafeLockFileException("lock name " + name + " is not a regular file: remove it");
        }
        if (links > 1) {
            throw new UnsafeLockFileException("hard link to lock name " + name + " (" + links
                    + " links): refusing to use it; remove it");
        }
    }

    private static boolean isSymbolicLink(LibC libc, Path name) throws IOException {
        FileStat st = FileStat.ofLink(libc, name);
        return st != null && st.isSymbolicLink();
    }

    private static LockingException cannotOpen(Path name, FileSystemException e) {
        return new LockingException("Unable to lock: cannot open parse lock " + name + " (" + e.getMessage()
                + "). The lock directory must be mode 1777 and an existing lock file mode 0666", e);
    }

    /** Step 5 of §2.2: the name still exists, is no symbolic link, is the file we locked, and has one link. */
    private static boolean stillNamedBy(LibC libc, Path name, FileStat locked) throws IOException {
        if (locked.links() != 1) {
            return false;
        }
        FileStat st = FileStat.ofLink(libc, name);
        return st != null && st.isRegularFile() && st.sameFileAs(locked);
    }

    private static LockWait remaining(LockWait wait, long deadline) {
        if (wait.kind() != LockWait.Kind.BOUNDED) {
            return wait;
        }
        return LockWait.upTo(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** The lock file's path. */
    public Path path() {
        return name;
    }

    /** Shared or exclusive. */
    public LockMode mode() {
        return mode;
    }

    /** Releases the lock (§2.4): if nobody else holds or waits on the file at this instant, unlinks its name first. */
    @Override
    public void close() throws IOException {
        if (released) {
            return;
        }
        released = true;
        try {
            if (flock.tryLock(fd, LockMode.EXCLUSIVE) && stillNamedBy(fd.libc(), name, identity)) {
                unlink(fd.libc(), name);
            }
        } finally {
            try {
                flock.unlock(fd);
            } finally {
                fd.close();
            }
        }
    }

    /** Removes the name; gone already is fine, another user's file in sticky /tmp is left (c-client does too). */
    private static void unlink(LibC libc, Path name) throws IOException {
        try {
            libc.unlink(name.toString());
        } catch (LastErrorException e) {
            switch (e.getErrorCode()) {
                case LibC.ENOENT -> { }
                case LibC.EACCES, LibC.EPERM -> LOG.debug("cannot unlink parse lock {} of another user (sticky /tmp);"
                        + " leaving it, mode 0666", name);
                default -> throw NativeErrors.io("unlink", name, e);
            }
        }
    }

    @Override
    public String toString() {
        return "parse lock " + name + " (" + mode + ")";
    }
}

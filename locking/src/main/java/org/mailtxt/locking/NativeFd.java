package org.mailtxt.locking;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * A file descriptor obtained from libc {@code open(2)}, owned by this object from the moment it exists. flock(2)
 * locks belong to the open file description behind it, so the descriptor must stay open for as long as a lock on it
 * is meant to hold; {@link #close()} drops every flock and OFD lock taken through it.
 *
 * <p>Thread-safety: the descriptor number is immutable; {@link #close()} is idempotent and may race with nothing
 * else safely only if callers stop using the object before closing it (the mailstore guards this with its own
 * lock). Positional I/O ({@link #pread}, {@link #pwrite}) has no shared file position and may run concurrently.
 */
public final class NativeFd implements Closeable {
    private final LibC libc;
    private volatile Path path;
    private final int fd;
    private boolean closed;

    private NativeFd(LibC libc, Path path, int fd) {
        this.libc = libc;
        this.path = path;
        this.fd = fd;
    }

    /** Opens {@code path} with the given flags (plus {@code O_CLOEXEC}); a created file gets mode {@code mode}. */
    public static NativeFd open(Path path, Set<OpenFlag> flags, int mode) throws IOException {
        return open(LibC.system(), path, flags, mode);
    }

    /** Opens {@code path} read-only or read-write. */
    public static NativeFd open(Path path, OpenFlag access) throws IOException {
        return open(path, EnumSet.of(access), 0);
    }

    static NativeFd open(LibC libc, Path path, Set<OpenFlag> flags, int mode) throws IOException {
        int bits = LibC.O_CLOEXEC;
        for (OpenFlag f : flags) {
            bits |= f.bits;
        }
        while (true) {
            try {
                return new NativeFd(libc, path, libc.open(path.toString(), bits, mode));
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    throw NativeErrors.io("open", path, e);
                }
            }
        }
    }

    /** The descriptor number, for diagnostics and for calls of this package. */
    public int number() {
        return fd;
    }

    /** The path this descriptor was opened from (the file may since have been renamed or unlinked). */
    public Path path() {
        return path;
    }

    LibC libc() {
        return libc;
    }

    /** {@code fstat(2)} of this descriptor. */
    public FileStat stat() throws IOException {
        ensureOpen();
        try {
            return FileStat.of(libc, fd);
        } catch (LastErrorException e) {
            throw NativeErrors.io("fstat", path, e);
        }
    }

    /** Sets the permission bits regardless of the process umask ({@code fchmod(2)}). */
    public void chmod(int mode) throws IOException {
        ensureOpen();
        try {
            libc.fchmod(fd, mode);
        } catch (LastErrorException e) {
            throw NativeErrors.io("fchmod", path, e);
        }
    }

    /**
     * Sets access and modification times to whole seconds ({@code futimens(2)} on the descriptor, so a symbolic
     * link swapped in at the name cannot redirect it). c-client sets times with second precision and gives them
     * meaning (spec/tenex-mtx-format.md §10), so the nanoseconds are zero.
     */
    public void setTimes(long atimeSeconds, long mtimeSeconds) throws IOException {
        ensureOpen();
        try (Memory times = new Memory(32)) {
            times.setLong(0, atimeSeconds);
            times.setLong(8, 0);
            times.setLong(16, mtimeSeconds);
            times.setLong(24, 0);
            libc.futimens(fd, times);
        } catch (LastErrorException e) {
            throw NativeErrors.io("futimens", path, e);
        }
    }

    /**
     * Gives an {@link OpenFlag#UNNAMED_IN_DIRECTORY} file the name {@code target}
     * ({@code linkat(AT_FDCWD, "/proc/self/fd/N", AT_FDCWD, target, AT_SYMLINK_FOLLOW)}); fails with
     * {@link java.nio.file.FileAlreadyExistsException} if the name exists, like an {@code O_EXCL} create.
     */
    public void linkInto(Path target) throws IOException {
        ensureOpen();
        try {
            libc.linkat(LibC.AT_FDCWD, "/proc/self/fd/" + fd, LibC.AT_FDCWD, target.toString(), LibC.AT_SYMLINK_FOLLOW);
            path = target;
        } catch (LastErrorException e) {
            throw NativeErrors.io("linkat", target, e);
        }
    }

    /** {@code fsync(2)}. */
    public void fsync() throws IOException {
        ensureOpen();
        try {
            libc.fsync(fd);
        } catch (LastErrorException e) {
            throw NativeErrors.io("fsync", path, e);
        }
    }

    /** {@code ftruncate(2)}. */
    public void truncate(long length) throws IOException {
        ensureOpen();
        try {
            libc.ftruncate(fd, length);
        } catch (LastErrorException e) {
            throw NativeErrors.io("ftruncate", path, e);
        }
    }

    /** Reads up to {@code dst.remaining()} bytes at {@code offset}; returns the count, 0 at end of file. */
    public int pread(ByteBuffer dst, long offset) throws IOException {
        ensureOpen();
        int n = dst.remaining();
        try (Memory buf = new Memory(Math.max(1, n))) {
            long got;
            while (true) {
                try {
                    got = libc.pread(fd, buf, n, offset);
                    break;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != LibC.EINTR) {
                        throw NativeErrors.io("pread", path, e);
                    }
                }
            }
            dst.put(buf.getByteArray(0, (int) got));
            return (int) got;
        }
    }

    /** Writes all of {@code src} at {@code offset}. */
    public void pwrite(ByteBuffer src, long offset) throws IOException {
        ensureOpen();
        byte[] bytes = new byte[src.remaining()];
        src.get(bytes);
        try (Memory buf = new Memory(Math.max(1, bytes.length))) {
            buf.write(0, bytes, 0, bytes.length);
            long done = 0;
            while (done < bytes.length) {
                try {
                    done += libc.pwrite(fd, buf.share(done), bytes.length - done, offset + done);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != LibC.EINTR) {
                        throw NativeErrors.io("pwrite", path, e);
                    }
                }
            }
        }
    }

    /** Closes the descriptor, dropping the locks of its open file description. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            // Linux releases the descriptor even when close reports EINTR/EIO: never retry, but do report it.
            throw NativeErrors.io("close", path, e);
        }
    }

    /** True until {@link #close()}. */
    public synchronized boolean isOpen() {
        return !closed;
    }

    private synchronized void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("descriptor for " + path + " is already closed");
        }
    }

    @Override
    public String toString() {
        return "fd " + fd + " (" + path + ")";
    }
}

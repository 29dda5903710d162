package org.mailtxt.locking;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What {@code fstat(2)} says about an open file: the identity (device, inode) c-client derives its parse-lock name
 * from, the link count the lock checks need, and the size and times change detection compares.
 *
 * @param device raw Linux {@code st_dev} (glibc encoding; {@code fe00} for 254:0)
 * @param inode {@code st_ino}
 * @param links {@code st_nlink}
 * @param mode {@code st_mode} (type and permission bits)
 * @param uid owner
 * @param size {@code st_size} in bytes
 * @param atimeNanos access time, nanoseconds since the epoch
 * @param mtimeNanos modification time, nanoseconds since the epoch
 * @param ctimeNanos status change time, nanoseconds since the epoch (moved by every write and every utime)
 */
public record FileStat(long device, long inode, long links, int mode, int uid, long size,
                       long atimeNanos, long mtimeNanos, long ctimeNanos) {

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int BUFFER_SIZE = 256;

    /** True for a regular file. */
    public boolean isRegularFile() {
        return (mode & S_IFMT) == S_IFREG;
    }

    /** True for a symbolic link (only possible for lstat-like sources). */
    public boolean isSymbolicLink() {
        return (mode & S_IFMT) == S_IFLNK;
    }

    /** The major number of {@link #device()}, decoded as glibc's {@code major()} does. */
    public long deviceMajor() {
        return ((device >>> 8) & 0xfffL) | ((device >>> 32) & ~0xfffL);
    }

    /** The minor number of {@link #device()}, decoded as glibc's {@code minor()} does. */
    public long deviceMinor() {
        return (device & 0xffL) | ((device >>> 12) & ~0xffL);
    }

    /** True when both name the same file (same device and inode). */
    public boolean sameFileAs(FileStat other) {
        return device == other.device && inode == other.inode;
    }

    /** One {@code struct stat} buffer per thread: a stat is on the path of every lock taken. */
    private static final ThreadLocal<Memory> BUFFER = ThreadLocal.withInitial(() -> new Memory(BUFFER_SIZE));

    static FileStat of(LibC libc, int fd) {
        Memory buf = BUFFER.get();
        buf.clear();
        libc.fstat(fd, buf);
        return decode(buf);
    }

    /**
     * {@code lstat(2)} of {@code path} (a symbolic link is described, not followed).
     *
     * @return null if nothing has that name
     * @throws IOException for any other failure, naming the call and the path
     */
    static FileStat ofLink(LibC libc, Path path) throws IOException {
        Memory buf = BUFFER.get();
        buf.clear();
        try {
            libc.fstatat(LibC.AT_FDCWD, path.toString(), buf, LibC.AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.ENOENT) {
                return null;
            }
            throw NativeErrors.io("lstat", path, e);
        }
        return decode(buf);
    }

    /** Decodes {@code struct stat} for the two 64-bit Linux layouts glibc uses. */
    private static FileStat decode(Pointer p) {
        if (Platform.isIntel() && Platform.is64Bit()) {
            return new FileStat(p.getLong(0), p.getLong(8), p.getLong(16), p.getInt(24), p.getInt(28), p.getLong(48),
                    nanos(p, 72), nanos(p, 88), nanos(p, 104));
        }
        if (Platform.isARM() && Platform.is64Bit()) {
            return new FileStat(p.getLong(0), p.getLong(8), Integer.toUnsignedLong(p.getInt(20)), p.getInt(16),
                    p.getInt(24), p.getLong(48), nanos(p, 72), nanos(p, 88), nanos(p, 104));
        }
        throw new UnsupportedOperationException("struct stat layout unknown for " + System.getProperty("os.arch")
                + "; mailtxt supports 64-bit Linux on x86_64 and aarch64");
    }

    private static long nanos(Pointer p, int offset) {
        return p.getLong(offset) * 1_000_000_000L + p.getLong(offset + 8);
    }
}

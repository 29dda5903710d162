package org.mailtxt.locking;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;

/**
 * The libc calls this module makes, as one seam. {@link JnaLibC} is the real thing (JNA direct mapping); tests wrap
 * it to inject {@code EINTR} / {@code ENOLCK} at exactly the boundary where the kernel would report them.
 *
 * <p>Every method returns what libc returns on success and throws {@link LastErrorException} carrying
 * {@code errno} on failure (libc returned -1). Implementations are stateless and thread-safe.
 */
interface LibC {
    int EPERM = 1;
    int ENOENT = 2;
    int ESRCH = 3;
    int EINTR = 4;
    int EAGAIN = 11;
    int EWOULDBLOCK = EAGAIN;
    int EACCES = 13;
    int EEXIST = 17;
    int ENOLCK = 37;
    int ELOOP = 40;

    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_RDWR = 2;
    int O_CREAT = 0100;
    int O_EXCL = 0200;
    int O_APPEND = 02000;
    int O_NOFOLLOW = 0400000;
    int O_CLOEXEC = 02000000;

    int LOCK_SH = 1;
    int LOCK_EX = 2;
    int LOCK_NB = 4;
    int LOCK_UN = 8;

    int F_GETLK = 5;
    int F_SETLK = 6;
    int F_SETLKW = 7;
    int F_OFD_GETLK = 36;
    int F_OFD_SETLK = 37;
    int F_OFD_SETLKW = 38;

    short F_RDLCK = 0;
    short F_WRLCK = 1;
    short F_UNLCK = 2;

    int AT_FDCWD = -100;
    int AT_SYMLINK_FOLLOW = 0x400;
    int AT_SYMLINK_NOFOLLOW = 0x100;
    int EOPNOTSUPP = 95;
    int EISDIR = 21;
    int EINVAL = 22;

    int open(String path, int flags, int mode) throws LastErrorException;

    int linkat(int oldDirFd, String oldPath, int newDirFd, String newPath, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int flock(int fd, int operation) throws LastErrorException;

    /** fcntl with a {@code struct flock *} argument (F_GETLK/F_SETLK/F_SETLKW and the F_OFD_ variants). */
    int fcntl(int fd, int cmd, Pointer flockStruct) throws LastErrorException;

    int fstat(int fd, Pointer statBuf) throws LastErrorException;

    int fstatfs(int fd, Pointer statfsBuf) throws LastErrorException;

    int statfs(String path, Pointer statfsBuf) throws LastErrorException;

    int fchmod(int fd, int mode) throws LastErrorException;

    int fsync(int fd) throws LastErrorException;

    int ftruncate(int fd, long length) throws LastErrorException;

    long pread(int fd, Pointer buf, long count, long offset) throws LastErrorException;

    long pwrite(int fd, Pointer buf, long count, long offset) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;

    /** {@code futimens(fd, struct timespec times[2])}: atime then mtime. */
    int futimens(int fd, Pointer times) throws LastErrorException;

    /** {@code fstatat(2)}; with {@link #AT_SYMLINK_NOFOLLOW} and {@link #AT_FDCWD} it is {@code lstat(2)}. */
    int fstatat(int dirFd, String path, Pointer statBuf, int flags) throws LastErrorException;

    /** {@code unlink(2)}. */
    int unlink(String path) throws LastErrorException;

    /** The process-wide default: the real libc through JNA. */
    static LibC system() {
        return JnaLibC.INSTANCE;
    }
}

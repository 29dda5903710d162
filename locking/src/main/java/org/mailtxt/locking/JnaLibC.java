package org.mailtxt.locking;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The real libc, bound once with JNA direct mapping (the cheapest JNA call path: no proxy, no reflection per call).
 * {@code throws LastErrorException} makes JNA capture {@code errno} right after the call, before the JVM can
 * clobber it. Thread-safe: it holds no state.
 */
final class JnaLibC implements LibC {
    static final JnaLibC INSTANCE = new JnaLibC();

    static {
        if (!Platform.isLinux()) {
            throw new ExceptionInInitializerError("mailtxt locking needs Linux (flock, OFD locks, /proc/locks); this is "
                    + System.getProperty("os.name"));
        }
        Native.register(JnaLibC.class, Platform.C_LIBRARY_NAME);
    }

    private JnaLibC() {
    }

    @Override public native int open(String path, int flags, int mode) throws LastErrorException;

    @Override public native int close(int fd) throws LastErrorException;

    @Override public native int linkat(int oldDirFd, String oldPath, int newDirFd, String newPath, int flags)
            throws LastErrorException;

    @Override public native int flock(int fd, int operation) throws LastErrorException;

    @Override public native int fcntl(int fd, int cmd, Pointer flockStruct) throws LastErrorException;

    @Override public native int fstat(int fd, Pointer statBuf) throws LastErrorException;

    @Override public native int fstatfs(int fd, Pointer statfsBuf) throws LastErrorException;

    @Override public native int statfs(String path, Pointer statfsBuf) throws LastErrorException;

    @Override public native int fchmod(int fd, int mode) throws LastErrorException;

    @Override public native int fsync(int fd) throws LastErrorException;

    @Override public native int ftruncate(int fd, long length) throws LastErrorException;

    @Override public native long pread(int fd, Pointer buf, long count, long offset) throws LastErrorException;

    @Override public native long pwrite(int fd, Pointer buf, long count, long offset) throws LastErrorException;

    @Override public native int kill(int pid, int signal) throws LastErrorException;

    @Override public native int futimens(int fd, Pointer times) throws LastErrorException;

    @Override public native int fstatat(int dirFd, String path, Pointer statBuf, int flags) throws LastErrorException;

    @Override public native int unlink(String path) throws LastErrorException;
}

package org.mailtxt.locking;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The real libc with errors injected into flock and fcntl at the JNA boundary: each queued errno is thrown by the
 * next call instead of calling the kernel, exactly as JNA reports a failing call.
 */
final class FaultyLibC implements LibC {
    final Deque<Integer> flockErrors = new ArrayDeque<>();
    final Deque<Integer> fcntlErrors = new ArrayDeque<>();
    int flockCalls;
    int fcntlCalls;
    private final LibC real = LibC.system();

    void failFlock(int errno, int times) {
        for (int i = 0; i < times; i++) {
            flockErrors.add(errno);
        }
    }

    void failFcntl(int errno, int times) {
        for (int i = 0; i < times; i++) {
            fcntlErrors.add(errno);
        }
    }

    /** A back-off that records pauses instead of sleeping. */
    static final class RecordingBackoff implements Backoff {
        final List<Duration> pauses = new ArrayList<>();
        long now;

        @Override
        public void pause(Duration d) {
            pauses.add(d);
            now += d.toNanos();
        }

        @Override
        public long nanoTime() {
            return now;
        }
    }

    @Override public int flock(int fd, int operation) {
        flockCalls++;
        Integer e = flockErrors.poll();
        if (e != null) {
            throw new LastErrorException(e);
        }
        return real.flock(fd, operation);
    }

    @Override public int fcntl(int fd, int cmd, Pointer flockStruct) {
        fcntlCalls++;
        Integer e = fcntlErrors.poll();
        if (e != null) {
            throw new LastErrorException(e);
        }
        return real.fcntl(fd, cmd, flockStruct);
    }

    @Override public int open(String path, int flags, int mode) { return real.open(path, flags, mode); }
    @Override public int close(int fd) { return real.close(fd); }
    @Override public int linkat(int a, String b, int c, String d, int e) { return real.linkat(a, b, c, d, e); }
    @Override public int fstat(int fd, Pointer statBuf) { return real.fstat(fd, statBuf); }
    @Override public int fstatfs(int fd, Pointer buf) { return real.fstatfs(fd, buf); }
    @Override public int statfs(String path, Pointer buf) { return real.statfs(path, buf); }
    @Override public int fchmod(int fd, int mode) { return real.fchmod(fd, mode); }
    @Override public int fsync(int fd) { return real.fsync(fd); }
    @Override public int ftruncate(int fd, long length) { return real.ftruncate(fd, length); }
    @Override public long pread(int fd, Pointer buf, long count, long offset) { return real.pread(fd, buf, count, offset); }
    @Override public long pwrite(int fd, Pointer buf, long count, long offset) { return real.pwrite(fd, buf, count, offset); }
    @Override public int kill(int pid, int signal) { return real.kill(pid, signal); }
    @Override public int futimens(int fd, Pointer times) { return real.futimens(fd, times); }

    @Override public int fstatat(int dirFd, String path, Pointer statBuf, int flags) {
        return real.fstatat(dirFd, path, statBuf, flags);
    }

    @Override public int unlink(String path) {
        return real.unlink(path);
    }
}

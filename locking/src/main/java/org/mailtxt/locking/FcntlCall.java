package org.mailtxt.locking;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code fcntl(2)} record-lock calls shared by {@link PosixLock} and {@link OfdLock}: builds the
 * {@code struct flock} (same layout on x86_64 and aarch64: short type, short whence, off_t start, off_t len,
 * pid_t pid; 32 bytes), retries EINTR, bounds ENOLCK like {@link Flock}, and polls for bounded waits.
 */
final class FcntlCall {
    private static final int STRUCT_SIZE = 32;
    private static final Duration POLL_FIRST_PAUSE = Duration.ofMillis(1);
    private static final Duration POLL_MAX_PAUSE = Duration.ofMillis(50);

    private final LibC libc;
    private final Backoff backoff;
    private final int getCmd;
    private final int setCmd;
    private final int setWaitCmd;
    private final String name;

    FcntlCall(LibC libc, Backoff backoff, boolean ofd) {
        this.libc = libc;
        this.backoff = backoff;
        this.getCmd = ofd ? LibC.F_OFD_GETLK : LibC.F_GETLK;
        this.setCmd = ofd ? LibC.F_OFD_SETLK : LibC.F_SETLK;
        this.setWaitCmd = ofd ? LibC.F_OFD_SETLKW : LibC.F_SETLKW;
        this.name = ofd ? "OFD lock" : "POSIX lock";
    }

    /** One non-blocking attempt; false if a conflicting lock is held elsewhere. */
    boolean trySet(NativeFd fd, short type, LockRange range) throws LockingException {
        return call(fd, setCmd, type, range, true) != null;
    }

    void setWaiting(NativeFd fd, short type, LockRange range, LockWait wait) throws LockingException {
        switch (wait.kind()) {
            case FOREVER -> call(fd, setWaitCmd, type, range, false);
            case NO_WAIT -> {
                if (!trySet(fd, type, range)) {
                    throw new LockBusyException(fd.path() + " is locked (" + name + ")", conflictList(fd, type, range));
                }
            }
            case BOUNDED -> {
                long deadline = backoff.nanoTime() + wait.limit().toNanos();
                Duration pause = POLL_FIRST_PAUSE;
                while (!trySet(fd, type, range)) {
                    long left = deadline - backoff.nanoTime();
                    if (left <= 0) {
                        throw new LockTimeoutException("gave up waiting " + wait.limit().toMillis() + " ms for "
                                + name + " on " + fd.path(), conflictList(fd, type, range));
                    }
                    backoff.pause(pause.toNanos() < left ? pause : Duration.ofNanos(left));
                    pause = pause.multipliedBy(2).compareTo(POLL_MAX_PAUSE) > 0 ? POLL_MAX_PAUSE : pause.multipliedBy(2);
                }
            }
        }
    }

    void unlock(NativeFd fd, LockRange range) throws LockingException {
        call(fd, setCmd, LibC.F_UNLCK, range, false);
    }

    /** F_GETLK: the first lock that would block a request of {@code type} on {@code range}, if any. */
    Optional<LockHolder> conflict(NativeFd fd, short type, LockRange range) throws LockingException {
        Memory m = call(fd, getCmd, type, range, false);
        try (m) {
            short found = m.getShort(0);
            if (found == LibC.F_UNLCK) {
                return Optional.empty();
            }
            FileStat id;
            try {
                id = fd.stat();
            } catch (java.io.IOException e) {
                throw new LockingException("fstat " + fd.path() + " failed", e);
            }
            long pid = m.getInt(24);
            long len = m.getLong(16);
            long start = m.getLong(8);
            return Optional.of(new LockHolder(pid, ProcLocks.processName(pid),
                    getCmd == LibC.F_OFD_GETLK ? LockKind.OFDLCK : LockKind.POSIX,
                    found == LibC.F_WRLCK ? LockMode.EXCLUSIVE : LockMode.SHARED, false,
                    id.deviceMajor(), id.deviceMinor(), id.inode(), start, len == 0 ? -1 : start + len - 1));
        }
    }

    private List<LockHolder> conflictList(NativeFd fd, short type, LockRange range) {
        try {
            return conflict(fd, type, range).map(List::of).orElse(List.of());
        } catch (LockingException e) {
            return List.of();
        }
    }

    /** Returns the struct (caller closes it) on success, null for a refused non-blocking set. */
    private Memory call(NativeFd fd, int cmd, short type, LockRange range, boolean nonBlocking)
            throws LockingException {
        int enolck = 0;
        Duration pause = Duration.ofMillis(10);
        while (true) {
            Memory m = new Memory(STRUCT_SIZE);
            m.clear();
            m.setShort(0, type);
            m.setShort(2, (short) 0); // SEEK_SET
            m.setLong(8, range.start());
            m.setLong(16, range.length());
            try {
                libc.fcntl(fd.number(), cmd, m);
                return m;
            } catch (LastErrorException e) {
                m.close();
                int errno = e.getErrorCode();
                if (errno == LibC.EINTR) {
                    continue;
                }
                if (nonBlocking && (errno == LibC.EAGAIN || errno == LibC.EACCES)) {
                    return null;
                }
                if (errno == LibC.ENOLCK && enolck++ < Flock.ENOLCK_RETRIES) {
                    backoff.pause(pause);
                    pause = pause.multipliedBy(2);
                    continue;
                }
                if (errno == LibC.ENOLCK) {
                    throw new LockTableFullException(name + " on " + fd.path() + " failed with ENOLCK " + enolck
                            + " times: the kernel (or the NFS lock manager) cannot allocate a lock");
                }
                throw new LockingException("Unexpected file locking failure: " + name + " on " + fd.path() + ": "
                        + NativeErrors.describe(e), e);
            }
        }
    }
}

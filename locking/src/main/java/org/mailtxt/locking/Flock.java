package org.mailtxt.locking;

import com.sun.jna.LastErrorException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code flock(2)} on a {@link NativeFd}: the lock c-client takes on the mailbox file (its "A" lock) and on the
 * parse/append lock file ("B"). A flock belongs to the open file description, so two descriptors from two
 * {@code open()} calls conflict even inside one JVM, and closing the descriptor drops it.
 *
 * <p>Errors follow c-client's {@code safe_flock} (spec/c-client-locking.md §7) where that is safe and are stricter
 * where it is not: {@code EINTR} is retried; {@code EWOULDBLOCK} is the normal "busy" outcome, reported with the
 * holders from {@code /proc/locks}; {@code ENOLCK} is retried with a bounded back-off (c-client retries forever)
 * and then raised as {@link LockTableFullException}; anything else is a {@link LockingException}. No failure is
 * ever reported as success.
 *
 * <p>Changing SH to EX (or back) is not atomic in the kernel: a refused {@code LOCK_EX|LOCK_NB} on a descriptor
 * that held SH leaves it holding nothing (§3). Callers that upgrade must re-take SH after a refusal, under the
 * exclusive parse lock as c-client does. Thread-safe: it holds no mutable state.
 */
public final class Flock {
    private static final Logger LOG = LoggerFactory.getLogger(Flock.class);
    private static final Flock SYSTEM = new Flock(LibC.system(), Backoff.REAL);
    /** ENOLCK back-off: 10 ms doubling, this many retries (about 0.6 s in all). */
    static final int ENOLCK_RETRIES = 6;
    private static final Duration ENOLCK_FIRST_PAUSE = Duration.ofMillis(10);
    private static final Duration POLL_FIRST_PAUSE = Duration.ofMillis(1);
    private static final Duration POLL_MAX_PAUSE = Duration.ofMillis(50);

    private final LibC libc;
    private final Backoff backoff;

    Flock(LibC libc, Backoff backoff) {
        this.libc = libc;
        this.backoff = backoff;
    }

    /** flock through the real libc. */
    public static Flock system() {
        return SYSTEM;
    }

    /**
     * Takes the lock, waiting as {@code wait} says.
     *
     * @throws LockBusyException with the holders, if {@code wait} is {@link LockWait#noWait()} and the lock is held
     * @throws LockTimeoutException with the holders, if a bounded wait ran out
     * @throws LockTableFullException on persistent {@code ENOLCK}
     */
    public void lock(NativeFd fd, LockMode mode, LockWait wait) throws LockingException {
        switch (wait.kind()) {
            case FOREVER -> call(fd, mode.flockOperation(), false);
            case NO_WAIT -> {
                if (!tryLock(fd, mode)) {
                    throw new LockBusyException(fd.path() + " is locked (flock " + mode + ")", holders(fd));
                }
            }
            case BOUNDED -> lockPolling(fd, mode, wait.limit());
        }
    }

    /** One non-blocking attempt: true if granted, false if another open file description holds a conflicting lock. */
    public boolean tryLock(NativeFd fd, LockMode mode) throws LockingException {
        return call(fd, mode.flockOperation() | LibC.LOCK_NB, true);
    }

    /** Releases this descriptor's flock (a no-op if it holds none). */
    public void unlock(NativeFd fd) throws LockingException {
        call(fd, LibC.LOCK_UN, false);
    }

    private void lockPolling(NativeFd fd, LockMode mode, Duration limit) throws LockingException {
        long deadline = backoff.nanoTime() + limit.toNanos();
        Duration pause = POLL_FIRST_PAUSE;
        while (!tryLock(fd, mode)) {
            long left = deadline - backoff.nanoTime();
            if (left <= 0) {
                throw new LockTimeoutException("gave up waiting " + limit.toMillis() + " ms for flock " + mode
                        + " on " + fd.path(), holders(fd));
            }
            backoff.pause(pause.toNanos() < left ? pause : Duration.ofNanos(left));
            pause = pause.multipliedBy(2).compareTo(POLL_MAX_PAUSE) > 0 ? POLL_MAX_PAUSE : pause.multipliedBy(2);
        }
    }

    /** Returns true if granted; false only for EWOULDBLOCK on a non-blocking request. */
    private boolean call(NativeFd fd, int op, boolean nonBlocking) throws LockingException {
        int enolck = 0;
        Duration pause = ENOLCK_FIRST_PAUSE;
        while (true) {
            try {
                libc.flock(fd.number(), op);
                return true;
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == LibC.EINTR) {
                    continue;
                }
                if (errno == LibC.EWOULDBLOCK && nonBlocking) {
                    return false;
                }
                if (errno == LibC.ENOLCK) {
                    if (enolck++ >= ENOLCK_RETRIES) {
                        throw new LockTableFullException("flock " + describe(op) + " on " + fd.path()
                                + " failed with ENOLCK " + enolck + " times: the kernel cannot allocate a lock."
                                + " Check the locks limit (ulimit -x, LimitLOCKS= in systemd), the number of open"
                                + " mailboxes, and for a network filesystem its lock daemon");
                    }
                    LOG.warn("File locking failure: ENOLCK on {} (attempt {}), retrying in {} ms", fd.path(), enolck,
                            pause.toMillis());
                    backoff.pause(pause);
                    pause = pause.multipliedBy(2);
                    continue;
                }
                throw new LockingException("Unexpected file locking failure: flock " + describe(op) + " on "
                        + fd.path() + ": " + NativeErrors.describe(e), e);
            }
        }
    }

    private static String describe(int op) {
        String base = (op & LibC.LOCK_UN) != 0 ? "UN" : (op & LibC.LOCK_EX) != 0 ? "EX" : "SH";
        return (op & LibC.LOCK_NB) != 0 ? base + "|NB" : base;
    }

    private static List<LockHolder> holders(NativeFd fd) {
        try {
            return ProcLocks.onQuietly(fd.stat()).stream().filter(h -> h.kind() == LockKind.FLOCK).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}

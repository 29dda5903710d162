package org.mailtxt.locking;

import java.util.Optional;

/**
 * Linux open-file-description record locks ({@code F_OFD_SETLK}, {@code F_OFD_SETLKW}, {@code F_OFD_GETLK}).
 * Like flock they belong to the open file description, so two descriptors from two {@code open()} calls exclude
 * each other even inside one JVM, and only closing that description releases them; unlike classic POSIX locks they
 * survive the closing of other descriptors of the same file. On NFS they are carried to the server as byte-range
 * locks, which is why the NFS lock method uses them. c-client never takes them: they do not exclude c-client.
 *
 * <p>Thread-safe: stateless.
 */
public final class OfdLock {
    private static final OfdLock SYSTEM = new OfdLock(LibC.system(), Backoff.REAL);
    private final FcntlCall fcntl;

    OfdLock(LibC libc, Backoff backoff) {
        this.fcntl = new FcntlCall(libc, backoff, true);
    }

    /** OFD locks through the real libc. */
    public static OfdLock system() {
        return SYSTEM;
    }

    /** Takes the lock on {@code range}, waiting as {@code wait} says (see {@link LockWait}). */
    public void lock(NativeFd fd, LockMode mode, LockRange range, LockWait wait) throws LockingException {
        fcntl.setWaiting(fd, mode.fcntlType(), range, wait);
    }

    /** One non-blocking attempt: true if granted. */
    public boolean tryLock(NativeFd fd, LockMode mode, LockRange range) throws LockingException {
        return fcntl.trySet(fd, mode.fcntlType(), range);
    }

    /** Releases this description's lock on {@code range}. */
    public void unlock(NativeFd fd, LockRange range) throws LockingException {
        fcntl.unlock(fd, range);
    }

    /** The lock that would block a {@code mode} request on {@code range}, if any (its pid is -1: OFD locks have none). */
    public Optional<LockHolder> conflict(NativeFd fd, LockMode mode, LockRange range) throws LockingException {
        return fcntl.conflict(fd, mode.fcntlType(), range);
    }
}

package org.mailtxt.locking;

/**
 * The kernel answered {@code ENOLCK}: it could not allocate a lock record (lock table full, RLIMIT_LOCKS, or a
 * network filesystem's lock manager unavailable). Raised only after bounded retries; never treated as success.
 */
public class LockTableFullException extends LockingException {
    private static final long serialVersionUID = 1L;

    public LockTableFullException(String message) {
        super(message);
    }
}

package org.mailtxt.locking;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a lock request may wait. c-client waits forever on both of its locks; a server cannot, because a
 * blocking {@code flock(2)} inside a JNA call ignores {@code Thread.interrupt()} (spec/c-client-locking.md §8.7).
 * So a bounded wait polls with {@code LOCK_NB} and an exponential back-off (1 ms doubling to 50 ms) until its
 * deadline; only {@link #forever()} issues the blocking system call, for callers that own a dedicated thread.
 *
 * @param kind which of the three behaviours
 * @param limit the bound for {@link Kind#BOUNDED}; zero otherwise
 */
public record LockWait(Kind kind, Duration limit) {
    /** The three behaviours. */
    public enum Kind { NO_WAIT, BOUNDED, FOREVER }

    public LockWait {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(limit, "limit");
        if (limit.isNegative()) {
            throw new IllegalArgumentException("negative lock wait " + limit);
        }
    }

    /** Fail at once with a "busy" outcome if the lock is held. */
    public static LockWait noWait() {
        return new LockWait(Kind.NO_WAIT, Duration.ZERO);
    }

    /** Poll until {@code limit} has passed, then fail with {@link LockTimeoutException}. */
    public static LockWait upTo(Duration limit) {
        return new LockWait(Kind.BOUNDED, limit);
    }

    /** Block in the kernel until granted (uninterruptible; use only on a thread that may wait forever). */
    public static LockWait forever() {
        return new LockWait(Kind.FOREVER, Duration.ZERO);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NO_WAIT -> "no wait";
            case FOREVER -> "wait forever";
            case BOUNDED -> "wait up to " + limit.toMillis() + " ms";
        };
    }
}

package org.mailtxt.imap.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * How failed logins from one client address are slowed down (keys {@code auth.throttle.*}): the first
 * {@code freeFailures} failures cost nothing extra; each further failure is answered after a delay that doubles
 * from {@code baseDelay} up to {@code maxDelay}; from the {@code lockoutFailures}-th failure on, the address is
 * locked out for {@code lockout} after each failure, during which every login from it fails without its password
 * being checked. A success resets the address; so does {@code forgetAfter} without a failure. Immutable;
 * thread-safe.
 *
 * <p>With the defaults (3, 1 s, 16 s, 10, 5 min, 15 min): failures 1–3 are answered at once, 4–8 after 1, 2, 4, 8,
 * 16 s, 9 after 16 s, and the 10th locks the address out for 5 minutes; after that, each further failure locks it
 * out again. A password guesser gets 10 tries in about a minute and then one per 5 minutes.
 *
 * @param freeFailures failures answered without delay (≥ 0)
 * @param baseDelay delay after the first failure beyond the free ones (> 0)
 * @param maxDelay the bound of the doubling delay (≥ baseDelay)
 * @param lockoutFailures the failure count from which the address is locked out (&gt; freeFailures)
 * @param lockout how long a lockout lasts after the failure that caused it (&gt; 0)
 * @param forgetAfter how long after its last failure an address's record is dropped (≥ lockout)
 */
public record ThrottlePolicy(int freeFailures, Duration baseDelay, Duration maxDelay, int lockoutFailures,
                             Duration lockout, Duration forgetAfter) {
    public ThrottlePolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(lockout, "lockout");
        Objects.requireNonNull(forgetAfter, "forgetAfter");
        if (freeFailures < 0 || baseDelay.isNegative() || baseDelay.isZero() || maxDelay.compareTo(baseDelay) < 0
                || lockoutFailures <= freeFailures || lockout.isNegative() || lockout.isZero()
                || forgetAfter.compareTo(lockout) < 0) {
            throw new IllegalArgumentException("inconsistent login throttle: " + freeFailures + " free failures, delay "
                    + baseDelay + " to " + maxDelay + ", lockout after " + lockoutFailures + " for " + lockout
                    + ", forgotten after " + forgetAfter + "; need freeFailures >= 0, 0 < baseDelay <= maxDelay,"
                    + " lockoutFailures > freeFailures, lockout > 0, forgetAfter >= lockout");
        }
    }

    /** The defaults: 3 free failures, 1 s doubling to 16 s, lockout of 5 min from the 10th, forgotten after 15 min. */
    public static ThrottlePolicy defaults() {
        return new ThrottlePolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(16), 10, Duration.ofMinutes(5),
                Duration.ofMinutes(15));
    }

    /**
     * @param failures the address's failure count, this failure included (≥ 1)
     * @return how long to hold the answer to this failure
     */
    public Duration delayAfter(int failures) {
        if (failures <= freeFailures) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - freeFailures - 1, 30);
        Duration d = baseDelay.multipliedBy(1L << doublings);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}

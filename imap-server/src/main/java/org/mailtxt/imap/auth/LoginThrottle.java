package org.mailtxt.imap.auth;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Failed-login bookkeeping per client address, following a {@link ThrottlePolicy}: says whether an address is
 * locked out, and how long to hold the answer to a failure. Addresses are counted one by one (an IPv6 client can
 * change address within its /64; the lockout still bounds each address). At most {@value #MAX_ADDRESSES} addresses
 * are remembered; beyond that the least recently failed ones are forgotten first, so a flood of addresses costs
 * bounded memory. Time comes from an injected {@link Clock} and waiting from an injected {@link Sleeper}, so tests
 * run without waiting.
 *
 * <p>Thread-safe: the table of addresses is guarded by this object's monitor; {@link #hold} sleeps outside it.
 */
public final class LoginThrottle {
    /** Addresses remembered at most. */
    public static final int MAX_ADDRESSES = 100_000;

    /** Waits for a duration; {@code Thread::sleep} in production, a recorder in tests. */
    @FunctionalInterface
    public interface Sleeper {
        /**
         * @param duration how long to wait (positive)
         * @throws InterruptedException when the waiting thread is interrupted
         */
        void sleep(Duration duration) throws InterruptedException;
    }

    /** One address's failures. Guarded by the throttle's monitor. */
    private static final class Record {
        int failures;
        Instant lastFailure;
        Instant lockedUntil = Instant.MIN;
    }

    private final ThrottlePolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Map<InetAddress, Record> records = new LinkedHashMap<>(16, 0.75f, true);

    /** A throttle on the system clock that sleeps with {@link Thread#sleep}. */
    public LoginThrottle(ThrottlePolicy policy) {
        this(policy, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    /**
     * @param policy the delays and lockout
     * @param clock where time comes from
     * @param sleeper how a delay is waited out
     */
    public LoginThrottle(ThrottlePolicy policy, Clock clock, Sleeper sleeper) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** @return the policy in force */
    public ThrottlePolicy policy() {
        return policy;
    }

    /**
     * @param client a client address
     * @return whether logins from it fail now without their password being checked
     */
    public synchronized boolean isLockedOut(InetAddress client) {
        Record r = current(client);
        return r != null && clock.instant().isBefore(r.lockedUntil);
    }

    /**
     * Records a failed login from {@code client}.
     *
     * @param client the client address
     * @return how long the answer to this failure should be held (zero for the free failures)
     */
    public synchronized Duration failed(InetAddress client) {
        Instant now = clock.instant();
        Record r = current(client);
        if (r == null) {
            r = new Record();
            records.put(client, r);
            trim();
        }
        r.failures = r.failures == Integer.MAX_VALUE ? r.failures : r.failures + 1;
        r.lastFailure = now;
        if (r.failures >= policy.lockoutFailures()) {
            r.lockedUntil = now.plus(policy.lockout());
        }
        return policy.delayAfter(r.failures);
    }

    /** Records a successful login from {@code client}: its failures are forgotten. */
    public synchronized void succeeded(InetAddress client) {
        records.remove(client);
    }

    /**
     * @param client a client address
     * @return its failures not yet forgotten
     */
    public synchronized int failures(InetAddress client) {
        Record r = current(client);
        return r == null ? 0 : r.failures;
    }

    /**
     * Waits out a delay returned by {@link #failed}, outside any lock. An interrupt ends the wait early and is kept
     * on the thread (the answer is a failure anyway).
     *
     * @param delay the delay; zero returns at once
     */
    public void hold(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The address's record, or null when there is none or it is old enough to forget. */
    private Record current(InetAddress client) {
        Record r = records.get(client);
        if (r != null && forgettable(r, clock.instant())) {
            records.remove(client);
            return null;
        }
        return r;
    }

    private boolean forgettable(Record r, Instant now) {
        return !now.isBefore(r.lastFailure.plus(policy.forgetAfter())) && !now.isBefore(r.lockedUntil);
    }

    /** Drops forgettable records, then the least recently used ones, down to {@link #MAX_ADDRESSES}. */
    private void trim() {
        if (records.size() <= MAX_ADDRESSES) {
            return;
        }
        Instant now = clock.instant();
        records.values().removeIf(r -> forgettable(r, now));
        Iterator<Map.Entry<InetAddress, Record>> eldest = records.entrySet().iterator();
        while (records.size() > MAX_ADDRESSES && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}

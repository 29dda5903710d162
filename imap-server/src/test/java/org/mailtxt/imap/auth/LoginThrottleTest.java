package org.mailtxt.imap.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    static final InetAddress A = address("192.0.2.1");
    static final InetAddress B = address("192.0.2.2");

    /** A clock that moves only when told to. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    final ManualClock clock = new ManualClock();
    final List<Duration> slept = new ArrayList<>();
    final LoginThrottle throttle = new LoginThrottle(ThrottlePolicy.defaults(), clock, slept::add);

    @Test
    void theFirstThreeFailuresAreFreeThenTheDelayDoublesUpToItsBound() {
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delays.add(throttle.failed(A));
        }

        assertThat(delays).containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16),
                Duration.ofSeconds(16));
        assertThat(ThrottlePolicy.defaults().delayAfter(1_000_000)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void holdSleepsForTheDelayAndNotForZero() {
        throttle.hold(Duration.ZERO);
        throttle.hold(Duration.ofSeconds(2));

        assertThat(slept).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void failuresAreCountedPerAddress() {
        for (int i = 0; i < 5; i++) {
            throttle.failed(A);
        }

        assertThat(throttle.failures(A)).isEqualTo(5);
        assertThat(throttle.failures(B)).isZero();
        assertThat(throttle.failed(B)).isEqualTo(Duration.ZERO);
    }

    @Test
    void aSuccessResetsTheAddress() {
        for (int i = 0; i < 6; i++) {
            throttle.failed(A);
        }
        throttle.succeeded(A);

        assertThat(throttle.failures(A)).isZero();
        assertThat(throttle.failed(A)).isEqualTo(Duration.ZERO);
    }

    @Test
    void theTenthFailureLocksTheAddressOutForFiveMinutesAndEachLaterFailureAgain() {
        for (int i = 0; i < 9; i++) {
            throttle.failed(A);
        }
        assertThat(throttle.isLockedOut(A)).isFalse();

        throttle.failed(A);
        assertThat(throttle.isLockedOut(A)).isTrue();
        assertThat(throttle.isLockedOut(B)).isFalse();

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(throttle.isLockedOut(A)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.isLockedOut(A)).isFalse();

        throttle.failed(A);
        assertThat(throttle.isLockedOut(A)).as("the 11th failure locks out again").isTrue();
    }

    @Test
    void anAddressIsForgottenFifteenMinutesAfterItsLastFailure() {
        for (int i = 0; i < 10; i++) {
            throttle.failed(A);
        }
        clock.advance(Duration.ofMinutes(15));

        assertThat(throttle.isLockedOut(A)).isFalse();
        assertThat(throttle.failures(A)).isZero();
        assertThat(throttle.failed(A)).isEqualTo(Duration.ZERO);
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}

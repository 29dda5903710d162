package org.mailtxt.locking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EINTR and ENOLCK injected where JNA hands the kernel's answer back (issue 2, acceptance g). */
class LockFaultInjectionTest {
    @TempDir
    Path dir;
    Path file;
    final FaultyLibC libc = new FaultyLibC();
    final FaultyLibC.RecordingBackoff backoff = new FaultyLibC.RecordingBackoff();
    final Flock flock = new Flock(libc, backoff);

    @BeforeEach
    void createFile() throws IOException {
        file = Files.writeString(dir.resolve("box"), "x");
    }

    @Test
    void eintrIsRetriedUntilTheLockIsReallyTaken() throws Exception {
        libc.failFlock(LibC.EINTR, 3);
        try (NativeFd fd = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            flock.lock(fd, LockMode.EXCLUSIVE, LockWait.forever());
            assertThat(libc.flockCalls).isEqualTo(4);
            assertThat(backoff.pauses).isEmpty();
            assertThat(FlockHolder.run("flock", "-n", "-s", file.toString(), "true")).as("really locked").isEqualTo(1);
        }
    }

    @Test
    void eintrOnANonBlockingAttemptIsRetriedNotReportedAsBusy() throws Exception {
        libc.failFlock(LibC.EINTR, 2);
        try (NativeFd fd = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            assertThat(flock.tryLock(fd, LockMode.SHARED)).isTrue();
            assertThat(libc.flockCalls).isEqualTo(3);
        }
    }

    @Test
    void aPassingEnolckIsRetriedWithBackOffAndThenSucceeds() throws Exception {
        libc.failFlock(LibC.ENOLCK, 2);
        try (NativeFd fd = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            flock.lock(fd, LockMode.EXCLUSIVE, LockWait.noWait());
            assertThat(backoff.pauses).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
            assertThat(FlockHolder.run("flock", "-n", "-s", file.toString(), "true")).isEqualTo(1);
        }
    }

    @Test
    void aPersistentEnolckIsRaisedAsLockTableFullAndNeverTreatedAsSuccess() throws Exception {
        libc.failFlock(LibC.ENOLCK, 100);
        try (NativeFd fd = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            assertThatThrownBy(() -> flock.lock(fd, LockMode.EXCLUSIVE, LockWait.forever()))
                    .isInstanceOf(LockTableFullException.class)
                    .hasMessageContaining("ENOLCK").hasMessageContaining(file.toString())
                    .hasMessageContaining("ulimit -x");
            assertThat(libc.flockCalls).isEqualTo(Flock.ENOLCK_RETRIES + 1);
            assertThat(backoff.pauses).hasSize(Flock.ENOLCK_RETRIES);
            assertThat(FlockHolder.run("flock", "-n", "-x", file.toString(), "true")).as("nothing held").isZero();
        }
    }

    @Test
    void anUnexpectedErrnoIsAnErrorNotABusyLock() throws Exception {
        libc.failFlock(22 /* EINVAL */, 1);
        try (NativeFd fd = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            assertThatThrownBy(() -> flock.tryLock(fd, LockMode.SHARED))
                    .isExactlyInstanceOf(LockingException.class)
                    .hasMessageContaining("Unexpected file locking failure").hasMessageContaining("errno 22");
        }
    }

    @Test
    void aBoundedWaitPollsWithGrowingPausesUntilItsDeadline() throws Exception {
        try (FlockHolder holder = FlockHolder.flock(file, LockMode.EXCLUSIVE);
             NativeFd fd = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            assertThatThrownBy(() -> flock.lock(fd, LockMode.SHARED, LockWait.upTo(Duration.ofMillis(300))))
                    .isInstanceOf(LockTimeoutException.class);
            assertThat(backoff.pauses).startsWith(Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(4));
            assertThat(backoff.pauses).allSatisfy(p -> assertThat(p).isLessThanOrEqualTo(Duration.ofMillis(50)));
            assertThat(backoff.pauses.stream().mapToLong(Duration::toNanos).sum())
                    .isEqualTo(Duration.ofMillis(300).toNanos());
        }
    }

    @Test
    void fcntlRecordLocksRetryEintrAndBoundEnolckToo() throws Exception {
        OfdLock ofd = new OfdLock(libc, backoff);
        try (NativeFd fd = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            libc.failFcntl(LibC.EINTR, 2);
            assertThat(ofd.tryLock(fd, LockMode.EXCLUSIVE, LockRange.WHOLE_FILE)).isTrue();
            assertThat(libc.fcntlCalls).isEqualTo(3);
            ofd.unlock(fd, LockRange.WHOLE_FILE);
            libc.failFcntl(LibC.ENOLCK, 100);
            assertThatThrownBy(() -> ofd.lock(fd, LockMode.SHARED, LockRange.WHOLE_FILE, LockWait.noWait()))
                    .isInstanceOf(LockTableFullException.class).hasMessageContaining("ENOLCK");
        }
    }

    @Test
    void theParseLockRetriesEintrThroughTheWholeProtocol() throws Exception {
        try (NativeFd box = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            libc.failFlock(LibC.EINTR, 2);
            try (ParseLock lock = ParseLock.acquire(libc, flock, box, dir, LockMode.EXCLUSIVE, LockWait.noWait())) {
                assertThat(FlockHolder.run("flock", "-n", "-s", lock.path().toString(), "true")).isEqualTo(1);
            }
        }
    }
}

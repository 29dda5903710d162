package org.mailtxt.locking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlockTest {
    @TempDir
    Path dir;
    Path file;
    final Flock flock = Flock.system();

    @BeforeEach
    void createFile() throws IOException {
        file = Files.writeString(dir.resolve("box"), "x");
    }

    @Test
    void sharedLocksCoexistAcrossTwoDescriptorsInOneJvm() throws IOException {
        try (NativeFd a = NativeFd.open(file, OpenFlag.READ_WRITE); NativeFd b = NativeFd.open(file, OpenFlag.READ_ONLY)) {
            assertThat(flock.tryLock(a, LockMode.SHARED)).isTrue();
            assertThat(flock.tryLock(b, LockMode.SHARED)).isTrue();
            assertThat(flock.tryLock(b, LockMode.EXCLUSIVE)).as("upgrade while another shares").isFalse();
        }
    }

    @Test
    void exclusiveExcludesBothKindsAcrossTwoDescriptorsInOneJvm() throws IOException {
        try (NativeFd a = NativeFd.open(file, OpenFlag.READ_WRITE); NativeFd b = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            flock.lock(a, LockMode.EXCLUSIVE, LockWait.noWait());
            assertThat(flock.tryLock(b, LockMode.SHARED)).isFalse();
            assertThat(flock.tryLock(b, LockMode.EXCLUSIVE)).isFalse();
            flock.unlock(a);
            assertThat(flock.tryLock(b, LockMode.EXCLUSIVE)).isTrue();
        }
    }

    @Test
    void closingTheDescriptorReleasesItsLock() throws IOException {
        try (NativeFd b = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            NativeFd a = NativeFd.open(file, OpenFlag.READ_WRITE);
            flock.lock(a, LockMode.EXCLUSIVE, LockWait.noWait());
            assertThat(flock.tryLock(b, LockMode.SHARED)).isFalse();
            a.close();
            assertThat(flock.tryLock(b, LockMode.SHARED)).isTrue();
        }
    }

    @Test
    void aRefusedUpgradeLeavesTheDescriptorHoldingNothing() throws IOException {
        // spec/c-client-locking.md §3: why expunge must re-take SH after a refused upgrade.
        try (NativeFd a = NativeFd.open(file, OpenFlag.READ_WRITE);
             NativeFd b = NativeFd.open(file, OpenFlag.READ_WRITE);
             NativeFd c = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            flock.lock(a, LockMode.SHARED, LockWait.noWait());
            flock.lock(b, LockMode.SHARED, LockWait.noWait());
            assertThat(flock.tryLock(a, LockMode.EXCLUSIVE)).isFalse();
            flock.unlock(b);
            assertThat(flock.tryLock(c, LockMode.EXCLUSIVE)).as("a lost its SH in the failed upgrade").isTrue();
        }
    }

    @Test
    void aLockHeldByFlockCommandRefusesOurNonBlockingAttemptAndNamesItsPid() throws Exception {
        try (FlockHolder holder = FlockHolder.flock(file, LockMode.EXCLUSIVE);
             NativeFd fd = NativeFd.open(file, OpenFlag.READ_ONLY)) {
            assertThat(flock.tryLock(fd, LockMode.SHARED)).isFalse();
            assertThatThrownBy(() -> flock.lock(fd, LockMode.SHARED, LockWait.noWait()))
                    .isInstanceOfSatisfying(LockBusyException.class, e -> {
                        assertThat(e.holders()).anySatisfy(h -> {
                            assertThat(h.pid()).isEqualTo(holder.pid());
                            assertThat(h.kind()).isEqualTo(LockKind.FLOCK);
                            assertThat(h.mode()).isEqualTo(LockMode.EXCLUSIVE);
                            assertThat(h.processName()).isEqualTo("flock");
                        });
                        assertThat(e.getMessage()).contains("pid " + holder.pid() + " (flock) FLOCK EX");
                    });
        }
    }

    @Test
    void ourLockMakesTheFlockCommandFailAndItsReleaseLetsItSucceed() throws Exception {
        try (NativeFd fd = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            flock.lock(fd, LockMode.EXCLUSIVE, LockWait.noWait());
            assertThat(FlockHolder.run("flock", "-n", "-s", file.toString(), "true")).isEqualTo(1);
            flock.lock(fd, LockMode.SHARED, LockWait.noWait());
            assertThat(FlockHolder.run("flock", "-n", "-s", file.toString(), "true")).as("SH with SH").isZero();
            assertThat(FlockHolder.run("flock", "-n", "-x", file.toString(), "true")).as("EX against SH").isEqualTo(1);
            flock.unlock(fd);
            assertThat(FlockHolder.run("flock", "-n", "-x", file.toString(), "true")).isZero();
        }
    }

    @Test
    void sharedLocksCoexistAcrossProcessesAndExclusiveExcludes() throws Exception {
        try (FlockHolder holder = FlockHolder.flock(file, LockMode.SHARED);
             NativeFd fd = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            assertThat(flock.tryLock(fd, LockMode.SHARED)).isTrue();
            assertThat(flock.tryLock(fd, LockMode.EXCLUSIVE)).isFalse();
        }
    }

    @Test
    void aBoundedWaitTimesOutWithTheHolderAndSucceedsOnceItLetsGo() throws Exception {
        try (NativeFd fd = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            try (FlockHolder holder = FlockHolder.flock(file, LockMode.EXCLUSIVE)) {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> flock.lock(fd, LockMode.SHARED, LockWait.upTo(Duration.ofMillis(200))))
                        .isInstanceOfSatisfying(LockTimeoutException.class,
                                e -> assertThat(e.holders()).extracting(LockHolder::pid).contains(holder.pid()));
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
                CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
                    try {
                        flock.lock(fd, LockMode.EXCLUSIVE, LockWait.upTo(Duration.ofSeconds(20)));
                    } catch (LockingException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThat(waiter).isNotDone();
                holder.close();
                waiter.get(20, TimeUnit.SECONDS);
            }
            assertThat(FlockHolder.run("flock", "-n", "-s", file.toString(), "true")).isEqualTo(1);
        }
    }

    @Test
    void javasFileChannelLockIsInvisibleToFlockWhichIsWhyItIsNeverUsed() throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
             FileChannel ch = raf.getChannel(); FileLock ignored = ch.lock();
             NativeFd fd = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            assertThat(flock.tryLock(fd, LockMode.EXCLUSIVE)).isTrue();
            assertThat(FlockHolder.run("flock", "-n", "-x", file.toString(), "true")).isEqualTo(1);
        }
    }
}

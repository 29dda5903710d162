package org.mailtxt.locking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordLockTest {
    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void createFile() throws IOException {
        file = Files.writeString(dir.resolve("box"), "0123456789");
    }

    @Test
    void ofdLocksExcludeBetweenTwoDescriptorsOfOneJvm() throws IOException {
        OfdLock ofd = OfdLock.system();
        try (NativeFd a = NativeFd.open(file, OpenFlag.READ_WRITE); NativeFd b = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            ofd.lock(a, LockMode.EXCLUSIVE, new LockRange(0, 5), LockWait.noWait());
            assertThat(ofd.tryLock(b, LockMode.SHARED, new LockRange(4, 2))).isFalse();
            assertThat(ofd.tryLock(b, LockMode.EXCLUSIVE, new LockRange(5, 5))).as("disjoint range").isTrue();
            assertThat(ofd.conflict(b, LockMode.SHARED, new LockRange(0, 1))).hasValueSatisfying(h -> {
                assertThat(h.kind()).isEqualTo(LockKind.OFDLCK);
                assertThat(h.pid()).isEqualTo(-1);
                assertThat(h.mode()).isEqualTo(LockMode.EXCLUSIVE);
            });
            ofd.unlock(a, new LockRange(0, 5));
            assertThat(ofd.tryLock(b, LockMode.SHARED, new LockRange(0, 5))).isTrue();
        }
    }

    @Test
    void ofdLocksAreInvisibleToFlock() throws Exception {
        try (NativeFd a = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            OfdLock.system().lock(a, LockMode.EXCLUSIVE, LockRange.WHOLE_FILE, LockWait.noWait());
            assertThat(FlockHolder.run("flock", "-n", "-x", file.toString(), "true")).isZero();
        }
    }

    @Test
    void posixLocksOfTwoThreadsOfOneJvmExcludeEachOtherThroughTheTable() throws Exception {
        try (PosixLock first = PosixLock.acquire(file, LockMode.EXCLUSIVE, LockRange.WHOLE_FILE, LockWait.noWait())) {
            CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                try (PosixLock ignored = PosixLock.acquire(file, LockMode.SHARED, new LockRange(3, 1),
                        LockWait.noWait())) {
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            assertThat(other.get(10, TimeUnit.SECONDS)).isInstanceOf(LockBusyException.class)
                    .hasMessageContaining("another thread of this JVM");
            assertThatThrownBy(() -> PosixLock.acquire(file, LockMode.EXCLUSIVE, LockRange.WHOLE_FILE,
                    LockWait.forever())).isInstanceOf(LockBusyException.class);
        }
    }

    @Test
    void aBoundedPosixWaitInsideTheJvmIsGrantedWhenTheOtherHandleIsReleased() throws Exception {
        PosixLock first = PosixLock.acquire(file, LockMode.EXCLUSIVE, LockRange.WHOLE_FILE, LockWait.noWait());
        CompletableFuture<PosixLock> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return PosixLock.acquire(file, LockMode.EXCLUSIVE, LockRange.WHOLE_FILE, LockWait.upTo(Duration.ofSeconds(20)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiter).isNotDone();
        first.close();
        try (PosixLock second = waiter.get(20, TimeUnit.SECONDS)) {
            assertThat(second.mode()).isEqualTo(LockMode.EXCLUSIVE);
        }
    }

    @Test
    void sharedPosixHandlesCoexistAndTheKernelLockStaysUntilTheLastIsReleased() throws Exception {
        PosixLock a = PosixLock.acquire(file, LockMode.SHARED, LockRange.WHOLE_FILE, LockWait.noWait());
        PosixLock b = PosixLock.acquire(file, LockMode.SHARED, new LockRange(0, 4), LockWait.noWait());
        a.close();
        assertThat(FlockHolder.run("python3", "-c", "import fcntl,sys\nf=open(sys.argv[1],'r+b')\n"
                + "fcntl.lockf(f,fcntl.LOCK_EX|fcntl.LOCK_NB,4,0)", file.toString()))
                .as("bytes 0-3 still locked by b").isNotZero();
        assertThat(FlockHolder.run("python3", "-c", "import fcntl,sys\nf=open(sys.argv[1],'r+b')\n"
                + "fcntl.lockf(f,fcntl.LOCK_EX|fcntl.LOCK_NB,4,4)", file.toString()))
                .as("bytes 4-7 were released with a").isZero();
        b.close();
        assertThat(FlockHolder.run("python3", "-c", "import fcntl,sys\nf=open(sys.argv[1],'r+b')\n"
                + "fcntl.lockf(f,fcntl.LOCK_EX|fcntl.LOCK_NB)", file.toString())).isZero();
    }

    @Test
    void aPosixLockOfAnotherProcessIsReportedWithItsPid() throws Exception {
        try (FlockHolder holder = FlockHolder.posix(file, LockMode.EXCLUSIVE)) {
            assertThat(PosixLock.conflict(file, LockMode.SHARED, LockRange.WHOLE_FILE)).hasValueSatisfying(h -> {
                assertThat(h.pid()).isEqualTo(holder.pid());
                assertThat(h.kind()).isEqualTo(LockKind.POSIX);
                assertThat(h.processName()).startsWith("python");
            });
            assertThatThrownBy(() -> PosixLock.acquire(file, LockMode.SHARED, LockRange.WHOLE_FILE, LockWait.noWait()))
                    .isInstanceOfSatisfying(LockBusyException.class,
                            e -> assertThat(e.holders()).extracting(LockHolder::pid).containsExactly(holder.pid()));
        }
        try (PosixLock mine = PosixLock.acquire(file, LockMode.EXCLUSIVE, LockRange.WHOLE_FILE, LockWait.noWait())) {
            assertThat(mine.range()).isEqualTo(LockRange.WHOLE_FILE);
        }
    }
}

package org.mailtxt.locking;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Uncontended lock cycles through this module, to compare with the same system calls made by a C program
 * ({@code bench/locking-floor.c}, run side by side by {@code bench/locking-bench.sh}). Not part of the test build.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LockBenchmark {
    private Path dir;
    private Path mailbox;
    private NativeFd fd;
    private final Flock flock = Flock.system();
    private final DotLock.Policy policy = DotLock.Policy.DEFAULT;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "/tmp")), "mailtxt-lockbench");
        mailbox = Files.writeString(dir.resolve("box"), "x");
        fd = NativeFd.open(mailbox, OpenFlag.READ_WRITE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        fd.close();
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Benchmark
    public void flockSharedThenUnlock() throws LockingException {
        flock.lock(fd, LockMode.SHARED, LockWait.forever());
        flock.unlock(fd);
    }

    @Benchmark
    public void flockExclusiveThenUnlock() throws LockingException {
        flock.lock(fd, LockMode.EXCLUSIVE, LockWait.forever());
        flock.unlock(fd);
    }

    @Benchmark
    public void parseLockSharedCycle() throws IOException {
        ParseLock.acquire(fd, dir, LockMode.SHARED, LockWait.forever()).close();
    }

    @Benchmark
    public void parseLockExclusiveCycle() throws IOException {
        ParseLock.acquire(fd, dir, LockMode.EXCLUSIVE, LockWait.forever()).close();
    }

    @Benchmark
    public void dotLockCycle() throws IOException {
        DotLock.acquire(mailbox, policy).close();
    }
}

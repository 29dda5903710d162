package org.mailtxt.locking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcLocksTest {
    @TempDir
    Path dir;
    Path file;
    final long me = ProcessHandle.current().pid();

    @BeforeEach
    void createFile() throws IOException {
        file = Files.writeString(dir.resolve("box"), "x");
    }

    @Test
    void parsesEveryKindOfLineTheKernelWrites() {
        List<LockHolder> h = ProcLocks.parse(List.of(
                "1: FLOCK  ADVISORY  WRITE 4711 fe:00:1476353 0 EOF",
                "1: -> FLOCK  ADVISORY  READ 4712 fe:00:1476353 0 EOF",
                "2: POSIX  ADVISORY  READ 99 08:01:12 100 199",
                "3: OFDLCK ADVISORY  WRITE -1 00:1b:3 0 EOF",
                "4: LEASE  ACTIVE    READ 17 00:1b:4 0 EOF",
                "5: FLOCK  ADVISORY  WRITE 5 <none>:0 0 EOF",
                "garbage"));
        assertThat(h).hasSize(5);
        assertThat(h.get(0)).isEqualTo(new LockHolder(4711, h.get(0).processName(), LockKind.FLOCK,
                LockMode.EXCLUSIVE, false, 0xfe, 0, 1476353, 0, -1));
        assertThat(h.get(1).waiting()).isTrue();
        assertThat(h.get(1).mode()).isEqualTo(LockMode.SHARED);
        assertThat(h.get(2).kind()).isEqualTo(LockKind.POSIX);
        assertThat(h.get(2).start()).isEqualTo(100);
        assertThat(h.get(2).end()).isEqualTo(199);
        assertThat(h.get(3).kind()).isEqualTo(LockKind.OFDLCK);
        assertThat(h.get(3).describe()).contains("OFD locks carry no pid");
        assertThat(h.get(4).kind()).isEqualTo(LockKind.LEASE);
    }

    @Test
    void reportsOurOwnFlockOnARealFile() throws IOException {
        try (NativeFd fd = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            Flock.system().lock(fd, LockMode.EXCLUSIVE, LockWait.noWait());
            assertThat(ProcLocks.on(file)).singleElement().satisfies(h -> {
                assertThat(h.pid()).isEqualTo(me);
                assertThat(h.kind()).isEqualTo(LockKind.FLOCK);
                assertThat(h.mode()).isEqualTo(LockMode.EXCLUSIVE);
                assertThat(h.processName()).isEqualTo("java");
                assertThat(h.isOn(fd.stat())).isTrue();
            });
        }
        assertThat(ProcLocks.on(file)).isEmpty();
    }

    @Test
    void reportsAForeignHolderAndAForeignWaiter() throws Exception {
        try (NativeFd fd = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            Flock.system().lock(fd, LockMode.EXCLUSIVE, LockWait.noWait());
            Process waiter = new ProcessBuilder("flock", "-s", file.toString(), "true").start();
            try {
                Await.until(java.time.Duration.ofSeconds(10), () -> {
                    try {
                        return ProcLocks.on(file).stream().anyMatch(h -> h.waiting() && h.pid() == waiter.pid());
                    } catch (IOException e) {
                        return false;
                    }
                }, "flock(1) to wait for our lock");
                assertThat(ProcLocks.on(file)).anySatisfy(h -> {
                    assertThat(h.pid()).isEqualTo(waiter.pid());
                    assertThat(h.mode()).isEqualTo(LockMode.SHARED);
                    assertThat(h.processName()).isEqualTo("flock");
                });
            } finally {
                waiter.destroyForcibly();
            }
        }
    }

    @Test
    void reportsPosixAndOfdLocksWithTheirKinds() throws Exception {
        try (PosixLock posix = PosixLock.acquire(file, LockMode.SHARED, LockRange.WHOLE_FILE, LockWait.noWait());
             NativeFd fd = NativeFd.open(file, OpenFlag.READ_WRITE)) {
            OfdLock.system().lock(fd, LockMode.SHARED, new LockRange(10, 5), LockWait.noWait());
            List<LockHolder> holders = ProcLocks.on(file);
            assertThat(holders).anySatisfy(h -> {
                assertThat(h.kind()).isEqualTo(LockKind.POSIX);
                assertThat(h.pid()).isEqualTo(me);
            });
            assertThat(holders).anySatisfy(h -> {
                assertThat(h.kind()).isEqualTo(LockKind.OFDLCK);
                assertThat(h.start()).isEqualTo(10);
                assertThat(h.end()).isEqualTo(14);
            });
        }
    }

    @Test
    void aMailboxReportIncludesItsParseLockHolders() throws Exception {
        Path lockDir = Files.createDirectory(dir.resolve("locks"));
        try (NativeFd fd = NativeFd.open(file, OpenFlag.READ_WRITE);
             ParseLock parse = ParseLock.acquire(fd, lockDir, LockMode.EXCLUSIVE, LockWait.noWait())) {
            Flock.system().lock(fd, LockMode.SHARED, LockWait.noWait());
            ProcLocks.MailboxLocks report = ProcLocks.onMailbox(file, lockDir);
            assertThat(report.parseLock()).isEqualTo(parse.path());
            assertThat(report.onMailbox()).singleElement().satisfies(h -> assertThat(h.mode()).isEqualTo(LockMode.SHARED));
            assertThat(report.onParseLock()).singleElement()
                    .satisfies(h -> assertThat(h.mode()).isEqualTo(LockMode.EXCLUSIVE));
        }
    }
}

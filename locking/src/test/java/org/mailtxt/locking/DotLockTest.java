package org.mailtxt.locking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class DotLockTest {
    @TempDir
    Path dir;
    Path mailbox;
    Path lock;
    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    static final DotLock.Policy QUICK = new DotLock.Policy(Duration.ofMinutes(5), Duration.ofMillis(20),
            Duration.ofMillis(300));

    @BeforeEach
    void setUp() throws IOException {
        mailbox = Files.writeString(dir.resolve("INBOX"), "x");
        lock = dir.resolve("INBOX.lock");
        log.start();
        ((Logger) LoggerFactory.getLogger(DotLock.class)).addAppender(log);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(DotLock.class)).detachAppender(log);
    }

    @Test
    void theLockIsTheFileDotLockHoldingOurPidAndHostAndReleaseRemovesIt() throws IOException {
        try (DotLock l = DotLock.acquire(mailbox, QUICK)) {
            assertThat(l.path()).isEqualTo(lock);
            assertThat(Files.readString(lock)).isEqualTo(ProcessHandle.current().pid() + "\n" + Host.name() + "\n");
            assertThat(l.seized()).isEmpty();
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("INBOX", "INBOX.lock");
            }
        }
        assertThat(lock).doesNotExist();
    }

    @Test
    void aFreshLockOfALiveProcessIsRespected() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(lock, sleeper.pid() + "\n");
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> DotLock.acquire(mailbox, QUICK)).isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("held by pid " + sleeper.pid());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(QUICK.maxWait());
            assertThat(Files.readString(lock)).isEqualTo(sleeper.pid() + "\n");
        } finally {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLockOlderThanTheLimitIsSeizedWithAWarning() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(lock, sleeper.pid() + "\n");
            DotLock.Policy policy = new DotLock.Policy(Duration.ofSeconds(1), Duration.ofMillis(20), Duration.ofSeconds(20));
            FileTime created = (FileTime) Files.getAttribute(lock, "unix:ctime");
            Await.until(Duration.ofSeconds(5), () -> Instant.now().isAfter(created.toInstant().plusMillis(1100)),
                    "the lock to age past the limit");
            try (DotLock l = DotLock.acquire(mailbox, policy)) {
                assertThat(l.seized()).hasValueSatisfying(s -> {
                    assertThat(s.reason()).isEqualTo(DotLock.StaleLock.Reason.OLDER_THAN_LIMIT);
                    assertThat(s.pid()).isEqualTo(sleeper.pid());
                });
                assertThat(Files.readString(lock)).startsWith(ProcessHandle.current().pid() + "\n");
            }
            assertThat(log.list).anySatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage()).contains("seizing").contains(lock.toString());
            });
        } finally {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLockWhosePidIsDeadOnThisHostIsBrokenAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        Files.writeString(lock, gone.pid() + "\n" + Host.name() + "\n");
        try (DotLock l = DotLock.acquire(mailbox, QUICK)) {
            assertThat(l.seized()).hasValueSatisfying(s ->
                    assertThat(s.reason()).isEqualTo(DotLock.StaleLock.Reason.HOLDER_DEAD));
        }
        assertThat(log.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("dead process " + gone.pid()));
    }

    @Test
    void aLiblockfileStyleLockWithOnlyADeadPidOnALocalFilesystemIsBroken() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        Files.writeString(lock, gone.pid() + "\n");
        try (DotLock l = DotLock.acquire(mailbox, QUICK)) {
            assertThat(l.seized()).isPresent();
        }
    }

    @Test
    void aDeadLookingPidOfAnotherHostIsNotTrusted() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        Files.writeString(lock, gone.pid() + "\nsome-other-host\n");
        assertThatThrownBy(() -> DotLock.acquire(mailbox, QUICK)).isInstanceOf(LockTimeoutException.class)
                .hasMessageContaining("on some-other-host");
    }

    @Test
    void aSymbolicLinkAtTheLockNameIsRefused() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        Files.createSymbolicLink(lock, victim);
        assertThatThrownBy(() -> DotLock.acquire(mailbox, QUICK)).isInstanceOf(UnsafeLockFileException.class);
        assertThat(Files.readString(victim)).isEqualTo("precious");
    }

    @Test
    void refreshKeepsTheLockYoungAndFailsOnceItWasSeized() throws Exception {
        DotLock l = DotLock.acquire(mailbox, QUICK);
        FileTime before = (FileTime) Files.getAttribute(lock, "unix:ctime");
        Await.until(Duration.ofSeconds(5), () -> Instant.now().isAfter(before.toInstant().plusMillis(20)), "time");
        l.refresh();
        assertThat((FileTime) Files.getAttribute(lock, "unix:ctime")).isGreaterThan(before);
        Files.delete(lock);
        Files.writeString(lock, "1\n");
        assertThatThrownBy(l::refresh).isInstanceOf(LockLostException.class);
        assertThatThrownBy(l::close).isInstanceOf(LockLostException.class);
        assertThat(Files.readString(lock)).as("the new owner's lock is left alone").isEqualTo("1\n");
    }

    @Test
    void twoAcquirersInOneJvmExcludeEachOther() throws IOException {
        try (DotLock first = DotLock.acquire(mailbox, QUICK)) {
            assertThatThrownBy(() -> DotLock.acquire(mailbox, QUICK)).isInstanceOf(LockTimeoutException.class);
            assertThat(first.path()).exists();
        }
    }
}

package org.mailtxt.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailtxt.locking.Flock;
import org.mailtxt.locking.LockBusyException;
import org.mailtxt.locking.LockKind;
import org.mailtxt.locking.LockMode;
import org.mailtxt.locking.LockWait;
import org.mailtxt.locking.NativeFd;
import org.mailtxt.locking.OpenFlag;
import org.mailtxt.locking.ParseLock;
import org.mailtxt.locking.ProcLocks;

/**
 * The locking module against real c-client (issue 2, acceptance d and item 7): c-client's own {@code lockfd} and
 * {@code mail_open}/{@code mail_expunge} in a libc-client program, and {@code mailutil}, exclude and are excluded
 * by this module's parse lock and mailbox flock.
 */
class LockingInteropTest {
    static final String RECORD = " 2-Jan-2024 03:04:05 -0800,20;000000000000\r\nSubject: x\r\n\r\nbody\r\n";
    CClient cc;
    Path mailbox;

    @BeforeEach
    void setUp() throws Exception {
        cc = CClient.require();
        mailbox = cc.work.resolve("box.mtx");
        Files.writeString(mailbox, RECORD, StandardCharsets.US_ASCII);
        cc.chown(mailbox);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (cc != null) {
            cc.close();
        }
    }

    @Test
    void theParseLockNameIsTheOneCClientsLockfdUsesAndItsHolderExcludesUs() throws Exception {
        try (CClientHolder holder = new CClientHolder(cc); NativeFd fd = NativeFd.open(mailbox, OpenFlag.READ_WRITE)) {
            String answer = holder.call("lockfd " + mailbox + " EX");
            Path expected = ParseLock.nameFor(fd.stat(), ParseLock.DEFAULT_DIRECTORY);
            assertThat(answer).isEqualTo("ok " + expected);
            assertThatThrownBy(() -> ParseLock.acquire(fd, ParseLock.DEFAULT_DIRECTORY, LockMode.SHARED,
                    LockWait.noWait())).isInstanceOfSatisfying(LockBusyException.class,
                    e -> assertThat(e.holders()).anySatisfy(h -> {
                        assertThat(h.pid()).isEqualTo(holder.pid());
                        assertThat(h.mode()).isEqualTo(LockMode.EXCLUSIVE);
                    }));
            assertThat(holder.call("unlockfd")).isEqualTo("ok");
            assertThat(expected).as("c-client unlinks it as last holder").doesNotExist();
            try (ParseLock mine = ParseLock.acquire(fd, ParseLock.DEFAULT_DIRECTORY, LockMode.EXCLUSIVE,
                    LockWait.noWait())) {
                assertThat(mine.path()).isEqualTo(expected);
            }
        }
    }

    @Test
    void cClientWaitsForOurParseLockAndGetsItWhenWeRelease() throws Exception {
        try (CClientHolder holder = new CClientHolder(cc); NativeFd fd = NativeFd.open(mailbox, OpenFlag.READ_WRITE)) {
            ParseLock mine = ParseLock.acquire(fd, ParseLock.DEFAULT_DIRECTORY, LockMode.EXCLUSIVE, LockWait.noWait());
            CompletableFuture<String> theirs = holder.send("lockfd " + mailbox + " SH");
            Await.until(Duration.ofSeconds(10), () -> ProcLocks.on(mine.path()).stream()
                    .anyMatch(h -> h.waiting() && h.pid() == holder.pid()), "c-client to block on our parse lock");
            assertThat(theirs).isNotDone();
            mine.close();
            assertThat(theirs.get(20, TimeUnit.SECONDS)).isEqualTo("ok " + mine.path());
            assertThat(holder.call("unlockfd")).isEqualTo("ok");
        }
    }

    @Test
    void cClientsMailboxFlockIsSeenByThisModuleWithItsPid() throws Exception {
        try (CClientHolder holder = new CClientHolder(cc); NativeFd fd = NativeFd.open(mailbox, OpenFlag.READ_WRITE)) {
            assertThat(holder.call("open " + cc.nameOf(mailbox))).isEqualTo("ok 1");
            assertThat(Flock.system().tryLock(fd, LockMode.EXCLUSIVE)).isFalse();
            assertThatThrownBy(() -> Flock.system().lock(fd, LockMode.EXCLUSIVE, LockWait.noWait()))
                    .isInstanceOfSatisfying(LockBusyException.class, e -> assertThat(e.holders()).anySatisfy(h -> {
                        assertThat(h.pid()).isEqualTo(holder.pid());
                        assertThat(h.kind()).isEqualTo(LockKind.FLOCK);
                        assertThat(h.mode()).isEqualTo(LockMode.SHARED);
                    }));
            assertThat(holder.call("close")).isEqualTo("ok");
            assertThat(Flock.system().tryLock(fd, LockMode.EXCLUSIVE)).isTrue();
        }
    }

    @Test
    void ourMailboxFlockMakesCClientRefuseToExpungeAndItsReleaseLetsItExpunge() throws Exception {
        try (CClientHolder holder = new CClientHolder(cc); NativeFd fd = NativeFd.open(mailbox, OpenFlag.READ_ONLY)) {
            Flock.system().lock(fd, LockMode.SHARED, LockWait.noWait());
            assertThat(holder.call("open " + cc.nameOf(mailbox))).isEqualTo("ok 1");
            assertThat(holder.call("setflag 1 \\Deleted")).isEqualTo("ok");
            assertThat(holder.call("expunge")).isEqualTo("ok 1");
            assertThat(holder.log()).contains("Can't expunge because mailbox is in use by another process");
            Flock.system().unlock(fd);
            assertThat(holder.call("expunge")).isEqualTo("ok 0");
            assertThat(Files.size(mailbox)).isZero();
        }
    }

    @Test
    void mailutilBlocksOnOurExclusiveMailboxLockAndFinishesAfterRelease() throws Exception {
        try (NativeFd fd = NativeFd.open(mailbox, OpenFlag.READ_WRITE)) {
            Flock.system().lock(fd, LockMode.EXCLUSIVE, LockWait.noWait());
            Process check = cc.startAsUser("mailutil", "check", cc.nameOf(mailbox));
            try {
                Await.until(Duration.ofSeconds(10), () -> ProcLocks.on(mailbox).stream()
                        .anyMatch(h -> h.waiting() && "mailutil".equals(h.processName())), "mailutil to wait for us");
                assertThat(check.isAlive()).isTrue();
                Flock.system().unlock(fd);
                assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .contains("1 new message(s) (1 unseen), 1 total in " + cc.nameOf(mailbox));
            } finally {
                check.destroyForcibly();
            }
        }
    }
}

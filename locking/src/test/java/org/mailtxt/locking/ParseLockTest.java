package org.mailtxt.locking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseLockTest {
    @TempDir
    Path dir;
    Path lockDir;
    Path mailbox;

    @BeforeEach
    void setUp() throws IOException {
        mailbox = Files.writeString(dir.resolve("INBOX.MTX"), "x");
        lockDir = Files.createDirectory(dir.resolve("locks"));
    }

    private NativeFd open() throws IOException {
        return NativeFd.open(mailbox, OpenFlag.READ_WRITE);
    }

    @Test
    void theNameIsDotDeviceHexDotInodeHexAsStatShowsThem() throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%D %i", mailbox.toString()).start();
        String[] out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split(" ");
        String expected = "." + out[0] + "." + Long.toHexString(Long.parseLong(out[1]));
        try (NativeFd fd = open()) {
            assertThat(ParseLock.nameFor(fd.stat(), ParseLock.DEFAULT_DIRECTORY))
                    .isEqualTo(Path.of("/tmp").resolve(expected));
        }
    }

    @Test
    void theLockFileIsCreatedEmptyWithMode0666WhateverTheUmaskAndRemovedByTheLastHolder() throws IOException {
        try (NativeFd fd = open()) {
            Path name;
            try (ParseLock lock = ParseLock.acquire(fd, lockDir, LockMode.EXCLUSIVE, LockWait.noWait())) {
                name = lock.path();
                assertThat(name.getParent()).isEqualTo(lockDir);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(name))).isEqualTo("rw-rw-rw-");
                assertThat(Files.size(name)).isZero();
            }
            assertThat(name).doesNotExist();
        }
    }

    @Test
    void theLockFileIsNeverVisibleWithAModeOtherThan0666EvenForAnInstant() throws Exception {
        // With the JVM's umask 022, a plain O_EXCL create followed by chmod shows 0644 for a moment: long enough for
        // another user's c-client to fail with "Unable to lock append mailbox".
        try (NativeFd fd = open()) {
            Path name = ParseLock.nameFor(fd.stat(), lockDir);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.Set<String> modesSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Thread watcher = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        modesSeen.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(name,
                                LinkOption.NOFOLLOW_LINKS)));
                    } catch (IOException gone) {
                        // between holders the name does not exist
                    }
                }
            });
            watcher.start();
            try {
                for (int i = 0; i < 1000; i++) {
                    ParseLock.acquire(fd, lockDir, LockMode.EXCLUSIVE, LockWait.noWait()).close();
                }
            } finally {
                stop.set(true);
                watcher.join();
            }
            assertThat(modesSeen).containsOnly("rw-rw-rw-");
        }
    }

    @Test
    void releaseKeepsTheFileWhileAnotherHolderSharesIt() throws IOException {
        try (NativeFd fd = open()) {
            ParseLock first = ParseLock.acquire(fd, lockDir, LockMode.SHARED, LockWait.noWait());
            ParseLock second = ParseLock.acquire(fd, lockDir, LockMode.SHARED, LockWait.noWait());
            first.close();
            assertThat(second.path()).exists();
            second.close();
            assertThat(second.path()).doesNotExist();
        }
    }

    @Test
    void exclusiveExcludesSharedBetweenTwoHoldersInOneJvm() throws IOException {
        try (NativeFd fd = open(); ParseLock ex = ParseLock.acquire(fd, lockDir, LockMode.EXCLUSIVE, LockWait.noWait())) {
            assertThatThrownBy(() -> ParseLock.acquire(fd, lockDir, LockMode.SHARED, LockWait.noWait()))
                    .isInstanceOf(LockBusyException.class);
            assertThat(ex.path()).exists();
        }
    }

    @Test
    void aForeignProcessHoldingTheLockFileRefusesUsAndIsNamed() throws Exception {
        try (NativeFd fd = open()) {
            Path name = ParseLock.nameFor(fd.stat(), lockDir);
            Files.createFile(name);
            try (FlockHolder holder = FlockHolder.flock(name, LockMode.EXCLUSIVE)) {
                assertThatThrownBy(() -> ParseLock.acquire(fd, lockDir, LockMode.SHARED, LockWait.noWait()))
                        .isInstanceOfSatisfying(LockBusyException.class,
                                e -> assertThat(e.holders()).extracting(LockHolder::pid).contains(holder.pid()));
            }
            try (ParseLock lock = ParseLock.acquire(fd, lockDir, LockMode.SHARED, LockWait.noWait())) {
                assertThat(FlockHolder.run("flock", "-n", "-x", name.toString(), "true")).isEqualTo(1);
            }
        }
    }

    @Test
    void aSymbolicLinkPlantedAtTheNameIsRefusedAndNothingIsWrittenThroughIt() throws IOException {
        Path victim = dir.resolve("victim");
        Path dangling = dir.resolve("would-be-created");
        Files.writeString(victim, "precious");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        try (NativeFd fd = open()) {
            Path name = ParseLock.nameFor(fd.stat(), lockDir);
            Files.createSymbolicLink(name, victim);
            assertThatThrownBy(() -> ParseLock.acquire(fd, lockDir, LockMode.EXCLUSIVE, LockWait.noWait()))
                    .isInstanceOf(UnsafeLockFileException.class).hasMessageContaining("symbolic link on lock name");
            Files.delete(name);
            Files.createSymbolicLink(name, dangling);
            assertThatThrownBy(() -> ParseLock.acquire(fd, lockDir, LockMode.EXCLUSIVE, LockWait.noWait()))
                    .isInstanceOf(UnsafeLockFileException.class);
            assertThat(Files.isSymbolicLink(name)).as("left for the admin to see").isTrue();
        }
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(victim))).isEqualTo("rw-------");
        assertThat(dangling).doesNotExist();
    }

    @Test
    void aHardLinkPlantedAtTheNameIsRefusedAndTheLinkedFileIsUntouched() throws IOException {
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "precious");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        try (NativeFd fd = open()) {
            Path name = ParseLock.nameFor(fd.stat(), lockDir);
            Files.createLink(name, victim);
            assertThatThrownBy(() -> ParseLock.acquire(fd, lockDir, LockMode.SHARED, LockWait.noWait()))
                    .isInstanceOf(UnsafeLockFileException.class).hasMessageContaining("hard link to lock name");
            assertThat((Integer) Files.getAttribute(victim, "unix:nlink")).isEqualTo(2);
        }
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(victim))).isEqualTo("rw-------");
    }

    @Test
    void aWaiterWhoseFileWasUnlinkedByTheHolderStartsAgainOnTheNewFile() throws Exception {
        try (NativeFd fd = open()) {
            ParseLock holder = ParseLock.acquire(fd, lockDir, LockMode.EXCLUSIVE, LockWait.noWait());
            CompletableFuture<ParseLock> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    return ParseLock.acquire(fd, lockDir, LockMode.SHARED, LockWait.upTo(Duration.ofSeconds(20)));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.onSpinWait();
            assertThat(waiter).isNotDone();
            // The holder is alone in holding a lock at release time, so it unlinks the name while the waiter still
            // polls the old, now nameless file; the waiter must notice and lock the file the name leads to.
            holder.close();
            try (ParseLock got = waiter.get(20, TimeUnit.SECONDS)) {
                long inode = (Long) Files.getAttribute(got.path(), "unix:ino", LinkOption.NOFOLLOW_LINKS);
                assertThat(ProcLocks.on(got.path())).singleElement().satisfies(h -> {
                    assertThat(h.inode()).isEqualTo(inode);
                    assertThat(h.pid()).isEqualTo(ProcessHandle.current().pid());
                });
            }
        }
    }

    @Test
    void existingContentOfALeftoverLockFileIsIgnored() throws IOException {
        try (NativeFd fd = open()) {
            Path name = ParseLock.nameFor(fd.stat(), lockDir);
            Files.writeString(name, "12345");
            try (ParseLock lock = ParseLock.acquire(fd, lockDir, LockMode.EXCLUSIVE, LockWait.noWait())) {
                assertThat(Files.readString(lock.path())).isEqualTo("12345");
            }
            assertThat(name).doesNotExist();
        }
    }
}

package org.mailtxt.mailstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.locking.LockMode;
import org.mailtxt.mailstore.format.AppendRejectedException;
import org.mailtxt.mailstore.format.InternalDate;
import org.mailtxt.mailstore.format.MailboxFormat;
import org.mailtxt.mailstore.format.MalformedMailboxException;
import org.mailtxt.mailstore.format.SystemFlags;

class OpenMailboxTest {
    @TempDir
    Path dir;
    MailStore store;
    MailStore other;

    @AfterEach
    void closeStores() throws Exception {
        if (store != null) {
            store.close();
        }
        if (other != null) {
            other.close();
        }
    }

    @Test
    void aCClientWrittenMailboxOpensWithItsMessagesFlagsKeywordsAndUidsOneToN() throws Exception {
        for (String f : List.of("sample.mtx", "sample.tenex")) {
            Path box = StoreFixture.copy(f, dir, f);
            store = StoreFixture.store(dir, "a-" + f);
            try (OpenMailbox m = store.open(box, false)) {
                List<MessageInfo> msgs = m.messages();
                assertThat(msgs).extracting(MessageInfo::uid).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
                assertThat(msgs.get(1).has(SystemFlags.SEEN) && msgs.get(1).has(SystemFlags.FLAGGED)).isTrue();
                assertThat(msgs.get(3).keywords()).containsExactlyInAnyOrder("$Forwarded", "Junk", "project-x");
                assertThat(msgs.get(5).keywords()).containsExactly("NonJunk");
                assertThat(msgs).extracting(MessageInfo::recent).containsExactly(false, false, false, false, true, true);
                assertThat(msgs.get(0).rfc822Size()).isEqualTo(155);
                assertThat(msgs.get(0).internalDate().text()).isEqualTo(" 2-Jan-2024 03:04:05 -0800");
                assertThat(m.status().uidNext()).isEqualTo(7);
                assertThat(new String(m.content(1), StandardCharsets.US_ASCII)).startsWith("From: ").contains("\r\n");
            }
            store.close();
            store = null;
        }
    }

    @Test
    void claimingRecentWritesTheOldBitExactlyAsCClientsFirstReadWriteOpenDoes() throws Exception {
        for (String f : List.of("sample.mtx", "sample.tenex")) {
            Path box = StoreFixture.copy(f, dir, f);
            store = StoreFixture.store(dir, "r-" + f);
            try (OpenMailbox m = store.open(box, false)) {
                assertThat(m.claimRecent()).containsExactly(5L, 6L);
                assertThat(m.claimRecent()).isEmpty();
            }
            assertThat(Files.readAllBytes(box)).isEqualTo(Files.readAllBytes(StoreFixture.fixture(f + ".opened")));
            store.close();
            store = null;
        }
    }

    @Test
    void expungeCompactsInPlaceByteForByteAsCClientAndSurvivorsKeepTheirUids() throws Exception {
        for (String f : List.of("sample.mtx", "sample.tenex")) {
            Path box = StoreFixture.copy(f + ".opened", dir, f);
            long inode = (Long) Files.getAttribute(box, "unix:ino");
            store = StoreFixture.store(dir, "x-" + f);
            try (OpenMailbox m = store.open(box, false)) {
                long before = m.status().highestModSeq();
                assertThat(m.expunge(null)).containsExactly(3L);
                assertThat(m.messages()).extracting(MessageInfo::uid).containsExactly(1L, 2L, 4L, 5L, 6L);
                assertThat(m.status().highestModSeq()).isGreaterThan(before);
                assertThat(new String(m.content(4), StandardCharsets.US_ASCII)).isEqualTo(
                        new String(m.format().codec().toCrlf(java.util.Arrays.copyOfRange(Files.readAllBytes(box),
                                (int) (Files.size(box) - 0), (int) Files.size(box))), StandardCharsets.US_ASCII)
                                .isEmpty() ? new String(m.content(4), StandardCharsets.US_ASCII) : "");
            }
            assertThat(Files.readAllBytes(box)).isEqualTo(Files.readAllBytes(StoreFixture.fixture(f + ".expunged")));
            assertThat((Long) Files.getAttribute(box, "unix:ino")).as("in place, same inode").isEqualTo(inode);
            assertThat(ExpungeJournal.pathFor(box)).doesNotExist();
            store.close();
            store = StoreFixture.store(dir, "x-" + f);
            try (OpenMailbox m = store.open(box, false)) {
                assertThat(m.messages()).extracting(MessageInfo::uid).containsExactly(1L, 2L, 4L, 5L, 6L);
            }
            store.close();
            store = null;
        }
    }

    @Test
    void anAppendWritesCClientsBytesAtTheEndAndGetsTheNextUid() throws Exception {
        Path box = StoreFixture.copy("sample.mtx", dir, "box");
        byte[] before = Files.readAllBytes(box);
        store = StoreFixture.store(dir, "a");
        byte[] msg = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        try (OpenMailbox m = store.open(box, false)) {
            AppendResult r = m.append(List.of(new AppendRequest(msg,
                    Optional.of(InternalDate.forAppend("02-Jan-2024 03:04:05 -0800")),
                    SystemFlags.SEEN | SystemFlags.ANSWERED, Set.of())));
            assertThat(r.uids()).containsExactly(7L);
            assertThat(r.uidValidity()).isEqualTo(m.status().uidValidity());
            assertThat(m.messages().get(6).recent()).isTrue();
            assertThat(m.content(7)).isEqualTo(msg);
        }
        byte[] after = Files.readAllBytes(box);
        assertThat(new String(after, before.length, after.length - before.length, StandardCharsets.US_ASCII))
                .isEqualTo(" 2-Jan-2024 03:04:05 -0800,20;000000000011\r\nSubject: x\r\n\r\nbody\r\n");
    }

    @Test
    void flagChangesAreWrittenInPlaceWithTheOldBitAndRaiseModseq() throws Exception {
        Path box = StoreFixture.copy("sample.tenex", dir, "box");
        store = StoreFixture.store(dir, "f");
        try (OpenMailbox m = store.open(box, false)) {
            long ms = m.messages().get(4).modSeq();
            List<MessageInfo> changed = m.updateFlags(List.of(5L), new FlagChange(FlagChange.Mode.ADD,
                    SystemFlags.FLAGGED, Set.of("NonJunk", "brand-new")));
            assertThat(changed).singleElement().satisfies(c -> {
                assertThat(c.modSeq()).isGreaterThan(ms);
                assertThat(c.keywords()).containsExactlyInAnyOrder("NonJunk", "brand-new");
            });
            assertThat(m.updateFlags(List.of(5L), new FlagChange(FlagChange.Mode.ADD, SystemFlags.FLAGGED, Set.of())))
                    .as("no change, no modseq").isEmpty();
        }
        String file = Files.readString(box, StandardCharsets.US_ASCII);
        // NonJunk is keyword 3 (bit 26), brand-new takes the next free number, 5 (bit 24): U = 0o0500000000;
        // \Flagged (4) + old (16) = 0o24.
        assertThat(file).contains("31-May-2024 12:00:00 +0200,68;050000000024\n");
        assertThat(file.length()).isEqualTo(Files.size(StoreFixture.fixture("sample.tenex")));
    }

    @Test
    void uidsAndUidValiditySurviveAReopenAndAnIndexDeletionLosesNoMail() throws Exception {
        Path box = StoreFixture.copy("sample.mtx", dir, "box");
        store = StoreFixture.store(dir, "u");
        long validity;
        try (OpenMailbox m = store.open(box, false)) {
            m.append(List.of(AppendRequest.of("Subject: a\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII))));
            m.expunge(null); // removes UID 3
            validity = m.status().uidValidity();
        }
        store.close();
        store = StoreFixture.store(dir, "u");
        try (OpenMailbox m = store.open(box, false)) {
            assertThat(m.status().uidValidity()).isEqualTo(validity);
            assertThat(m.messages()).extracting(MessageInfo::uid).containsExactly(1L, 2L, 4L, 5L, 6L, 7L);
            assertThat(m.status().uidNext()).isEqualTo(8);
        }
        store.close();
        store = null;
        deleteRecursively(dir.resolve("data-u"));
        long second = java.time.Instant.now().getEpochSecond();
        StoreFixture.await(Duration.ofSeconds(2), () -> java.time.Instant.now().getEpochSecond() > second,
                "a new second, so that a fresh UIDVALIDITY differs");
        store = StoreFixture.store(dir, "u");
        try (OpenMailbox m = store.open(box, false)) {
            assertThat(m.messages()).hasSize(6);
            assertThat(m.status().uidValidity()).isNotEqualTo(validity);
        }
    }

    @Test
    void anotherProcessesAppendIsHeardWithinASecondAndGetsHigherUids() throws Exception {
        Path box = StoreFixture.copy("sample.mtx", dir, "box");
        store = StoreFixture.store(dir, "mine");
        other = StoreFixture.store(dir, "theirs");
        try (OpenMailbox m = store.open(box, false)) {
            StoreFixture.Recorder rec = new StoreFixture.Recorder();
            m.addListener(rec);
            try (OpenMailbox theirs = other.open(box, false)) {
                theirs.append(List.of(AppendRequest.of("Subject: b\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII))));
            }
            StoreFixture.await(Duration.ofSeconds(1), () -> rec.heardAdded(1), "the external append");
            MailboxChange c = rec.changes.stream().filter(x -> !x.added().isEmpty()).findFirst().orElseThrow();
            assertThat(c.external()).isTrue();
            assertThat(c.added()).singleElement().satisfies(i -> assertThat(i.uid()).isEqualTo(7));
        }
    }

    @Test
    void anotherProcessesFlagChangeIsReportedAsAFlagUpdate() throws Exception {
        Path box = StoreFixture.copy("sample.mtx", dir, "box");
        store = StoreFixture.store(dir, "mine");
        other = StoreFixture.store(dir, "theirs");
        try (OpenMailbox m = store.open(box, false)) {
            StoreFixture.Recorder rec = new StoreFixture.Recorder();
            m.addListener(rec);
            try (OpenMailbox theirs = other.open(box, false)) {
                theirs.updateFlags(List.of(1L), new FlagChange(FlagChange.Mode.ADD, SystemFlags.DELETED, Set.of()));
            }
            StoreFixture.await(Duration.ofSeconds(2), () -> rec.changes.stream()
                    .anyMatch(x -> !x.flagsChanged().isEmpty()), "the external flag change");
            assertThat(m.messages().get(0).has(SystemFlags.DELETED)).isTrue();
        }
    }

    @Test
    void expungeIsRefusedWhileAnotherProcessHoldsTheMailboxAndNothingMoves() throws Exception {
        Path box = StoreFixture.copy("sample.mtx.opened", dir, "box");
        byte[] before = Files.readAllBytes(box);
        store = StoreFixture.store(dir, "e");
        try (OpenMailbox m = store.open(box, false)) {
            Process holder = new ProcessBuilder("flock", "-s", box.toString(), "-c", "echo locked; exec sleep 60")
                    .start();
            try {
                assertThat(new String(holder.getInputStream().readNBytes(7), StandardCharsets.US_ASCII))
                        .isEqualTo("locked\n");
                assertThatThrownBy(() -> m.expunge(null)).isInstanceOfSatisfying(MailboxInUseException.class, e -> {
                    assertThat(e.getMessage()).contains("pid " + holder.pid() + " (flock)");
                    assertThat(e.holders()).anySatisfy(h -> assertThat(h.mode()).isEqualTo(LockMode.SHARED));
                });
                assertThat(Files.readAllBytes(box)).isEqualTo(before);
                assertThat(m.messages()).hasSize(6);
            } finally {
                for (ProcessHandle child : holder.descendants().toList()) {
                    child.destroyForcibly();
                    child.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                }
                holder.destroyForcibly().waitFor();
            }
            assertThat(m.expunge(null)).containsExactly(3L);
        }
    }

    @Test
    void twoSessionsOfThisJvmShareOneOpenMailboxSoExpungeIsNotRefused() throws Exception {
        Path box = StoreFixture.copy("sample.mtx.opened", dir, "box");
        store = StoreFixture.store(dir, "s");
        try (OpenMailbox a = store.open(box, false); OpenMailbox b = store.open(box, false)) {
            assertThat(a).isSameAs(b);
            assertThat(b.expunge(null)).containsExactly(3L);
        }
    }

    @Test
    void anotherProcessesExpungeWhileWeWereClosedKeepsTheSurvivorsUids() throws Exception {
        Path box = StoreFixture.copy("sample.mtx.opened", dir, "box");
        store = StoreFixture.store(dir, "mine");
        try (OpenMailbox m = store.open(box, false)) {
            m.append(List.of(AppendRequest.of("Subject: c\r\n\r\nz\r\n".getBytes(StandardCharsets.US_ASCII))));
        }
        other = StoreFixture.store(dir, "theirs");
        try (OpenMailbox theirs = other.open(box, false)) {
            theirs.updateFlags(List.of(1L), new FlagChange(FlagChange.Mode.ADD, SystemFlags.DELETED, Set.of()));
            theirs.expunge(null);
        }
        try (OpenMailbox m = store.open(box, false)) {
            assertThat(m.messages()).extracting(MessageInfo::uid).containsExactly(2L, 4L, 5L, 6L, 7L);
            assertThat(m.status().uidNext()).isEqualTo(8);
        }
    }

    @Test
    void aFileReplacedBeyondRecognitionGetsANewUidValidity() throws Exception {
        Path box = StoreFixture.copy("sample.mtx", dir, "box");
        store = StoreFixture.store(dir, "r");
        long validity;
        try (OpenMailbox m = store.open(box, false)) {
            validity = m.status().uidValidity();
        }
        Files.write(box, (" 3-Jan-2024 00:00:00 +0000,20;000000000000\r\nSubject: n\r\n\r\nnew!\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        try (OpenMailbox m = store.open(box, false)) {
            assertThat(m.status().uidValidity()).isGreaterThan(validity);
            assertThat(m.messages()).extracting(MessageInfo::uid).containsExactly(1L);
        }
    }

    @Test
    void aTornTailIsMovedToQuarantineAndTheRestOpens() throws Exception {
        Path box = StoreFixture.copy("sample.mtx", dir, "box");
        byte[] torn = " 3-Jan-2024 00:00:00 +0000,500;000000000000\r\nSubject: cut off".getBytes(StandardCharsets.US_ASCII);
        Files.write(box, torn, java.nio.file.StandardOpenOption.APPEND);
        store = StoreFixture.store(dir, "q");
        try (OpenMailbox m = store.open(box, false)) {
            assertThat(m.messages()).hasSize(6);
        }
        assertThat(Files.readAllBytes(box)).isEqualTo(Files.readAllBytes(StoreFixture.fixture("sample.mtx")));
        try (var s = Files.list(dir)) {
            Path q = s.filter(p -> p.getFileName().toString().startsWith(".box.quarantine-")).findFirst().orElseThrow();
            assertThat(Files.readAllBytes(q)).isEqualTo(torn);
        }
    }

    @Test
    void whatIsNotAMailboxIsRefusedAndNeverRewritten() throws Exception {
        store = StoreFixture.store(dir, "n");
        Path text = Files.writeString(dir.resolve("notes"), "just some text\nnot a mailbox\n");
        assertThatThrownBy(() -> store.open(text, false)).isInstanceOf(MalformedMailboxException.class)
                .hasMessageContaining(text.toString());
        assertThat(Files.readString(text)).isEqualTo("just some text\nnot a mailbox\n");
        Path link = Files.createSymbolicLink(dir.resolve("link"), StoreFixture.copy("sample.mtx", dir, "real"));
        assertThatThrownBy(() -> store.open(link, false)).isInstanceOf(UnsafeMailboxException.class)
                .hasMessageContaining("symbolic link");
        Path sub = Files.createDirectory(dir.resolve("folder"));
        assertThatThrownBy(() -> store.open(sub, false)).isInstanceOf(UnsafeMailboxException.class)
                .hasMessageContaining("directory");
        assertThatThrownBy(() -> store.open(dir.resolve("missing"), false)).isInstanceOf(MailboxNotFoundException.class);
        byte[] bad = (" 3-Jan-2024 00:00:00 +0000,5;000000000000\r\nabcde"
                + " 4-Jan-2024 00:00:00 +0000,5x;000000000000\r\n" + "y".repeat(100)).getBytes(StandardCharsets.US_ASCII);
        Path broken = Files.write(dir.resolve("broken"), bad);
        assertThatThrownBy(() -> store.open(broken, false)).isInstanceOfSatisfying(MalformedMailboxException.class,
                e -> assertThat(e.offset()).isEqualTo(48));
        assertThat(Files.readAllBytes(broken)).isEqualTo(bad);
    }

    @Test
    void badAppendsAreRefusedAndLeaveTheFileAlone() throws Exception {
        Path box = StoreFixture.copy("sample.mtx", dir, "box");
        byte[] before = Files.readAllBytes(box);
        Path locks = dir.resolve("locks");
        Files.createDirectories(locks);
        store = MailStore.open(MailStoreConfig.defaults(dir.resolve("data")).withLockDirectory(locks)
                .withMaxMessageSize(100));
        try (OpenMailbox m = store.open(box, false)) {
            assertThatThrownBy(() -> m.append(List.of(AppendRequest.of(new byte[0]))))
                    .isInstanceOf(AppendRejectedException.class).hasMessageContaining("zero-length");
            assertThatThrownBy(() -> m.append(List.of(AppendRequest.of(new byte[101]))))
                    .isInstanceOf(MessageTooLargeException.class).hasMessageContaining("100 bytes");
            assertThatThrownBy(() -> m.append(List.of(AppendRequest.of("ok\r\n".getBytes(StandardCharsets.US_ASCII)),
                    AppendRequest.of(new byte[0])))).as("all or nothing").isInstanceOf(AppendRejectedException.class);
        }
        assertThat(Files.readAllBytes(box)).isEqualTo(before);
    }

    @Test
    void aThirtyFirstKeywordIsRefusedWithAClearError() throws Exception {
        Path box = StoreFixture.copy("sample.mtx", dir, "box");
        store = StoreFixture.store(dir, "k");
        try (OpenMailbox m = store.open(box, false)) {
            for (int k = 0; k < 25; k++) {
                m.updateFlags(List.of(1L), new FlagChange(FlagChange.Mode.ADD, 0, Set.of("kw" + k)));
            }
            assertThat(m.status().keywords()).hasSize(30);
            assertThatThrownBy(() -> m.updateFlags(List.of(1L), new FlagChange(FlagChange.Mode.ADD, 0,
                    Set.of("one-too-many")))).isInstanceOf(TooManyKeywordsException.class)
                    .hasMessageContaining("30 keyword bits");
        }
    }

    @Test
    void createDeleteAndRenameManageFilesAndTheirIndex() throws Exception {
        store = StoreFixture.store(dir, "c");
        Path box = dir.resolve("mail/sub/new.mtx");
        store.create(box, MailboxFormat.MTX);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(box)))
                .isEqualTo("rw-------");
        try (OpenMailbox m = store.open(box, false)) {
            assertThat(m.format()).isEqualTo(MailboxFormat.MTX);
            m.append(List.of(AppendRequest.of("Subject: d\r\n\r\nq\r\n".getBytes(StandardCharsets.US_ASCII))));
            assertThatThrownBy(() -> store.delete(box)).isInstanceOf(MailboxInUseException.class);
        }
        Path moved = dir.resolve("mail/other/renamed.mtx");
        store.rename(box, moved);
        assertThat(box).doesNotExist();
        try (OpenMailbox m = store.open(moved, false)) {
            assertThat(m.messages()).extracting(MessageInfo::uid).containsExactly(1L);
        }
        store.delete(moved);
        assertThat(moved).doesNotExist();
        assertThatThrownBy(() -> store.create(dir.resolve("mail"), MailboxFormat.MTX))
                .isInstanceOf(MailboxException.class).hasMessageContaining("already exists");
    }

    @Test
    void renamingAFolderCarriesItsMailboxesWithTheirUidsAndIsRefusedWhileOneOfThemIsOpen() throws Exception {
        store = StoreFixture.store(dir, "rf");
        Path mail = dir.resolve("mail");
        Path deep = mail.resolve("a/b/c");
        store.create(deep, MailboxFormat.MTX);
        store.create(mail.resolve("a/d"), MailboxFormat.MTX);
        store.create(mail.resolve("w"), MailboxFormat.MTX);
        long validity;
        try (OpenMailbox m = store.open(deep, false)) {
            m.append(List.of(AppendRequest.of("Subject: 1\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)),
                    AppendRequest.of("Subject: 2\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII))));
            validity = m.status().uidValidity();
        }
        try (OpenMailbox held = store.open(mail.resolve("a/d"), false)) {
            assertThatThrownBy(() -> store.renameFolder(mail.resolve("a"), mail.resolve("z")))
                    .isInstanceOf(MailboxInUseException.class).hasMessageContaining("sessions of this server");
            assertThat(mail.resolve("a/b/c")).isRegularFile();
            assertThat(held.messages()).isEmpty(); // still usable where it was
        }
        store.renameFolder(mail.resolve("a"), mail.resolve("z/y"));
        assertThat(mail.resolve("a")).doesNotExist();
        try (OpenMailbox m = store.open(mail.resolve("z/y/b/c"), false)) {
            assertThat(m.status().uidValidity()).isEqualTo(validity);
            assertThat(m.messages()).extracting(MessageInfo::uid).containsExactly(1L, 2L);
            assertThat(m.status().uidNext()).isEqualTo(3);
        }
        assertThatThrownBy(() -> store.renameFolder(mail.resolve("z"), mail.resolve("z/y/q")))
                .isInstanceOf(MailboxException.class).hasMessageContaining("inside itself");
        assertThatThrownBy(() -> store.renameFolder(mail.resolve("z"), mail.resolve("w")))
                .isInstanceOf(MailboxException.class).hasMessageContaining("already exists");
        assertThatThrownBy(() -> store.renameFolder(mail.resolve("none"), mail.resolve("n")))
                .isInstanceOf(MailboxNotFoundException.class);
        assertThatThrownBy(() -> store.renameFolder(mail.resolve("w"), mail.resolve("v")))
                .as("a mailbox file is renamed with rename, not as a folder").isInstanceOf(MailboxNotFoundException.class);
        assertThat(mail.resolve("z/y/b/c")).isRegularFile();
    }

    @Test
    void copyCarriesTextFlagsKeywordsAndDates() throws Exception {
        Path src = StoreFixture.copy("sample.tenex", dir, "src");
        store = StoreFixture.store(dir, "cp");
        Path dst = dir.resolve("dst");
        store.create(dst, MailboxFormat.MTX);
        try (OpenMailbox s = store.open(src, false); OpenMailbox d = store.open(dst, false)) {
            AppendResult r = s.copyTo(List.of(4L, 6L), d);
            assertThat(r.uids()).containsExactly(1L, 2L);
            List<MessageInfo> copied = d.messages();
            assertThat(copied.get(0).keywords()).containsExactlyInAnyOrder("$Forwarded", "Junk", "project-x");
            assertThat(copied.get(1).internalDate().instant()).isEqualTo(s.messages().get(5).internalDate().instant());
            assertThat(d.content(1)).isEqualTo(s.content(4));
        }
    }

    @Test
    void saveDatesAreWhenMessagesCameIntoTheMailboxAndSurviveReopensButAnIndexDeletionFallsBackToInternalDates()
            throws Exception {
        Path box = StoreFixture.copy("sample.mtx", dir, "box");
        Path dst = dir.resolve("dst");
        store = StoreFixture.store(dir, "sd");
        other = StoreFixture.store(dir, "sd-other");
        store.create(dst, MailboxFormat.MTX);
        long start = java.time.Instant.now().getEpochSecond();
        InternalDate y2k = InternalDate.of(946_684_800L, 0);
        byte[] text = "Subject: old\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
        List<MessageInfo> seen;
        try (OpenMailbox m = store.open(box, false); OpenMailbox d = store.open(dst, false)) {
            // written by c-client before mailtxt knew the mailbox: the internal date stands in
            assertThat(m.messages()).hasSize(6).allSatisfy(i -> assertThat(i.saveDate())
                    .isEqualTo(i.internalDate().instant()));
            m.append(List.of(new AppendRequest(text, Optional.of(y2k), 0, Set.of())));
            MessageInfo appended = m.messages().get(6);
            assertThat(appended.internalDate().instant()).isEqualTo(y2k.instant());
            assertSavedSince(appended, start);
            m.copyTo(List.of(1L, 7L), d);
            assertThat(d.messages()).hasSize(2).allSatisfy(i -> assertSavedSince(i, start));
            seen = m.messages();
        }
        try (OpenMailbox theirs = other.open(box, false)) {
            theirs.append(List.of(new AppendRequest(text, Optional.of(y2k), 0, Set.of())));
        }
        try (OpenMailbox m = store.open(box, false)) {
            List<MessageInfo> now = m.messages();
            assertThat(now.subList(0, 7)).extracting(MessageInfo::saveDate)
                    .containsExactlyElementsOf(seen.stream().map(MessageInfo::saveDate).toList());
            assertSavedSince(now.get(7), start); // another process's append: when mailtxt first saw it
        }
        store.close();
        store = StoreFixture.store(dir, "sd"); // index only: the table snapshot of the last close is removed
        deleteRecursively(dir.resolve("data-sd").resolve("snapshots"));
        try (OpenMailbox m = store.open(box, false)) {
            assertThat(m.messages().get(6).saveDate()).isEqualTo(seen.get(6).saveDate());
        }
        store.close();
        store = null;
        deleteRecursively(dir.resolve("data-sd"));
        store = StoreFixture.store(dir, "sd");
        try (OpenMailbox m = store.open(box, false)) {
            assertThat(m.messages()).hasSize(8).allSatisfy(i -> assertThat(i.saveDate())
                    .isEqualTo(i.internalDate().instant()));
        }
    }

    private static void assertSavedSince(MessageInfo m, long startEpochSecond) {
        assertThat(m.saveDate().getEpochSecond()).isBetween(startEpochSecond,
                java.time.Instant.now().getEpochSecond());
    }

    @Test
    void aMailboxThatShrankUnderUsIsClosedForSafetyWithAClearErrorAndNeverRewritten() throws Exception {
        Path box = StoreFixture.copy("sample.mtx", dir, "box");
        store = StoreFixture.store(dir, "shrink");
        try (OpenMailbox m = store.open(box, false)) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(box,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(300);
            }
            byte[] cut = Files.readAllBytes(box);
            assertThatThrownBy(m::check).isInstanceOf(MailboxException.class).hasMessageContaining("shrank from 743 to 300");
            assertThatThrownBy(() -> m.updateFlags(List.of(1L), new FlagChange(FlagChange.Mode.ADD, SystemFlags.SEEN,
                    Set.of()))).hasMessageContaining("closed for safety");
            assertThatThrownBy(() -> m.append(List.of(AppendRequest.of("x\r\n".getBytes(StandardCharsets.US_ASCII)))))
                    .hasMessageContaining("closed for safety");
            assertThat(Files.readAllBytes(box)).isEqualTo(cut);
        }
    }

    @Test
    void theWarmOpenUsesTheTableSnapshotAndFallsBackToTheIndexWhenItIsDamaged() throws Exception {
        Path box = StoreFixture.copy("sample.mtx.opened", dir, "box");
        store = StoreFixture.store(dir, "snap");
        List<MessageInfo> before;
        try (OpenMailbox m = store.open(box, false)) {
            m.expunge(null);
            before = m.messages();
        }
        Path snap = TableSnapshot.fileFor(dir.resolve("data-snap"), box.toAbsolutePath().normalize().toString());
        assertThat(snap).exists();
        try (OpenMailbox m = store.open(box, false)) {
            assertThat(m.messages()).isEqualTo(before);
        }
        byte[] bytes = Files.readAllBytes(snap);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(snap, bytes);
        try (OpenMailbox m = store.open(box, false)) {
            assertThat(m.messages()).extracting(MessageInfo::uid)
                    .containsExactlyElementsOf(before.stream().map(MessageInfo::uid).toList());
            assertThat(m.messages()).extracting(MessageInfo::modSeq)
                    .containsExactlyElementsOf(before.stream().map(MessageInfo::modSeq).toList());
        }
    }

    @Test
    void concurrentAppendsAreWrittenInSharedBatchesAndEachGetsItsOwnUids() throws Exception {
        Path box = StoreFixture.copy("sample.mtx", dir, "box");
        store = StoreFixture.store(dir, "group");
        try (OpenMailbox m = store.open(box, false)) {
            StoreFixture.Recorder rec = new StoreFixture.Recorder();
            m.addListener(rec);
            int threads = 20;
            int each = 10;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<List<Long>>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<Long> mine = new java.util.ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.addAll(m.append(List.of(AppendRequest.of(("Subject: t" + thread + "-" + i + "\r\n\r\nx\r\n")
                                .getBytes(StandardCharsets.US_ASCII)))).uids());
                    }
                    return mine;
                }));
            }
            java.util.Set<Long> all = new java.util.HashSet<>();
            for (var f : results) {
                List<Long> mine = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(mine).isSorted().hasSize(each);
                all.addAll(mine);
            }
            pool.shutdown();
            assertThat(all).hasSize(threads * each);
            assertThat(m.messages()).hasSize(6 + threads * each);
            for (MessageInfo i : m.messages()) {
                if (i.uid() > 6) {
                    String text = new String(m.content(i.uid()), StandardCharsets.US_ASCII);
                    assertThat(text).startsWith("Subject: t");
                }
            }
            long batches = rec.changes.stream().filter(c -> !c.added().isEmpty() && !c.external()).count();
            assertThat(batches).as("appends waiting together were written together").isLessThan(threads * each);
        }
        try (MailStore other = StoreFixture.store(dir, "check"); OpenMailbox again = other.open(box, false)) {
            assertThat(again.messages()).hasSize(6 + 20 * 10);
        }
    }

    @Test
    void aSessionNotYetToldOfAnExpungeCanStillReadTheExpungedMessage() throws Exception {
        Path box = StoreFixture.copy("sample.mtx.opened", dir, "box");
        store = StoreFixture.store(dir, "late");
        try (OpenMailbox m = store.open(box, false)) {
            byte[] three = m.content(3);
            assertThat(m.expunge(null)).containsExactly(3L);
            assertThat(m.content(3)).as("RFC 2180 4.1.1: the data of an expunged message may still be served")
                    .isEqualTo(three);
            assertThatThrownBy(() -> m.content(99)).isInstanceOf(MailboxException.class).hasMessageContaining("UID 99");
        }
    }

    @Test
    void moveCopiesThenExpungesOnlyTheMovedMessages() throws Exception {
        Path src = StoreFixture.copy("sample.mtx", dir, "src");
        store = StoreFixture.store(dir, "mv");
        Path dst = dir.resolve("dst");
        store.create(dst, MailboxFormat.MTX);
        try (OpenMailbox s = store.open(src, false); OpenMailbox d = store.open(dst, false)) {
            byte[] two = s.content(2);
            assertThat(s.moveTo(List.of(2L), d).uids()).containsExactly(1L);
            assertThat(s.messages()).extracting(MessageInfo::uid).containsExactly(1L, 3L, 4L, 5L, 6L)
                    .as("message 3 is \\Deleted too but was not moved, so it stays");
            assertThat(d.content(1)).isEqualTo(two);
        }
    }

    @Test
    void concurrentOpensOfOneFileShareOneObject() throws Exception {
        Path box = StoreFixture.copy("sample.mtx", dir, "box");
        store = StoreFixture.store(dir, "cc");
        List<java.util.concurrent.CompletableFuture<OpenMailbox>> opens = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            opens.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return store.open(box, false);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        OpenMailbox first = opens.get(0).get();
        for (var f : opens) {
            assertThat(f.get()).isSameAs(first);
        }
        for (var f : opens) {
            f.get().close();
        }
        assertThat(ProcLocksView.holdersOf(box)).isEmpty();
    }

    /** Who holds locks on a file, from /proc/locks (the last close must drop the flock). */
    static final class ProcLocksView {
        static List<org.mailtxt.locking.LockHolder> holdersOf(Path p) throws java.io.IOException {
            return org.mailtxt.locking.ProcLocks.on(p);
        }
    }

    private static void deleteRecursively(Path p) throws java.io.IOException {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}

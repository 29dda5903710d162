package org.mailtxt.mailstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.mailstore.format.InternalDate;
import org.mailtxt.mailstore.format.MailboxFormat;
import org.mailtxt.mailstore.format.SystemFlags;

/**
 * The cold open of a big mailbox the index has never seen: the table is built from the scan, and the index rows are
 * written behind the open from a copy of the table (UidBook). Changes made right after the open, while that write may
 * still be running, must neither be lost nor be overwritten by it.
 */
class FirstIndexingTest {
    private static final int MESSAGES = 2500; // above UidBook's threshold for indexing behind the open

    @TempDir
    Path dir;
    MailStore store;

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void changesRightAfterTheColdOpenOfABigMailboxSurviveTheIndexingBehindIt() throws Exception {
        for (MailboxFormat format : MailboxFormat.values()) {
            Path box = dir.resolve("big." + format.name().toLowerCase());
            List<InternalDate> dates = writeMailbox(box, format, "first");

            store = StoreFixture.store(dir, "cold-" + format);
            long validity;
            try (OpenMailbox m = store.open(box, false)) {
                List<MessageInfo> msgs = m.messages();
                assertThat(msgs).hasSize(MESSAGES);
                for (int i = 0; i < MESSAGES; i++) {
                    assertThat(msgs.get(i).uid()).isEqualTo(i + 1L);
                    assertThat(msgs.get(i).internalDate().epochSecond()).isEqualTo(dates.get(i).epochSecond());
                    assertThat(msgs.get(i).internalDate().zoneOffsetMinutes())
                            .isEqualTo(dates.get(i).zoneOffsetMinutes());
                    assertThat(msgs.get(i).internalDate().text()).isEqualTo(dates.get(i).text());
                }
                validity = m.status().uidValidity();
                // At once, while the first indexing may still be writing: a flag change, an append and an expunge.
                m.updateFlags(List.of(7L), new FlagChange(FlagChange.Mode.ADD, SystemFlags.FLAGGED, Set.of("Junk")));
                m.append(List.of(AppendRequest.of("Subject: late\r\n\r\nlate\r\n".getBytes(StandardCharsets.US_ASCII))));
                m.updateFlags(List.of(9L), new FlagChange(FlagChange.Mode.ADD, SystemFlags.DELETED, Set.of()));
                assertThat(m.expunge(List.of(9L))).containsExactly(9L);
            }
            store.close();

            // A new store on the same index: UIDs, flags and UIDVALIDITY are what the first store left.
            store = StoreFixture.store(dir, "cold-" + format);
            try (OpenMailbox m = store.open(box, false)) {
                List<MessageInfo> msgs = m.messages();
                assertThat(m.status().uidValidity()).isEqualTo(validity);
                assertThat(msgs).hasSize(MESSAGES);
                assertThat(msgs).extracting(MessageInfo::uid).doesNotContain(9L).contains(1L, 8L, 10L, 2501L);
                assertThat(msgs.get(msgs.size() - 1).uid()).isEqualTo(MESSAGES + 1L);
                MessageInfo seventh = msgs.get(6);
                assertThat(seventh.uid()).isEqualTo(7L);
                assertThat(seventh.has(SystemFlags.FLAGGED)).isTrue();
                assertThat(seventh.keywords()).containsExactly("Junk");
                assertThat(new String(m.content(MESSAGES + 1L), StandardCharsets.US_ASCII)).contains("late");
                assertThat(new String(m.content(10L), StandardCharsets.US_ASCII)).contains("message 10 first");
            }
            store.close();
            store = null;
        }
    }

    @Test
    void aTruncatedLastRecordOfABigMailboxIsQuarantinedAndTheRestIndexed() throws Exception {
        Path box = dir.resolve("torn.mtx");
        writeMailbox(box, MailboxFormat.MTX, "torn");
        long size = Files.size(box);
        try (var ch = java.nio.channels.FileChannel.open(box, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size - 5); // the last message loses its end: its SIZE runs past the end of the file
        }
        store = StoreFixture.store(dir, "torn");
        try (OpenMailbox m = store.open(box, false)) {
            assertThat(m.messages()).hasSize(MESSAGES - 1);
            assertThat(m.messages().get(MESSAGES - 2).uid()).isEqualTo(MESSAGES - 1L);
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> quarantined = s.filter(p -> p.getFileName().toString().startsWith(".torn.mtx.quarantine-"))
                    .toList();
            assertThat(quarantined).hasSize(1);
            assertThat(Files.size(quarantined.get(0))).isPositive();
            assertThat(Files.size(box) + Files.size(quarantined.get(0))).isEqualTo(size - 5);
        }
    }

    @Test
    void theFingerprintsComputedBehindAColdOpenAreThoseAFullScanGives() throws Exception {
        for (int size : new int[] {MESSAGES, 40}) { // indexed behind the open, and within it (small mailbox)
            Path box = dir.resolve("fp-" + size + ".mtx");
            writeMailbox(box, MailboxFormat.MTX, "fp" + size);
            if (size < MESSAGES) {
                keepFirst(box, size);
            }
            store = StoreFixture.store(dir, "fp-" + size);
            String key;
            try (OpenMailbox m = store.open(box, false)) {
                key = m.key;
                assertThat(m.messages()).hasSize(size);
            } // closed at once: the close waits for the fingerprints, which the table snapshot needs too
            var rows = store.book().load(key).orElseThrow().messages();
            org.mailtxt.mailstore.format.RecordList scanned;
            try (var ch = java.nio.channels.FileChannel.open(box)) {
                scanned = new org.mailtxt.mailstore.format.RecordScanner(box, MailboxFormat.MTX,
                        java.time.Clock.systemDefaultZone(), true).scan(ch, 0, ch.size());
            }
            assertThat(rows).hasSize(size);
            for (int j = 0; j < size; j++) {
                assertThat(rows.get(j).fingerprint()).as("fingerprint of record %d", j).isNotZero()
                        .isEqualTo(scanned.fingerprint(j));
            }
            // And the next open, warm from the table snapshot, hands the same fingerprints to later index writes.
            try (OpenMailbox m = store.open(box, false)) {
                m.updateFlags(List.of(3L), new FlagChange(FlagChange.Mode.ADD, SystemFlags.SEEN, Set.of()));
            }
            assertThat(store.book().load(key).orElseThrow().messages().get(2).fingerprint())
                    .isEqualTo(scanned.fingerprint(2));
            store.close();
            store = null;
        }
    }

    /** Cuts an mtx file after its first {@code n} records. */
    private static void keepFirst(Path box, int n) throws Exception {
        byte[] all = Files.readAllBytes(box);
        int at = 0;
        for (int k = 0; k < n; k++) {
            int eol = at;
            while (all[eol] != '\n') {
                eol++;
            }
            String line = new String(all, at, eol - at, StandardCharsets.US_ASCII);
            at = eol + 1 + Integer.parseInt(line.substring(line.indexOf(',') + 1, line.indexOf(';')));
        }
        Files.write(box, java.util.Arrays.copyOf(all, at));
    }

    /** Writes {@link #MESSAGES} messages through a throw-away store whose index is then deleted. */
    private List<InternalDate> writeMailbox(Path box, MailboxFormat format, String tag) throws Exception {
        List<InternalDate> dates = new ArrayList<>();
        Path data;
        try (MailStore writer = StoreFixture.store(dir, "writer-" + tag + "-" + format)) {
            writer.create(box, format);
            try (OpenMailbox m = writer.open(box, false)) {
                List<AppendRequest> batch = new ArrayList<>();
                long t = Instant.parse("2024-03-01T10:00:00Z").getEpochSecond();
                for (int i = 1; i <= MESSAGES; i++) {
                    InternalDate d = InternalDate.of(t + i * 3_600L, (i % 5 - 2) * 90);
                    dates.add(d);
                    byte[] text = ("Subject: m" + i + "\r\n\r\nmessage " + i + " " + tag + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    batch.add(new AppendRequest(text, Optional.of(d), i % 3 == 0 ? SystemFlags.SEEN : 0, Set.of()));
                    if (batch.size() == 500) {
                        m.append(batch);
                        batch = new ArrayList<>();
                    }
                }
                m.append(batch);
            }
            data = dir.resolve("data-writer-" + tag + "-" + format);
        }
        try (Stream<Path> s = Files.walk(data)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        return dates;
    }
}

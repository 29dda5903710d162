package org.mailtxt.mailstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.mailstore.format.MailboxFormat;
import org.mailtxt.mailstore.format.SystemFlags;
import org.mailtxt.mailstore.index.IndexedMailbox;
import org.mailtxt.mailstore.index.IndexedMessage;

/**
 * An expunge moves every later record down the file, but their index rows are rewritten only when the mailbox is
 * closed ({@link UidBook#oweOffsets}). Until then the index must never claim to match the file, so that a process
 * that dies with offsets owed is recovered by a parse (UIDs found by fingerprint), and a clean close must leave rows
 * that a warm open from the index alone can serve.
 */
class ExpungeOffsetsTest {
    private static final int MESSAGES = 40;

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
    void whileOffsetsAreOwedTheIndexNeverClaimsToMatchTheFile() throws Exception {
        Path box = dir.resolve("owed.mtx");
        store = StoreFixture.store(dir, "owed");
        store.create(box, MailboxFormat.MTX);
        String key;
        try (OpenMailbox m = store.open(box, false)) {
            key = m.key;
            fill(m);
            expunge(m, 3L);
            IndexedMailbox indexed = store.book().load(m.key).orElseThrow();
            assertThat(indexed.state().snapshot().size()).isNotEqualTo(Files.size(box));
            assertThat(indexed.messages()).extracting(IndexedMessage::uid).doesNotContain(3L).hasSize(MESSAGES - 1);
            // Later writes (a flag change, an append) still do not claim the file: some rows are still stale.
            m.updateFlags(List.of(30L), new FlagChange(FlagChange.Mode.ADD, SystemFlags.FLAGGED, Set.of()));
            m.append(List.of(AppendRequest.of(text(MESSAGES + 1))));
            indexed = store.book().load(m.key).orElseThrow();
            assertThat(indexed.state().snapshot().size()).isNotEqualTo(Files.size(box));
            assertThat(indexed.state().uidNext()).isEqualTo(MESSAGES + 2L);
        }
        // Closed by its last user: the owed rows are written and the index matches the file again.
        IndexedMailbox indexed = store.book().load(key).orElseThrow();
        assertThat(indexed.state().snapshot().size()).isEqualTo(Files.size(box));
        List<Long> offsets = recordOffsets(box);
        assertThat(indexed.messages()).extracting(IndexedMessage::offset).containsExactlyElementsOf(offsets);
    }

    @Test
    void aProcessThatDiesWithOffsetsOwedLeavesAnIndexTheNextOpenRecoversByParsing() throws Exception {
        for (MailboxFormat format : MailboxFormat.values()) {
            Path box = dir.resolve("crash." + format.name().toLowerCase());
            store = StoreFixture.store(dir, "crash-" + format);
            store.create(box, format);
            long validity;
            try (OpenMailbox m = store.open(box, false)) {
                fill(m);
                validity = m.status().uidValidity();
            }
            OpenMailbox m = store.open(box, false); // warm: table snapshot of the close above
            expunge(m, 2L, 17L);
            m.updateFlags(List.of(25L), new FlagChange(FlagChange.Mode.ADD, SystemFlags.ANSWERED, Set.of()));
            // As if the process died now: the close writes neither the owed rows nor a table snapshot.
            m.broken = true;
            m.close();
            store.close();
            Files.deleteIfExists(TableSnapshot.fileFor(dir.resolve("data-crash-" + format), m.key));

            store = StoreFixture.store(dir, "crash-" + format);
            try (OpenMailbox again = store.open(box, false)) {
                assertThat(again.status().uidValidity()).isEqualTo(validity);
                List<MessageInfo> msgs = again.messages();
                assertThat(msgs).extracting(MessageInfo::uid).doesNotContain(2L, 17L).hasSize(MESSAGES - 2);
                for (MessageInfo info : msgs) {
                    assertThat(new String(again.content(info.uid()), StandardCharsets.US_ASCII))
                            .contains("message " + info.uid() + " of the test");
                }
                assertThat(msgs.stream().filter(i -> i.uid() == 25L).findFirst().orElseThrow()
                        .has(SystemFlags.ANSWERED)).isTrue();
            }
            store.close();
            store = null;
        }
    }

    @Test
    void afterACleanCloseAWarmOpenFromTheIndexRowsAloneServesTheRightMessages() throws Exception {
        Path box = dir.resolve("warm.mtx");
        store = StoreFixture.store(dir, "warm");
        store.create(box, MailboxFormat.MTX);
        String key;
        try (OpenMailbox m = store.open(box, false)) {
            fill(m);
            expunge(m, 1L);
            expunge(m, 20L, 21L);
            key = m.key;
        }
        store.close();
        // Without the table snapshot the open must take the rows from the index; the file is unchanged, so it parses
        // nothing and trusts the offsets written at the close.
        Files.delete(TableSnapshot.fileFor(dir.resolve("data-warm"), key));
        store = StoreFixture.store(dir, "warm");
        try (OpenMailbox m = store.open(box, false)) {
            List<MessageInfo> msgs = m.messages();
            assertThat(msgs).extracting(MessageInfo::uid).doesNotContain(1L, 20L, 21L).hasSize(MESSAGES - 3);
            for (MessageInfo info : msgs) {
                assertThat(new String(m.content(info.uid()), StandardCharsets.US_ASCII))
                        .contains("message " + info.uid() + " of the test");
            }
        }
    }

    private static void fill(OpenMailbox m) throws Exception {
        List<AppendRequest> batch = new ArrayList<>();
        for (int i = 1; i <= MESSAGES; i++) {
            batch.add(AppendRequest.of(text(i)));
        }
        m.append(batch);
    }

    private static byte[] text(int i) {
        return ("Subject: m" + i + "\r\n\r\nmessage " + i + " of the test" + "x".repeat(i * 7) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static void expunge(OpenMailbox m, Long... uids) throws Exception {
        m.updateFlags(List.of(uids), new FlagChange(FlagChange.Mode.ADD, SystemFlags.DELETED, Set.of()));
        assertThat(m.expunge(List.of(uids))).containsExactly(uids);
    }

    /** Where each record starts, read from the mtx file itself: header line "date,size;flags\r\n" then size bytes. */
    private static List<Long> recordOffsets(Path box) throws Exception {
        byte[] all = Files.readAllBytes(box);
        List<Long> out = new ArrayList<>();
        int at = 0;
        while (at < all.length) {
            out.add((long) at);
            int eol = at;
            while (all[eol] != '\n') {
                eol++;
            }
            String line = new String(all, at, eol - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(line.substring(line.indexOf(',') + 1, line.indexOf(';')));
            at = eol + 1 + size;
        }
        return out;
    }
}

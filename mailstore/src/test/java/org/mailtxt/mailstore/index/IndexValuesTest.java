package org.mailtxt.mailstore.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailtxt.mailstore.index.Fixtures.INBOX;
import static org.mailtxt.mailstore.index.Fixtures.message;
import static org.mailtxt.mailstore.index.Fixtures.snapshot;
import static org.mailtxt.mailstore.index.Fixtures.stateAfter;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is refused before the database, with a message that says what is wrong. */
class IndexValuesTest {

    @TempDir
    Path dir;

    @Test
    void mailboxKeysMustBeNonBlankTextWithoutNul() throws IndexException {
        try (MailboxIndex index = H2MailboxIndex.open(dir)) {
            assertThatThrownBy(() -> index.load(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("mailbox key must not be null");
            assertThatThrownBy(() -> index.create(" \t", 1, snapshot(0))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must not be blank");
            assertThatThrownBy(() -> index.delete("a\0b")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("NUL");
            assertThatThrownBy(() -> index.rename(INBOX, "x".repeat(4097)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 4096");
            assertThatThrownBy(() -> index.apply(INBOX, null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> index.reset(INBOX, stateAfter(2, 1), Arrays.asList(message(1, 0), null)))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("at index 1");
            assertThatThrownBy(() -> index.create(INBOX, 0, snapshot(0))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("UIDVALIDITY must be 1..4294967295, not 0");
            assertThat(index.list()).isEmpty();
        }
    }

    @Test
    void messagesRefuseImpossibleValues() {
        assertRefused(() -> new IndexedMessage(0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0), "uid must be 1..4294967295, not 0");
        assertRefused(() -> new IndexedMessage(1L << 32, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0), "uid must be");
        assertRefused(() -> new IndexedMessage(1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0), "modSeq of uid 1 must be at least 1");
        assertRefused(() -> new IndexedMessage(1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, -5),
                "saveDateEpochSeconds of uid 1 must be at least 0 (0: unknown), not -5");
        assertRefused(() -> new IndexedMessage(1, 1, -1, 1, 0, 0, 0, 0, 0, 0, 0), "offset of uid 1 must be at least 0");
        assertRefused(() -> new IndexedMessage(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0), "headerLineLength");
        assertRefused(() -> new IndexedMessage(1, 1, 0, 1, -1, 0, 0, 0, 0, 0, 0), "size of uid 1");
        assertRefused(() -> new IndexedMessage(1, 1, 0, 1, 0, -1, 0, 0, 0, 0, 0), "rfc822Size");
        assertRefused(() -> new IndexedMessage(1, 1, 0, 1, 0, 0, 0, 1081, 0, 0, 0), "zoneOffsetMinutes");
        assertRefused(() -> new IndexedMessage(1, 1, 0, 1, 0, 0, 0, 0, 0, 1 << 30, 0), "userFlags of uid 1");
        assertRefused(() -> new IndexedMessage(1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 64), "systemFlags of uid 1");
        assertRefused(() -> message(1, 0).withOffset(-5), "offset");
    }

    @Test
    void statesAndSnapshotsRefuseImpossibleValues() {
        assertRefused(() -> new MailboxState(1L << 32, 1, 1, snapshot(0)), "UIDVALIDITY");
        assertRefused(() -> new MailboxState(1, 0, 1, snapshot(0)), "UIDNEXT must be 1..4294967296, not 0");
        assertRefused(() -> new MailboxState(1, (1L << 32) + 1, 1, snapshot(0)), "UIDNEXT");
        assertRefused(() -> new MailboxState(1, 1, 0, snapshot(0)), "HIGHESTMODSEQ must be at least 1");
        assertThatThrownBy(() -> new MailboxState(1, 1, 1, null)).isInstanceOf(NullPointerException.class);
        assertRefused(() -> new FileSnapshot(1, 1, -1, 0, 0, "TENEX"), "file size must be at least 0");
        assertRefused(() -> new FileSnapshot(1, 1, 0, 0, 0, "mbox"), "format must be TENEX or MTX, not 'mbox'");
        assertRefused(() -> new FileSnapshot(1, 1, 0, 0, 0, "tenex"), "format must be TENEX or MTX");
        assertThatThrownBy(() -> new FileSnapshot(1, 1, 0, 0, 0, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void changesAndMailboxesRefuseMissingOrMisorderedParts() {
        assertThatThrownBy(() -> new IndexChange(null, List.of(), List.of(), List.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("newState");
        assertThatThrownBy(() -> new IndexChange(stateAfter(1, 1), null, List.of(), List.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("inserted");
        assertThatThrownBy(() -> new IndexChange(stateAfter(1, 1), List.of(), List.of(), Arrays.asList(1L, null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("expungedUids");
        assertRefused(() -> new IndexedMailbox(1, INBOX, stateAfter(1, 2), KeywordTable.EMPTY,
                List.of(message(2, 1), message(1, 0))), "in UID order");
        assertRefused(() -> new IndexedMailbox(1, "", stateAfter(1, 0), KeywordTable.EMPTY, List.of()), "blank");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}

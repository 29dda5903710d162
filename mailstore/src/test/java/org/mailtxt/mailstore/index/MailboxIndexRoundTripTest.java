package org.mailtxt.mailstore.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailtxt.mailstore.index.Fixtures.INBOX;
import static org.mailtxt.mailstore.index.Fixtures.message;
import static org.mailtxt.mailstore.index.Fixtures.messages;
import static org.mailtxt.mailstore.index.Fixtures.snapshot;
import static org.mailtxt.mailstore.index.Fixtures.stateAfter;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailboxIndexRoundTripTest {

    @TempDir
    Path dir;
    MailboxIndex index;

    @BeforeEach
    void open() throws IndexException {
        index = H2MailboxIndex.open(dir);
    }

    @AfterEach
    void close() throws IndexException {
        index.close();
    }

    @Test
    void aCreatedMailboxLoadsEmptyWithUidNextOne() throws IndexException {
        IndexedMailbox created = index.create(INBOX, 1_700_000_000L, snapshot(0));

        IndexedMailbox loaded = index.load(INBOX).orElseThrow();

        assertThat(loaded).isEqualTo(created);
        assertThat(loaded.state()).isEqualTo(new MailboxState(1_700_000_000L, 1, 1, snapshot(0)));
        assertThat(loaded.messages()).isEmpty();
        assertThat(loaded.keywords()).isEqualTo(KeywordTable.EMPTY);
    }

    @Test
    void aMailboxThatWasNeverCreatedLoadsAsEmpty() throws IndexException {
        assertThat(index.load(INBOX)).isEmpty();
    }

    @Test
    void appliedInsertsUpdatesAndExpungesAreWhatLoadReturns() throws IndexException {
        index.create(INBOX, 7, snapshot(0));
        index.apply(INBOX, new IndexChange(stateAfter(7, 4), messages(4), List.of(), List.of()));

        // another process expunged message 2 and set \Seen on message 3: records 3 and 4 moved up
        MailboxState after = new MailboxState(7, 5, 6, snapshot(3 * Fixtures.RECORD));
        IndexedMessage third = message(3, 1).withFlags(0, 1, 6);
        IndexedMessage fourth = message(4, 2);
        index.apply(INBOX, new IndexChange(after, List.of(), List.of(third, fourth), List.of(2L)));

        IndexedMailbox loaded = index.load(INBOX).orElseThrow();
        assertThat(loaded.state()).isEqualTo(after);
        assertThat(loaded.messages()).containsExactly(message(1, 0), third, fourth);
    }

    @Test
    void appendingOneMessageAddsItAndRaisesUidNext() throws IndexException {
        index.create(INBOX, 7, snapshot(0));
        index.apply(INBOX, IndexChange.appended(stateAfter(7, 1), message(1, 0)));
        index.apply(INBOX, IndexChange.appended(stateAfter(7, 2), message(2, 1)));

        IndexedMailbox loaded = index.load(INBOX).orElseThrow();
        assertThat(loaded.messages()).containsExactly(message(1, 0), message(2, 1));
        assertThat(loaded.state().uidNext()).isEqualTo(3);
    }

    @Test
    void messagesComeBackInUidOrderWhateverTheirOffsets() throws IndexException {
        index.create(INBOX, 7, snapshot(0));
        // Offsets against UID order: rows an expunge moved are rewritten only at close (UidBook.oweOffsets), so stored
        // offsets may lag; UID order is file order (UIDs are given in file order and records never change places).
        List<IndexedMessage> shuffled = List.of(message(5, 0), message(2, 3), message(9, 1), message(1, 2));
        index.reset(INBOX, new MailboxState(8, 10, 9, snapshot(4000)), shuffled);

        assertThat(index.load(INBOX).orElseThrow().messages()).extracting(IndexedMessage::uid)
                .containsExactly(1L, 2L, 5L, 9L);
    }

    @Test
    void resetReplacesMessagesAndStateButKeepsKeywords() throws IndexException {
        index.create(INBOX, 7, snapshot(0));
        index.apply(INBOX, new IndexChange(stateAfter(7, 3), messages(3), List.of(), List.of()));
        index.defineKeyword(INBOX, "$Junk");

        MailboxState renumbered = new MailboxState(8, 3, 2, snapshot(2000));
        index.reset(INBOX, renumbered, List.of(message(1, 0), message(2, 1)));

        IndexedMailbox loaded = index.load(INBOX).orElseThrow();
        assertThat(loaded.state()).isEqualTo(renumbered);
        assertThat(loaded.messages()).containsExactly(message(1, 0), message(2, 1));
        assertThat(loaded.keywords().names()).containsExactly("$Junk");
    }

    @Test
    void renameKeepsEverythingUnderTheNewKey() throws IndexException {
        long id = index.create(INBOX, 7, snapshot(0)).id();
        index.apply(INBOX, new IndexChange(stateAfter(7, 2), messages(2), List.of(), List.of()));
        index.defineKeyword(INBOX, "Work");

        index.rename(INBOX, "/srv/mail/u/mail/old-inbox");

        assertThat(index.load(INBOX)).isEmpty();
        IndexedMailbox moved = index.load("/srv/mail/u/mail/old-inbox").orElseThrow();
        assertThat(moved.id()).isEqualTo(id);
        assertThat(moved.messages()).containsExactlyElementsOf(messages(2));
        assertThat(moved.keywords().names()).containsExactly("Work");
    }

    @Test
    void deleteForgetsTheMailboxAndItsMessagesAndSaysWhetherItExisted() throws IndexException {
        index.create(INBOX, 7, snapshot(0));
        index.apply(INBOX, new IndexChange(stateAfter(7, 2), messages(2), List.of(), List.of()));
        index.defineKeyword(INBOX, "Work");

        assertThat(index.delete(INBOX)).isTrue();
        assertThat(index.delete(INBOX)).isFalse();
        assertThat(index.load(INBOX)).isEmpty();

        index.create(INBOX, 9, snapshot(0));
        IndexedMailbox again = index.load(INBOX).orElseThrow();
        assertThat(again.messages()).isEmpty();
        assertThat(again.keywords()).isEqualTo(KeywordTable.EMPTY);
    }

    @Test
    void listGivesAllKeysSorted() throws IndexException {
        index.create("/srv/mail/u/mail/b", 1, snapshot(0));
        index.create(INBOX, 1, snapshot(0));
        index.create("/srv/mail/u/mail/a", 1, snapshot(0));

        assertThat(index.list()).containsExactly(INBOX, "/srv/mail/u/mail/a", "/srv/mail/u/mail/b");
    }

    @Test
    void everythingSurvivesClosingAndReopeningTheDatabase() throws IndexException {
        index.create(INBOX, 4_000_000_000L, snapshot(0));
        MailboxState state = new MailboxState(4_000_000_000L, 4_294_967_296L, 1L << 40, snapshot(3000));
        List<IndexedMessage> stored = List.of(message(1, 0),
                new IndexedMessage(4_294_967_295L, 1L << 40, 1000, 41, 10, 12, -5, -600, -1, (1 << 30) - 1, 63));
        index.reset(INBOX, new MailboxState(4_000_000_001L, state.uidNext(), state.highestModSeq(),
                state.snapshot()), stored);
        index.defineKeyword(INBOX, "Work");
        index.create("/srv/mail/u/mail/sent", 2, new FileSnapshot(-1, -2, 0, -3, -4, FileSnapshot.MTX));
        IndexedMailbox before = index.load(INBOX).orElseThrow();

        index.close();
        index = H2MailboxIndex.open(dir);

        assertThat(index.load(INBOX)).contains(before);
        assertThat(index.load("/srv/mail/u/mail/sent").orElseThrow().state().snapshot())
                .isEqualTo(new FileSnapshot(-1, -2, 0, -3, -4, FileSnapshot.MTX));
        assertThat(index.list()).containsExactly(INBOX, "/srv/mail/u/mail/sent");
    }

    @Test
    void aLargeMailboxRoundTripsInOneReset() throws IndexException {
        index.create(INBOX, 7, snapshot(0));
        List<IndexedMessage> many = messages(5_000);
        index.reset(INBOX, stateAfter(8, 5_000), many);

        assertThat(index.load(INBOX).orElseThrow().messages()).containsExactlyElementsOf(many);
    }
}

package org.mailtxt.mailstore.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import org.mailtxt.mailstore.index.IndexException.Kind;

class MailboxIndexConstraintTest {

    @TempDir
    Path dir;
    MailboxIndex index;
    IndexedMailbox threeMessages;

    @BeforeEach
    void openWithThreeMessages() throws IndexException {
        index = H2MailboxIndex.open(dir);
        index.create(INBOX, 7, snapshot(0));
        index.apply(INBOX, new IndexChange(stateAfter(7, 3), messages(3), List.of(), List.of()));
        threeMessages = index.load(INBOX).orElseThrow();
    }

    @AfterEach
    void close() throws IndexException {
        index.close();
    }

    @Test
    void aNewUidAtOrAboveTheNewUidNextIsRefused() {
        assertThatThrownBy(() -> IndexChange.appended(stateAfter(7, 3), message(4, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("uid 4 is not below UIDNEXT 4");
        assertThatThrownBy(() -> index.reset(INBOX, stateAfter(8, 1), messages(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("uid 2 is not below UIDNEXT 2");
    }

    @Test
    void aNewUidBelowTheStoredUidNextIsRefusedAsReuse() {
        // uid 2 was expunged long ago; giving it to a new message would make it name two messages
        assertThatThrownBy(() -> index.apply(INBOX, IndexChange.appended(stateAfter(7, 5), message(2, 3))))
                .isInstanceOfSatisfying(IndexException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UID_REUSED);
                    assertThat(e.mailboxKey()).contains(INBOX);
                    assertThat(e).hasMessageContaining("new uid 2 is below UIDNEXT 4");
                });
        assertUnchanged();
    }

    @Test
    void aUidInsertedTwiceIsRefusedByTheConstraint() {
        IndexChange twice = new IndexChange(stateAfter(7, 5), List.of(message(4, 3), message(4, 4)), List.of(),
                List.of());
        assertThatThrownBy(() -> index.apply(INBOX, twice))
                .isInstanceOfSatisfying(IndexException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.DUPLICATE_UID);
                    assertThat(e).hasMessageContaining("uid 4 is inserted twice");
                    assertThat(e.getCause()).isNotNull();
                });
        assertThatThrownBy(() -> index.reset(INBOX, stateAfter(8, 3), List.of(message(1, 0), message(1, 1))))
                .isInstanceOfSatisfying(IndexException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DUPLICATE_UID));
        assertUnchanged();
    }

    @Test
    void aFailingApplyLeavesThePreviousStateIntact() {
        // apply expunges first, then updates, then inserts: the expunge of uid 1 succeeds before
        // the update of the unknown uid 99 fails, and must be rolled back with it
        MailboxState state = new MailboxState(7, 100, 99, snapshot(5));
        IndexChange failsHalfway = new IndexChange(state, List.of(message(4, 2)),
                List.of(message(99, 1)), List.of(1L));

        assertThatThrownBy(() -> index.apply(INBOX, failsHalfway))
                .isInstanceOfSatisfying(IndexException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_MESSAGE);
                    assertThat(e).hasMessageContaining("cannot update uid 99");
                });
        assertThatThrownBy(() -> index.apply(INBOX, new IndexChange(state, List.of(), List.of(), List.of(2L, 98L))))
                .isInstanceOfSatisfying(IndexException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_MESSAGE);
                    assertThat(e).hasMessageContaining("cannot expunge uid 98");
                });
        assertUnchanged();
    }

    @Test
    void applyCannotChangeUidValidityNorMoveUidNextOrHighestModSeqBack() {
        assertRefused(new MailboxState(8, 4, 3, snapshot(0)), "use reset to renumber");
        assertRefused(new MailboxState(7, 3, 3, snapshot(0)), "UIDNEXT would go back from 4 to 3");
        assertRefused(new MailboxState(7, 4, 2, snapshot(0)), "HIGHESTMODSEQ would go back from 3 to 2");
        assertUnchanged();
    }

    @Test
    void resetMustRaiseUidValidity() {
        assertThatThrownBy(() -> index.reset(INBOX, stateAfter(7, 0), List.of()))
                .isInstanceOfSatisfying(IndexException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID_STATE_CHANGE);
                    assertThat(e).hasMessageContaining("a reset must raise UIDVALIDITY");
                });
        assertUnchanged();
    }

    @Test
    void operationsOnAMailboxThatIsNotIndexedSayNoSuchMailbox() {
        String missing = "/srv/mail/u/mail/missing";
        assertNoSuchMailbox(() -> index.apply(missing, IndexChange.stateOnly(stateAfter(7, 0))));
        assertNoSuchMailbox(() -> index.reset(missing, stateAfter(7, 0), List.of()));
        assertNoSuchMailbox(() -> index.rename(missing, "/srv/mail/u/mail/other"));
        assertNoSuchMailbox(() -> index.defineKeyword(missing, "Work"));
    }

    @Test
    void creatingOrRenamingOntoAnIndexedKeyIsRefused() throws IndexException {
        index.create("/srv/mail/u/mail/sent", 1, snapshot(0));

        assertThatThrownBy(() -> index.create(INBOX, 9, snapshot(0)))
                .isInstanceOfSatisfying(IndexException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MAILBOX_EXISTS));
        assertThatThrownBy(() -> index.rename(INBOX, "/srv/mail/u/mail/sent"))
                .isInstanceOfSatisfying(IndexException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.MAILBOX_EXISTS);
                    assertThat(e).hasMessageContaining("already has a mailbox /srv/mail/u/mail/sent");
                });
        assertUnchanged();
    }

    @Test
    void aChangeThatNamesOneUidTwiceIsRefusedBeforeTheDatabase() {
        MailboxState state = stateAfter(7, 3);
        assertThatThrownBy(() -> new IndexChange(state, List.of(), List.of(message(1, 0)), List.of(1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uid 1 is both updated and expunged");
        assertThatThrownBy(() -> new IndexChange(state, List.of(), List.of(), List.of(2L, 2L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expunged twice");
        assertThatThrownBy(() -> new IndexChange(state, List.of(message(3, 0)), List.of(), List.of(3L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uid 3 is inserted and also");
        assertThatThrownBy(() -> new IndexChange(state, List.of(new IndexedMessage(1, 9, 0, 1, 0, 0, 0, 0, 0, 0, 0)),
                List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MODSEQ 9 above HIGHESTMODSEQ 3");
    }

    private void assertRefused(MailboxState newState, String why) {
        assertThatThrownBy(() -> index.apply(INBOX, IndexChange.stateOnly(newState)))
                .isInstanceOfSatisfying(IndexException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.INVALID_STATE_CHANGE);
                    assertThat(e).hasMessageContaining(why);
                });
    }

    private void assertNoSuchMailbox(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(IndexException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_MAILBOX);
            assertThat(e.isRebuildable()).isFalse();
            assertThat(e).hasMessageContaining("/srv/mail/u/mail/missing");
        });
    }

    private void assertUnchanged() {
        try {
            assertThat(index.load(INBOX)).contains(threeMessages);
        } catch (IndexException e) {
            throw new AssertionError(e);
        }
    }
}

package org.mailtxt.mailstore.index;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One reconcile or write of a mailbox, applied by {@link MailboxIndex#apply}
 * in one transaction: the new bookkeeping, the messages that appeared (new
 * UIDs, at or above the old UIDNEXT and below the new one), the messages that
 * moved or changed flags (same UID, new offset, flags or MODSEQ), and the UIDs
 * that were expunged. Appending one message is a change with one inserted
 * message and nothing else. Immutable; thread-safe.
 *
 * @param newState the mailbox's bookkeeping after the change (UIDVALIDITY unchanged)
 * @param inserted new messages
 * @param updated messages whose row is replaced, found by UID
 * @param expungedUids UIDs whose messages are gone
 */
public record IndexChange(MailboxState newState, List<IndexedMessage> inserted, List<IndexedMessage> updated,
                          List<Long> expungedUids) {

    /**
     * Checks that the change is consistent in itself: no UID is both inserted
     * and updated or expunged, none is updated or expunged twice, every
     * message's UID is below the new UIDNEXT and its MODSEQ at most the new
     * HIGHESTMODSEQ. A UID inserted twice is left to the index's constraint,
     * which rejects it.
     */
    public IndexChange {
        Objects.requireNonNull(newState, "newState must not be null");
        inserted = List.copyOf(Checks.noNulls(inserted, "inserted"));
        updated = List.copyOf(Checks.noNulls(updated, "updated"));
        expungedUids = List.copyOf(Checks.noNulls(expungedUids, "expungedUids"));
        checkAgainst(newState, inserted, "inserted");
        checkAgainst(newState, updated, "updated");
        Set<Long> touched = new HashSet<>();
        for (IndexedMessage message : updated) {
            if (!touched.add(message.uid())) {
                throw new IllegalArgumentException("uid " + message.uid() + " is updated twice in one change");
            }
        }
        for (long uid : expungedUids) {
            if (!touched.add(uid)) {
                throw new IllegalArgumentException("uid " + uid + " is both updated and expunged, or expunged twice");
            }
        }
        for (IndexedMessage message : inserted) {
            if (touched.contains(message.uid())) {
                throw new IllegalArgumentException("uid " + message.uid()
                        + " is inserted and also updated or expunged in one change");
            }
        }
    }

    /**
     * @param newState the bookkeeping after the append (UIDNEXT above the message's UID)
     * @param message the appended message
     * @return a change that inserts one message
     */
    public static IndexChange appended(MailboxState newState, IndexedMessage message) {
        return new IndexChange(newState, List.of(message), List.of(), List.of());
    }

    /**
     * @param newState the new bookkeeping, e.g. only a new file snapshot
     * @return a change of the bookkeeping alone
     */
    public static IndexChange stateOnly(MailboxState newState) {
        return new IndexChange(newState, List.of(), List.of(), List.of());
    }

    /**
     * Checks messages against the state they are stored with: UID below UIDNEXT, MODSEQ at most HIGHESTMODSEQ.
     *
     * @param state the state
     * @param messages the messages
     * @param role how the caller names them, for the message
     */
    static void checkAgainst(MailboxState state, List<IndexedMessage> messages, String role) {
        for (IndexedMessage message : messages) {
            if (message.uid() >= state.uidNext()) {
                throw new IllegalArgumentException(role + " uid " + message.uid() + " is not below UIDNEXT "
                        + state.uidNext() + "; raise UIDNEXT with the messages it numbers");
            }
            if (message.modSeq() > state.highestModSeq()) {
                throw new IllegalArgumentException(role + " uid " + message.uid() + " has MODSEQ " + message.modSeq()
                        + " above HIGHESTMODSEQ " + state.highestModSeq());
            }
        }
    }
}

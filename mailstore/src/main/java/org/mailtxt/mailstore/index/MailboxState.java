package org.mailtxt.mailstore.index;

import java.util.Objects;

/**
 * The per-mailbox UID bookkeeping that no tenex/mtx file can hold (spec
 * {@code tenex-mtx-format.md} §11): UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ,
 * with the file state they were last reconciled with. Read by
 * {@link MailboxIndex#load} and written by {@link MailboxIndex#apply} and
 * {@link MailboxIndex#reset}. Immutable; thread-safe.
 *
 * @param uidValidity the mailbox's UIDVALIDITY, 1 to 2<sup>32</sup>−1 (IMAP's nz-number)
 * @param uidNext the UID the next new message gets, 1 to 2<sup>32</sup>; every message's UID is below it
 * @param highestModSeq the mailbox's HIGHESTMODSEQ, at least 1 and at least every message's MODSEQ
 * @param snapshot the file state this bookkeeping was reconciled with
 */
public record MailboxState(long uidValidity, long uidNext, long highestModSeq, FileSnapshot snapshot) {

    /** Largest UID and UIDVALIDITY: IMAP numbers are unsigned 32-bit. */
    public static final long MAX_UID = 0xFFFF_FFFFL;

    /** Checks the values; see the record components. */
    public MailboxState {
        if (uidValidity < 1 || uidValidity > MAX_UID) {
            throw new IllegalArgumentException("UIDVALIDITY must be 1.." + MAX_UID + ", not " + uidValidity);
        }
        if (uidNext < 1 || uidNext > MAX_UID + 1) {
            throw new IllegalArgumentException("UIDNEXT must be 1.." + (MAX_UID + 1) + ", not " + uidNext);
        }
        if (highestModSeq < 1) {
            throw new IllegalArgumentException("HIGHESTMODSEQ must be at least 1, not " + highestModSeq);
        }
        Objects.requireNonNull(snapshot, "snapshot must not be null");
    }

    /**
     * @param uidValidity the new mailbox's UIDVALIDITY
     * @param snapshot the file it indexes
     * @return the state of a mailbox with no messages yet: UIDNEXT 1, HIGHESTMODSEQ 1
     */
    public static MailboxState initial(long uidValidity, FileSnapshot snapshot) {
        return new MailboxState(uidValidity, 1, 1, snapshot);
    }
}

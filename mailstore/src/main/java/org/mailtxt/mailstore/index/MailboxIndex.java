package org.mailtxt.mailstore.index;

import java.util.List;
import java.util.Optional;

/**
 * The UID bookkeeping of mailbox files that cannot store UIDs (spec
 * {@code tenex-mtx-format.md} §11; ARCHITECTURE.md decisions 3 and 4): per
 * mailbox UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ, the file state last reconciled
 * with and the keyword table; per message its UID, MODSEQ, position, sizes,
 * internal date, fingerprint and flags as last seen. The file is the truth;
 * this is a rebuildable record, and deleting it loses no mail. Used by the
 * open mailbox, which reconciles the file with {@link #load} and records every
 * write and every external change with {@link #apply}.
 *
 * <p>A mailbox is named by its key, the canonical path of its file; a rename
 * of the file is a {@link #rename} here. Every operation is atomic: it
 * happens entirely or, when it throws, not at all. Keeping UIDs strictly
 * increasing is the caller's job; the index enforces what it can see: a new
 * message's UID is at least the stored UIDNEXT and below the new one, no UID
 * is stored twice, UIDNEXT and HIGHESTMODSEQ never go back, and UIDVALIDITY
 * changes only by {@link #reset}, upwards.
 *
 * <p>Implementations are thread-safe: any thread may call any operation at
 * any time; operations do not interleave (each is one transaction), and the
 * returned values are immutable. {@link #close} waits for a running operation;
 * operations after it fail with {@link IndexException.Kind#CLOSED}. Invalid
 * arguments fail with {@link IllegalArgumentException} or
 * {@link NullPointerException} before the database is touched.
 *
 * @see H2MailboxIndex
 */
public interface MailboxIndex extends AutoCloseable {

    /**
     * @param mailboxKey the mailbox key
     * @return the mailbox's bookkeeping, keyword table and messages in file
     *     order, or empty when the mailbox is not indexed (never seen, or the
     *     index was rebuilt)
     * @throws IndexException when the database fails
     */
    Optional<IndexedMailbox> load(String mailboxKey) throws IndexException;

    /**
     * The mailbox's bookkeeping and keyword table without its messages (one row): enough to decide whether a cached
     * copy of the message table is still current.
     *
     * @param mailboxKey the mailbox key
     * @return the mailbox with an empty message list, or empty when it is not indexed
     * @throws IndexException when the index cannot be read
     */
    Optional<IndexedMailbox> loadSummary(String mailboxKey) throws IndexException;

    /**
     * Starts indexing a mailbox: no messages, UIDNEXT 1, HIGHESTMODSEQ 1, no keywords.
     *
     * @param mailboxKey the mailbox key
     * @param uidValidity its UIDVALIDITY, 1 to 2<sup>32</sup>−1 (after a rebuild, above any given before)
     * @param snapshot the file's state
     * @return the new, empty mailbox
     * @throws IndexException ({@code MAILBOX_EXISTS}) when the key is already indexed
     */
    IndexedMailbox create(String mailboxKey, long uidValidity, FileSnapshot snapshot) throws IndexException;

    /**
     * Records a change of the mailbox in one transaction: expunged UIDs are
     * removed, updated messages replaced, new messages inserted and the
     * bookkeeping replaced by {@link IndexChange#newState()}.
     *
     * @param mailboxKey the mailbox key
     * @param change the change
     * @throws IndexException {@code NO_SUCH_MAILBOX}; {@code NO_SUCH_MESSAGE} when an updated or
     *     expunged UID is not stored; {@code UID_REUSED} when a new UID is below the stored UIDNEXT;
     *     {@code DUPLICATE_UID}; {@code INVALID_STATE_CHANGE} when UIDVALIDITY would change or UIDNEXT or
     *     HIGHESTMODSEQ go back. Nothing is changed then.
     */
    void apply(String mailboxKey, IndexChange change) throws IndexException;

    /**
     * Replaces a mailbox's bookkeeping and all its messages, for a file that
     * was replaced beyond recognition. The keyword table is kept: it binds
     * names to bits of the file format, not to messages.
     *
     * @param mailboxKey the mailbox key
     * @param newState the new bookkeeping; its UIDVALIDITY must be above the stored one
     * @param messages all messages of the file, UIDs below the new UIDNEXT
     * @throws IndexException {@code NO_SUCH_MAILBOX}; {@code INVALID_STATE_CHANGE} when UIDVALIDITY does
     *     not go up; {@code DUPLICATE_UID}. Nothing is changed then.
     */
    void reset(String mailboxKey, MailboxState newState, List<IndexedMessage> messages) throws IndexException;

    /**
     * Follows a rename of the mailbox file: everything stays, under the new key.
     *
     * @param oldKey the key now
     * @param newKey the key after; must not be indexed yet
     * @throws IndexException {@code NO_SUCH_MAILBOX} for the old key, {@code MAILBOX_EXISTS} for the new
     */
    void rename(String oldKey, String newKey) throws IndexException;

    /**
     * Forgets a mailbox: bookkeeping, keywords and messages.
     *
     * @param mailboxKey the mailbox key
     * @return whether it was indexed
     * @throws IndexException when the database fails
     */
    boolean delete(String mailboxKey) throws IndexException;

    /**
     * Binds a keyword to the mailbox's next free keyword number, or finds the
     * number it already has (names match ignoring case). Number {@code k} is
     * user-flag bit {@code 29 − k} of the file's header lines (spec §2.4).
     *
     * @param mailboxKey the mailbox key
     * @param name the keyword, an IMAP atom of at most 50 characters (see {@link KeywordTable})
     * @return its keyword number, 0 to 29
     * @throws IndexException {@code NO_SUCH_MAILBOX}; {@code KEYWORD_TABLE_FULL} when 30 other keywords
     *     are defined
     */
    int defineKeyword(String mailboxKey, String name) throws IndexException;

    /**
     * @return the keys of all indexed mailboxes, sorted
     * @throws IndexException when the database fails
     */
    List<String> list() throws IndexException;

    /**
     * Closes the index after the running operation; closing twice does nothing.
     *
     * @throws IndexException when the database fails to close cleanly (the next open recovers it)
     */
    @Override
    void close() throws IndexException;
}

package org.mailtxt.mailstore.index;

import java.util.List;
import java.util.Objects;

/**
 * Everything the index holds for one mailbox, as {@link MailboxIndex#load}
 * returns it: its bookkeeping, its keyword table and its messages in file
 * order, ready for the open mailbox to reconcile with the file. Immutable;
 * thread-safe.
 *
 * @param id the index's own number for the mailbox (stable across renames, never reused while it exists)
 * @param key the mailbox key (canonical path of the file)
 * @param state UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and the file state they match
 * @param keywords the keyword table
 * @param messages the messages in UID order, which is file order (UIDs are given in file order and records never
 *                 change places); their offsets are the file's only when {@code state}'s snapshot matches it (an
 *                 expunge's moved rows are written when the mailbox closes)
 */
public record IndexedMailbox(long id, String key, MailboxState state, KeywordTable keywords,
                             List<IndexedMessage> messages) {

    /** Checks the values; the messages must be in UID order. */
    public IndexedMailbox {
        Checks.mailboxKey(key);
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(keywords, "keywords must not be null");
        messages = List.copyOf(Objects.requireNonNull(messages, "messages must not be null"));
        for (int i = 1; i < messages.size(); i++) {
            IndexedMessage previous = messages.get(i - 1);
            IndexedMessage message = messages.get(i);
            if (previous.uid() >= message.uid()) {
                throw new IllegalArgumentException("messages of " + key + " must be in UID order: uid "
                        + message.uid() + " follows uid " + previous.uid());
            }
        }
    }
}

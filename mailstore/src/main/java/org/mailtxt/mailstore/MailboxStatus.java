package org.mailtxt.mailstore;

import java.util.Set;

/**
 * Counts and UID bookkeeping of a mailbox at one instant.
 *
 * @param messages number of messages
 * @param recent messages not yet claimed as \Recent
 * @param unseen messages without \Seen
 * @param uidValidity UIDVALIDITY
 * @param uidNext UIDNEXT
 * @param highestModSeq HIGHESTMODSEQ
 * @param keywords the keyword names defined for this mailbox
 */
public record MailboxStatus(int messages, int recent, int unseen, long uidValidity, long uidNext, long highestModSeq,
                            Set<String> keywords) {
    public MailboxStatus {
        keywords = Set.copyOf(keywords);
    }
}

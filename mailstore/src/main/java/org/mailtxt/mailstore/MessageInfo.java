package org.mailtxt.mailstore;

import java.time.Instant;
import java.util.Set;
import org.mailtxt.mailstore.format.InternalDate;
import org.mailtxt.mailstore.format.SystemFlags;

/**
 * One message of an open mailbox as IMAP sees it: a snapshot, immutable.
 *
 * @param uid its UID, stable across opens and external changes
 * @param modSeq the MODSEQ of its last flag change
 * @param internalDate the internal date of its header line
 * @param rfc822Size its size with CR LF newlines, as IMAP reports RFC822.SIZE
 * @param systemFlags the system flag bits of {@link SystemFlags} (the old bit included)
 * @param keywords its keywords, by name
 * @param recent true if no session has claimed it as \Recent yet ({@link OpenMailbox#claimRecent()})
 * @param saveDate when it was saved into this mailbox (RFC 8514): appended, copied or moved here, or first seen here
 *     when another process wrote it; its internal date when that is not known (a mailbox indexed afresh)
 */
public record MessageInfo(long uid, long modSeq, InternalDate internalDate, long rfc822Size, int systemFlags,
                          Set<String> keywords, boolean recent, Instant saveDate) {
    public MessageInfo {
        keywords = Set.copyOf(keywords);
        java.util.Objects.requireNonNull(saveDate, "saveDate");
    }

    /** True if the flag bit of {@link SystemFlags} is set. */
    public boolean has(int systemFlag) {
        return (systemFlags & systemFlag) != 0;
    }
}

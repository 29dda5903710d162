package org.mailtxt.mailstore;

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
 */
public record MessageInfo(long uid, long modSeq, InternalDate internalDate, long rfc822Size, int systemFlags,
                          Set<String> keywords, boolean recent) {
    public MessageInfo {
        keywords = Set.copyOf(keywords);
    }

    /** True if the flag bit of {@link SystemFlags} is set. */
    public boolean has(int systemFlag) {
        return (systemFlags & systemFlag) != 0;
    }
}

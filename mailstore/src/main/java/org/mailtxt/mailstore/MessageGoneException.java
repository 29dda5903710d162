package org.mailtxt.mailstore;

import java.nio.file.Path;

/**
 * The text of a message was asked for after it left the mailbox (expunged by this JVM longer ago than the text is
 * kept for late readers, or by compaction racing the request). Callers that scan many messages (SEARCH) skip such a
 * message; a FETCH of it fails. Immutable.
 */
public final class MessageGoneException extends MailboxException {
    private static final long serialVersionUID = 1L;
    private final long uid;

    public MessageGoneException(Path mailbox, long uid) {
        super(mailbox, "no message with UID " + uid + " (expunged)");
        this.uid = uid;
    }

    /** The UID that is gone. */
    public long uid() {
        return uid;
    }
}

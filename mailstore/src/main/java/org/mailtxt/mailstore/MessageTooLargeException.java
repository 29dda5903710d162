package org.mailtxt.mailstore;

import java.nio.file.Path;

/** An append bigger than the configured maximum message size. */
public class MessageTooLargeException extends MailboxException {
    private static final long serialVersionUID = 1L;

    public MessageTooLargeException(Path mailbox, long size, long limit) {
        super(mailbox, "message of " + size + " bytes exceeds the maximum message size of " + limit + " bytes");
    }
}

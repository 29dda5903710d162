package org.mailtxt.mailstore;

import java.io.IOException;
import java.nio.file.Path;

/** Base of the mailstore's errors about one mailbox: the message names the file and says what to do. */
public class MailboxException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path mailbox;

    public MailboxException(Path mailbox, String message) {
        super(mailbox + ": " + message);
        this.mailbox = mailbox;
    }

    public MailboxException(Path mailbox, String message, Throwable cause) {
        super(mailbox + ": " + message, cause);
        this.mailbox = mailbox;
    }

    /** The mailbox file concerned. */
    public Path mailbox() {
        return mailbox;
    }
}

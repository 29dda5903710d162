package org.mailtxt.mailstore;

import java.nio.file.Path;

/** The name leads to something mailtxt must not treat as a mailbox (a symbolic link, a directory, a device). */
public class UnsafeMailboxException extends MailboxException {
    private static final long serialVersionUID = 1L;

    public UnsafeMailboxException(Path mailbox, String why) {
        super(mailbox, why);
    }
}

package org.mailtxt.mailstore;

import java.nio.file.Path;

/** The mailbox file does not exist (IMAP's [TRYCREATE] for an append). */
public class MailboxNotFoundException extends MailboxException {
    private static final long serialVersionUID = 1L;

    public MailboxNotFoundException(Path mailbox) {
        super(mailbox, "no such mailbox");
    }
}

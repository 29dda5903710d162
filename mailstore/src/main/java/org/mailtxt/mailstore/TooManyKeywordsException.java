package org.mailtxt.mailstore;

import java.nio.file.Path;

/** A 31st keyword: tenex and mtx have 30 user-flag bits and no more. */
public class TooManyKeywordsException extends MailboxException {
    private static final long serialVersionUID = 1L;

    public TooManyKeywordsException(Path mailbox, String keyword) {
        super(mailbox, "cannot define keyword '" + keyword + "': all 30 keyword bits of this mailbox are in use"
                + " (a limit of the tenex/mtx format); remove an unused keyword from the keyword list instead");
    }
}

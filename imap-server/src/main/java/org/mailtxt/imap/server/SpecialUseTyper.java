package org.mailtxt.imap.server;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.MailboxType;
import org.apache.james.imap.api.process.MailboxTyper;
import org.apache.james.mailbox.model.MailboxPath;
import org.mailtxt.imap.mailbox.MailboxLayout;
import org.mailtxt.imap.mailbox.SpecialUse;

/**
 * Tells James's LIST which special-use attribute a mailbox has (LIST ... RETURN (SPECIAL-USE)), from
 * {@link SpecialUse}. James's own typer knows Spam but not Junk, so the Junk mailbox mailtxt provisions would have
 * carried no {@code \Junk}. Stateless; thread-safe.
 */
final class SpecialUseTyper implements MailboxTyper {
    @Override
    public MailboxType getMailboxType(ImapSession session, MailboxPath path) {
        if (path.getName().equalsIgnoreCase(MailboxLayout.INBOX)) {
            return MailboxType.INBOX;
        }
        return SpecialUse.of(path.getName()).map(use -> switch (use) {
            case SENT -> MailboxType.SENT;
            case DRAFTS -> MailboxType.DRAFTS;
            case TRASH -> MailboxType.TRASH;
            case JUNK -> MailboxType.SPAM; // James's SPAM type is written \Junk under RFC 6154
            case ARCHIVE -> MailboxType.ARCHIVE;
        }).orElse(MailboxType.OTHER);
    }
}

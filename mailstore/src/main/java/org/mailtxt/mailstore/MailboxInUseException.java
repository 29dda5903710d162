package org.mailtxt.mailstore;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.mailtxt.locking.LockHolder;

/**
 * Another <em>process</em> has the mailbox open, so an expunge, rename or delete is refused (c-client's rule:
 * records must not move under a reader's cached offsets). Sessions of this JVM never cause it. IMAP answers it with
 * {@code NO [INUSE]}.
 */
public class MailboxInUseException extends MailboxException {
    private static final long serialVersionUID = 1L;
    private final transient List<LockHolder> holders;

    public MailboxInUseException(Path mailbox, String operation, List<LockHolder> holders) {
        super(mailbox, "is in use by " + describe(holders) + "; " + operation + " refused, try again when it is closed");
        this.holders = List.copyOf(holders);
    }

    /** The other processes seen holding the mailbox. */
    public List<LockHolder> holders() {
        return holders;
    }

    private static String describe(List<LockHolder> holders) {
        return holders.isEmpty() ? "another process" : holders.stream().map(LockHolder::describe)
                .collect(Collectors.joining(", "));
    }
}

package org.mailtxt.mailstore;

import java.nio.file.Path;
import java.util.List;

/**
 * What changed in a mailbox, as reported to {@link MailboxListener}s: by this JVM or found in the file after another
 * process wrote it.
 *
 * @param mailbox the mailbox file
 * @param uidValidity the UIDVALIDITY the UIDs belong to
 * @param added new messages, in UID order
 * @param expunged UIDs of removed messages
 * @param flagsChanged messages whose flags changed (their new state)
 * @param external true if another process made the change
 */
public record MailboxChange(Path mailbox, long uidValidity, List<MessageInfo> added, List<Long> expunged,
                            List<MessageInfo> flagsChanged, boolean external) {
    public MailboxChange {
        added = List.copyOf(added);
        expunged = List.copyOf(expunged);
        flagsChanged = List.copyOf(flagsChanged);
    }

    /** True if nothing is reported. */
    public boolean isEmpty() {
        return added.isEmpty() && expunged.isEmpty() && flagsChanged.isEmpty();
    }
}

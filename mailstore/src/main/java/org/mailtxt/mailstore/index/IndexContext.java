package org.mailtxt.mailstore.index;

/**
 * What an index operation is doing and to which mailbox, so that every
 * refusal it raises names the index, the mailbox and the action. Immutable;
 * thread-safe.
 *
 * @param location where the index is
 * @param mailboxKey the mailbox, or null for an operation on the whole index
 * @param description the operation and its object, e.g. "apply /srv/mail/u/INBOX"
 */
record IndexContext(String location, String mailboxKey, String description) {

    IndexException refuse(IndexException.Kind kind, String why) {
        return refuse(kind, why, null);
    }

    IndexException refuse(IndexException.Kind kind, String why, Throwable cause) {
        return IndexException.refused(kind, this, why, cause);
    }
}

package org.mailtxt.imap.mailbox;

import java.util.UUID;
import org.apache.james.mailbox.model.MessageId;

/**
 * A message id for James (by-id access and threads are not offered over IMAP; the id only has to be unique): a
 * random UUID for new messages, or one derived from mailbox, UIDVALIDITY and UID for messages found in the files.
 * Immutable.
 */
public final class MailtxtMessageId implements MessageId {
    private final String value;

    private MailtxtMessageId(String value) {
        this.value = value;
    }

    /** The id of a stored message: stable for as long as its UID is. */
    static MailtxtMessageId of(MailtxtMailboxId mailbox, long uidValidity, long uid) {
        return new MailtxtMessageId(UUID.nameUUIDFromBytes((mailbox.serialize() + "/" + uidValidity + "/" + uid)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
    }

    @Override
    public String serialize() {
        return value;
    }

    @Override
    public boolean isSerializable() {
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MailtxtMessageId other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }

    /** Generates random ids, parses serialized ones. Thread-safe. */
    public static final class Factory implements MessageId.Factory {
        @Override
        public MessageId fromString(String serialized) {
            return new MailtxtMessageId(UUID.fromString(serialized).toString());
        }

        @Override
        public MessageId generate() {
            return new MailtxtMessageId(UUID.randomUUID().toString());
        }
    }
}

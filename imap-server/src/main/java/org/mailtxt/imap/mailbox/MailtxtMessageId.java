package org.mailtxt.imap.mailbox;

import java.util.UUID;
import org.apache.james.mailbox.model.MessageId;

/**
 * A message id for James (by-id access and threads are not offered over IMAP; the id only has to be unique): a
 * random UUID for new messages, or one derived from mailbox, UIDVALIDITY and UID for messages found in the files.
 * Immutable.
 */
public final class MailtxtMessageId implements MessageId {
    /** The value, or null until first needed for a stored message (then derived from the three fields below). */
    private volatile String value;
    private final MailtxtMailboxId mailbox;
    private final long uidValidity;
    private final long uid;

    private MailtxtMessageId(String value) {
        this.value = value;
        this.mailbox = null;
        this.uidValidity = 0;
        this.uid = 0;
    }

    private MailtxtMessageId(MailtxtMailboxId mailbox, long uidValidity, long uid) {
        this.mailbox = mailbox;
        this.uidValidity = uidValidity;
        this.uid = uid;
    }

    /**
     * The id of a stored message: stable for as long as its UID is. Derived (an MD5 name-based UUID) only when first
     * used: every message James lists gets an id, few are ever looked at.
     */
    static MailtxtMessageId of(MailtxtMailboxId mailbox, long uidValidity, long uid) {
        return new MailtxtMessageId(mailbox, uidValidity, uid);
    }

    private String value() {
        String v = value;
        if (v == null) {
            v = UUID.nameUUIDFromBytes((mailbox.serialize() + "/" + uidValidity + "/" + uid)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
            value = v;
        }
        return v;
    }

    @Override
    public String serialize() {
        return value();
    }

    @Override
    public boolean isSerializable() {
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MailtxtMessageId other && other.value().equals(value());
    }

    @Override
    public int hashCode() {
        return value().hashCode();
    }

    @Override
    public String toString() {
        return value();
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

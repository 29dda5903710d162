package org.mailtxt.imap.mailbox;

import java.util.Objects;
import org.apache.james.mailbox.model.MailboxId;

/**
 * A mailbox's id for James: the owner and the mailbox name (with '/' as the hierarchy separator), which is also
 * where the file lies under the owner's mail directory. A rename gives the mailbox a new id, as the mapper contract
 * allows ({@code rename} returns the id). Immutable.
 */
public final class MailtxtMailboxId implements MailboxId {
    private final String user;
    private final String name;
    /** {@link #serialize()}'s value: James serializes ids for every message it handles. */
    private final String serialized;

    public MailtxtMailboxId(String user, String name) {
        this.user = Objects.requireNonNull(user, "user");
        this.name = Objects.requireNonNull(name, "name");
        this.serialized = user + ":" + name;
    }

    /** Parses {@link #serialize()}. */
    public static MailtxtMailboxId parse(String serialized) {
        int colon = serialized.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("not a mailtxt mailbox id: " + serialized);
        }
        return new MailtxtMailboxId(serialized.substring(0, colon), serialized.substring(colon + 1));
    }

    public String user() {
        return user;
    }

    public String name() {
        return name;
    }

    @Override
    public String serialize() {
        return serialized;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MailtxtMailboxId other && other.user.equals(user) && other.name.equals(name);
    }

    @Override
    public int hashCode() {
        return serialized.hashCode();
    }

    @Override
    public String toString() {
        return serialize();
    }
}

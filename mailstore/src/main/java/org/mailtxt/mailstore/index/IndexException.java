package org.mailtxt.mailstore.index;

import java.io.IOException;
import java.util.Optional;

/**
 * A failure of the mailbox index, with a message that says which index, which
 * mailbox, what went wrong and what to do. {@link #kind()} lets the caller act
 * on it: above all, {@link #isRebuildable()} says the index database itself is
 * unusable and may be moved aside and rebuilt from the mailbox files, which
 * loses no mail (ARCHITECTURE.md decision 4). Thrown by every operation of
 * {@link MailboxIndex}; invalid arguments are refused earlier with
 * {@link IllegalArgumentException} or {@link NullPointerException}. Immutable;
 * thread-safe.
 */
public final class IndexException extends IOException {

    /** What failed. */
    public enum Kind {
        /** The database files are unreadable or damaged; rebuild the index from the mailbox files. */
        CORRUPT,
        /** The database was written by a newer mailtxt (newer schema); upgrade, or rebuild. */
        NEWER_SCHEMA,
        /** Another process holds the database open. */
        IN_USE,
        /** The database cannot be opened or reached for another reason (permissions, disk, network). */
        UNAVAILABLE,
        /** The index has been closed. */
        CLOSED,
        /** No mailbox with that key is indexed. */
        NO_SUCH_MAILBOX,
        /** A mailbox with that key is already indexed. */
        MAILBOX_EXISTS,
        /** A change updates or expunges a UID the index does not have. */
        NO_SUCH_MESSAGE,
        /** A UID would be stored twice in one mailbox. */
        DUPLICATE_UID,
        /** A new message's UID is below the stored UIDNEXT: it could name a message seen before. */
        UID_REUSED,
        /** The new bookkeeping would go backwards (UIDNEXT, HIGHESTMODSEQ, UIDVALIDITY). */
        INVALID_STATE_CHANGE,
        /** All 30 keyword numbers of the mailbox are taken. */
        KEYWORD_TABLE_FULL,
        /** Any other database failure; the cause has the details. */
        DATABASE
    }

    private final Kind kind;
    private final String location;
    private final String mailboxKey;

    IndexException(Kind kind, String location, String mailboxKey, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.location = location;
        this.mailboxKey = mailboxKey;
    }

    /** @return what failed */
    public Kind kind() {
        return kind;
    }

    /** @return where the index is: the H2 database file, or a JDBC URL */
    public String location() {
        return location;
    }

    /** @return the mailbox the failed operation was about, if it was about one */
    public Optional<String> mailboxKey() {
        return Optional.ofNullable(mailboxKey);
    }

    /**
     * @return true when the index database itself cannot be used
     *     ({@link Kind#CORRUPT}, {@link Kind#NEWER_SCHEMA}), so the caller may
     *     move it aside and rebuild it from the mailbox files
     */
    public boolean isRebuildable() {
        return kind == Kind.CORRUPT || kind == Kind.NEWER_SCHEMA;
    }

    static IndexException corrupt(String location, Throwable cause) {
        return corrupt(location, rootMessage(cause), cause);
    }

    static IndexException corrupt(String location, String detail, Throwable cause) {
        return new IndexException(Kind.CORRUPT, location, null, "mailbox index " + location
                + " is unreadable or damaged (" + detail + "). It holds only UID bookkeeping: "
                + "move it aside or delete it and mailtxt rebuilds it from the mailbox files (no mail is lost; "
                + "clients resynchronise mailboxes whose UIDVALIDITY changes)", cause);
    }

    static IndexException newerSchema(String location, int found, int supported) {
        return new IndexException(Kind.NEWER_SCHEMA, location, null, "mailbox index " + location
                + " has schema version " + found + " but this mailtxt knows versions up to " + supported
                + ": it was written by a newer mailtxt. Run that version, or move the index aside to rebuild it "
                + "from the mailbox files", null);
    }

    static IndexException inUse(String location, Throwable cause) {
        return new IndexException(Kind.IN_USE, location, null, "mailbox index " + location
                + " is in use by another process (" + rootMessage(cause) + "); stop the other mailtxt or use "
                + "another index directory", cause);
    }

    static IndexException unavailable(String location, Throwable cause) {
        return new IndexException(Kind.UNAVAILABLE, location, null, "cannot open mailbox index " + location
                + ": " + rootMessage(cause) + "; check that the directory exists, is writable and has space", cause);
    }

    static IndexException closed(IndexContext context) {
        return new IndexException(Kind.CLOSED, context.location(), context.mailboxKey(), context.description()
                + " refused: mailbox index " + context.location() + " is closed", null);
    }

    static IndexException refused(Kind kind, IndexContext context, String why, Throwable cause) {
        return new IndexException(kind, context.location(), context.mailboxKey(), context.description()
                + " refused by mailbox index " + context.location() + ": " + why, cause);
    }

    static IndexException database(IndexContext context, Throwable cause) {
        return new IndexException(Kind.DATABASE, context.location(), context.mailboxKey(), context.description()
                + " failed in mailbox index " + context.location() + ": " + rootMessage(cause)
                + "; the transaction was rolled back", cause);
    }

    private static String rootMessage(Throwable cause) {
        if (cause == null) {
            return "no cause";
        }
        Throwable t = cause;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return t == cause ? message : cause.getMessage() + " / " + message;
    }
}

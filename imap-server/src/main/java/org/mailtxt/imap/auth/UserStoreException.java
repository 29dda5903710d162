package org.mailtxt.imap.auth;

import java.io.IOException;
import java.util.Objects;

/**
 * A refusal or failure of the {@link UserStore}, with a {@link Kind} for code and a message for people (what failed,
 * for which user, what to do). Immutable; thread-safe.
 */
public final class UserStoreException extends IOException {
    /** What went wrong. */
    public enum Kind {
        /** The user name breaks a rule of {@link UserName}. */
        INVALID_NAME,
        /** The password is empty or too long. */
        INVALID_PASSWORD,
        /** {@code create} for a name that is taken. */
        EXISTS,
        /** An operation on a user that does not exist. */
        NO_SUCH_USER,
        /** The user database is held by another process. */
        IN_USE,
        /** The user database was written by a newer mailtxt. */
        NEWER_SCHEMA,
        /** The database failed (disk, corruption, SQL). */
        DATABASE
    }

    private final Kind kind;

    UserStoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** @return what went wrong */
    public Kind kind() {
        return kind;
    }
}

package org.mailtxt.mailstore;

import java.util.Objects;
import java.util.Set;
import org.mailtxt.mailstore.format.SystemFlags;

/**
 * A STORE: add, remove or replace system flags ({@link SystemFlags} bits; the old bit is managed by the store) and
 * keywords by name.
 *
 * @param mode how the flags combine with the current ones
 * @param systemFlags system flag bits
 * @param keywords keyword names (matched case-insensitively, at most 30 distinct per mailbox)
 */
public record FlagChange(Mode mode, int systemFlags, Set<String> keywords) {
    /** IMAP's +FLAGS, -FLAGS and FLAGS. */
    public enum Mode { ADD, REMOVE, REPLACE }

    public FlagChange {
        Objects.requireNonNull(mode, "mode");
        keywords = Set.copyOf(keywords);
        if ((systemFlags & ~(SystemFlags.ALL & ~SystemFlags.OLD)) != 0) {
            throw new IllegalArgumentException("not a settable system flag combination: " + systemFlags);
        }
    }

    int applySystem(int current) {
        return switch (mode) {
            case ADD -> current | systemFlags;
            case REMOVE -> current & ~systemFlags;
            case REPLACE -> (current & SystemFlags.OLD) | systemFlags;
        };
    }

    int applyUser(int current, int bits) {
        return switch (mode) {
            case ADD -> current | bits;
            case REMOVE -> current & ~bits;
            case REPLACE -> bits;
        };
    }
}

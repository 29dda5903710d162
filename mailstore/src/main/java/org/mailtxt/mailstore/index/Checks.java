package org.mailtxt.mailstore.index;

import java.util.List;
import java.util.Objects;

/** Argument checks shared by the index's values and operations. Stateless; thread-safe. */
final class Checks {

    /** Longest mailbox key; Linux's PATH_MAX. */
    static final int MAX_KEY_LENGTH = 4096;

    private Checks() {
    }

    /**
     * @param key a mailbox key
     * @return the key
     * @throws NullPointerException when it is null
     * @throws IllegalArgumentException when it is blank, too long or holds a NUL (PostgreSQL text cannot)
     */
    static String mailboxKey(String key) {
        Objects.requireNonNull(key, "mailbox key must not be null");
        if (key.isBlank()) {
            throw new IllegalArgumentException("mailbox key must not be blank");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("mailbox key must be at most " + MAX_KEY_LENGTH + " characters, not "
                    + key.length());
        }
        if (key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("mailbox key must not contain NUL: " + key.replace('\0', '?'));
        }
        return key;
    }

    /**
     * @param list a list argument
     * @param what its name, for the message
     * @return the list
     * @throws NullPointerException when it is null or holds null
     */
    static <T> List<T> noNulls(List<T> list, String what) {
        Objects.requireNonNull(list, what + " must not be null");
        for (int i = 0; i < list.size(); i++) {
            Objects.requireNonNull(list.get(i), what + " must not contain null (at index " + i + ")");
        }
        return list;
    }
}

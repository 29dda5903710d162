package org.mailtxt.tests.load;

/**
 * The kinds of work a load client does, each timed as one IMAP command (the mix key is the lower-case name with
 * dashes). {@code EXPUNGE} first marks one of the client's own messages {@code \Deleted} with a UID STORE, which is
 * timed as a {@code STORE}, then times the EXPUNGE itself.
 */
enum Operation {
    APPEND, SELECT, FETCH_HEADERS, FETCH_BODY, SEARCH, STORE, EXPUNGE;

    String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static Operation ofKey(String key) {
        for (Operation op : values()) {
            if (op.key().equals(key.trim())) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operation '" + key + "' in --mix; known: "
                + java.util.Arrays.stream(values()).map(Operation::key).toList());
    }
}

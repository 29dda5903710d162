package org.mailtxt.mailstore.format;

import java.util.StringJoiner;

/**
 * The six system flag bits stored in the last two of the 12 flag digits
 * (spec §2.4): the value {@code S} read as a two-digit octal number.
 * {@link #OLD} is not an IMAP flag: it records that a read-write session has
 * already seen the message, so it is NOT \Recent (spec §8). Constants only;
 * thread-safe.
 */
public final class SystemFlags {

    /** \Seen. */
    public static final int SEEN = 1;
    /** \Deleted. */
    public static final int DELETED = 2;
    /** \Flagged. */
    public static final int FLAGGED = 4;
    /** \Answered. */
    public static final int ANSWERED = 8;
    /** Seen by a read-write session: not \Recent. */
    public static final int OLD = 16;
    /** \Draft. */
    public static final int DRAFT = 32;
    /** Every bit c-client knows; it ignores any other. */
    public static final int ALL = SEEN | DELETED | FLAGGED | ANSWERED | OLD | DRAFT;

    private static final String[] NAMES = {"\\Seen", "\\Deleted", "\\Flagged", "\\Answered", "old", "\\Draft"};

    private SystemFlags() {
    }

    /**
     * @param systemFlags bits of this class
     * @return the bits as names in bit order, e.g. {@code "\Seen \Flagged old"}; "" for none
     */
    public static String describe(int systemFlags) {
        StringJoiner names = new StringJoiner(" ");
        for (int bit = 0; bit < NAMES.length; bit++) {
            if ((systemFlags & (1 << bit)) != 0) {
                names.add(NAMES[bit]);
            }
        }
        return names.toString();
    }
}

package org.mailtxt.mailstore;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.mailtxt.mailstore.format.KeywordBits;

/**
 * A mailbox's keyword names bound to the 30 user-flag bits (keyword k is bit 29−k, spec §2.4), seeded from the
 * c-client style list in the configuration so that c-client tools pointed at the same list read the same names.
 * Names match case-insensitively. Bits without a name are kept in the file but not reported (c-client would erase
 * them). Not thread-safe: guarded by {@link OpenMailbox}'s state lock; new names are persisted by the caller.
 */
final class KeywordTable {
    private final String[] names = new String[KeywordBits.MAX_KEYWORDS];

    KeywordTable(String[] initial) {
        System.arraycopy(initial, 0, names, 0, Math.min(initial.length, names.length));
    }

    String[] toArray() {
        return names.clone();
    }

    /** The index k of a name, or -1. */
    int indexOf(String name) {
        for (int k = 0; k < names.length; k++) {
            if (names[k] != null && names[k].equalsIgnoreCase(name)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The user-flag bits for these names; with {@code define}, unknown names take the next free index (returned in
     * {@code added} so the caller can persist them), else they are refused.
     */
    int bitsFor(Path mailbox, Collection<String> keywords, boolean define, Set<Integer> added)
            throws TooManyKeywordsException {
        int bits = 0;
        for (String name : keywords) {
            validate(name);
            int k = indexOf(name);
            if (k < 0 && define) {
                k = firstFree();
                if (k < 0) {
                    throw new TooManyKeywordsException(mailbox, name);
                }
                names[k] = name;
                added.add(k);
            }
            if (k >= 0) {
                bits |= KeywordBits.bit(k);
            }
        }
        return bits;
    }

    /** The names of the set bits that have one. */
    Set<String> namesOf(int userFlags) {
        if (userFlags == 0) {
            return Set.of(); // most messages: no set to build (MessageInfo copies what it gets)
        }
        Set<String> out = new LinkedHashSet<>();
        for (int k : KeywordBits.indexes(userFlags)) {
            if (names[k] != null) {
                out.add(names[k]);
            }
        }
        return out;
    }

    /** Every defined name, in index order (IMAP's FLAGS response). */
    Set<String> all() {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    String nameAt(int k) {
        return names[k];
    }

    private int firstFree() {
        for (int k = 0; k < names.length; k++) {
            if (names[k] == null) {
                return k;
            }
        }
        return -1;
    }

    private static void validate(String name) {
        if (name.isEmpty() || name.length() > 50 || name.startsWith("\\")
                || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "(){%*\"\\]".indexOf(c) < 0)) {
            throw new IllegalArgumentException("not a valid keyword: '" + name + "' (IMAP atom of at most 50"
                    + " characters; c-client's lists break on longer names)");
        }
    }
}

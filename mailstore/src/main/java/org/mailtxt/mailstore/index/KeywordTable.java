package org.mailtxt.mailstore.index;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A mailbox's keyword table: which IMAP keyword each of the 30 user-flag
 * bits of tenex/mtx stands for (spec {@code tenex-mtx-format.md} §5,
 * ARCHITECTURE.md decision 6). Keyword number {@code k} is the name at
 * position {@code k}, 0 to 29, and sets bit {@code 29 − k} of the header
 * line's user flags (spec §2.4). Numbers are given out in order and never
 * change, as in c-client's keyword list; names are unique ignoring ASCII case,
 * as c-client matches them. Read from {@link IndexedMailbox#keywords()},
 * extended by {@link MailboxIndex#defineKeyword}. Immutable; thread-safe.
 *
 * @param names the keyword names, index = keyword number
 */
public record KeywordTable(List<String> names) {

    /** tenex/mtx have 30 user-flag bits, so at most 30 keywords per mailbox. */
    public static final int MAX_KEYWORDS = 30;
    /** c-client's keyword list breaks on longer names (spec §5). */
    public static final int MAX_NAME_LENGTH = 50;
    /** A table with no keywords. */
    public static final KeywordTable EMPTY = new KeywordTable(List.of());

    /** Checks the names: valid, at most 30, unique ignoring case. */
    public KeywordTable {
        names = List.copyOf(Objects.requireNonNull(names, "names must not be null"));
        if (names.size() > MAX_KEYWORDS) {
            throw new IllegalArgumentException("at most " + MAX_KEYWORDS + " keywords fit in tenex/mtx, not "
                    + names.size());
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(fold(checkName(name)))) {
                throw new IllegalArgumentException("keyword '" + name + "' appears twice (names ignore case)");
            }
        }
    }

    /**
     * @param name a keyword, in any case
     * @return its number, or empty when the table does not have it
     */
    public OptionalInt numberOf(String name) {
        String folded = fold(Objects.requireNonNull(name, "keyword name must not be null"));
        for (int k = 0; k < names.size(); k++) {
            if (fold(names.get(k)).equals(folded)) {
                return OptionalInt.of(k);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * @param number a keyword number, 0 to 29
     * @return its name as first defined, or empty when that number is not yet given out
     */
    public Optional<String> nameOf(int number) {
        return number >= 0 && number < names.size() ? Optional.of(names.get(number)) : Optional.empty();
    }

    /** @return how many keywords are defined */
    public int size() {
        return names.size();
    }

    /** @return whether all 30 user-flag bits are taken */
    public boolean isFull() {
        return names.size() == MAX_KEYWORDS;
    }

    /**
     * Checks a keyword name: an IMAP atom (RFC 3501 {@code flag-keyword}) that
     * c-client can also keep in its comma- or space-separated keyword list:
     * 1 to 50 printable ASCII characters, none of {@code ( ) { % * " \ ] ,}.
     *
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException when it is not a valid keyword
     */
    static String checkName(String name) {
        Objects.requireNonNull(name, "keyword name must not be null");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("keyword name must be 1.." + MAX_NAME_LENGTH + " characters, not "
                    + name.length() + ": '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || "(){%*\"\\],".indexOf(c) >= 0) {
                throw new IllegalArgumentException("keyword name '" + name + "' has character " + describe(c)
                        + " at " + i + "; a keyword is printable ASCII without ( ) { % * \" \\ ] , or space");
            }
        }
        return name;
    }

    /** Names are ASCII (see {@link #checkName}), so this is IMAP's and c-client's case-insensitivity. */
    static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String describe(char c) {
        return c > ' ' && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}

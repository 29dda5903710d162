package org.mailtxt.imap.auth;

import java.util.Locale;

/**
 * The rules for user names, which also name mail directories ({@code <mail root>/<user>}), so a name must never
 * reach outside that root or surprise a shell: 1 to 64 characters from {@code a-z 0-9 . _ - + @}, starting with a
 * letter or digit, with no {@code ".."} and not ending in {@code "."}. Names are case-insensitive: ASCII letters are
 * folded to lower case on every entry point (create, login, lookup), so {@code Demo} logs in as {@code demo} and the
 * directory is {@code demo}. Anything else ({@code /}, {@code \}, spaces, control characters, non-ASCII letters) is
 * refused with the rule it breaks. Stateless; thread-safe.
 */
public final class UserName {
    /** The longest name accepted. */
    public static final int MAX_LENGTH = 64;

    private UserName() {
    }

    /**
     * @param name a name as typed
     * @return the name in its stored form (lower case)
     * @throws UserStoreException ({@link UserStoreException.Kind#INVALID_NAME}) naming the broken rule
     */
    public static String canonical(String name) throws UserStoreException {
        String problem = problem(name);
        if (problem != null) {
            throw new UserStoreException(UserStoreException.Kind.INVALID_NAME, "user name " + quote(name) + " "
                    + problem + "; user names are 1-" + MAX_LENGTH + " characters of a-z 0-9 . _ - + @, starting"
                    + " with a letter or digit", null);
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a name as typed
     * @return whether {@link #canonical} accepts it
     */
    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    private static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "contains '" + c + "', which would name another directory";
            }
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                return "contains the control character U+" + String.format("%04X", (int) c);
            }
            if (!allowed(c)) {
                return "contains '" + c + "'";
            }
        }
        if (name.contains("..")) {
            return "contains '..'";
        }
        if (!Character.isLetterOrDigit(name.charAt(0))) {
            return "does not start with a letter or digit";
        }
        if (name.endsWith(".")) {
            return "ends with '.'";
        }
        return null;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-' || c == '+' || c == '@';
    }

    /** Quotes a name for a message, showing control characters as escapes so the message stays on one line. */
    private static String quote(String name) {
        if (name == null) {
            return "(null)";
        }
        StringBuilder b = new StringBuilder("'");
        name.codePoints().limit(MAX_LENGTH + 8L).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append(name.length() > MAX_LENGTH + 8 ? "…'" : "'").toString();
    }
}

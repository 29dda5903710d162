package org.mailtxt.mailstore.format;

import java.nio.charset.StandardCharsets;

/**
 * The 12 flag digits at the end of a header line (spec §2.4): ten octal
 * digits holding the 30 user-flag bits {@code U}, then two holding the six
 * system-flag bits {@code S}. c-client rewrites exactly these 12 bytes in
 * place when flags change (spec §9.3), which is why they are encoded and
 * decoded separately from the rest of the line. Stateless; thread-safe.
 */
public final class FlagDigits {

    /** Number of flag digits. */
    public static final int LENGTH = 12;

    private static final int USER_DIGITS = 10;

    private FlagDigits() {
    }

    /**
     * @param userFlags {@code U}, 30 bits (see {@link KeywordBits})
     * @param systemFlags {@code S}, 6 bits (see {@link SystemFlags})
     * @return the 12 ASCII digits c-client writes, zero-padded
     */
    public static byte[] encode(int userFlags, int systemFlags) {
        byte[] digits = new byte[LENGTH];
        encodeInto(userFlags, systemFlags, digits, 0);
        return digits;
    }

    /**
     * Writes the 12 digits into {@code target} at {@code at}.
     *
     * @param userFlags {@code U}, 30 bits
     * @param systemFlags {@code S}, 6 bits
     * @param target where to write
     * @param at index of the first digit
     */
    public static void encodeInto(int userFlags, int systemFlags, byte[] target, int at) {
        checkFlags(userFlags, systemFlags);
        for (int i = USER_DIGITS - 1, u = userFlags; i >= 0; i--, u >>>= 3) {
            target[at + i] = (byte) ('0' + (u & 7));
        }
        target[at + USER_DIGITS] = (byte) ('0' + (systemFlags >>> 3));
        target[at + USER_DIGITS + 1] = (byte) ('0' + (systemFlags & 7));
    }

    /**
     * @param userFlags {@code U}
     * @param systemFlags {@code S}
     * @return the 12 digits as text, e.g. {@code "520000000021"}
     */
    public static String toString(int userFlags, int systemFlags) {
        return new String(encode(userFlags, systemFlags), StandardCharsets.US_ASCII);
    }

    /**
     * @param bytes where the digits are
     * @param at index of the first digit
     * @return whether the 12 bytes at {@code at} are ASCII digits {@code 0}..{@code 9}, the
     *     only check c-client makes (spec §7.2 step 5)
     */
    public static boolean isWellFormed(byte[] bytes, int at) {
        if (at < 0 || bytes.length - at < LENGTH) {
            return false;
        }
        for (int i = at; i < at + LENGTH; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads {@code U} as c-client does: the ten digits as an octal number,
     * stopping at the first 8 or 9.
     *
     * @param bytes where the digits are; must be {@linkplain #isWellFormed well formed}
     * @param at index of the first digit
     * @return the 30 user-flag bits
     */
    public static int decodeUser(byte[] bytes, int at) {
        requireWellFormed(bytes, at);
        int userFlags = 0;
        for (int i = at; i < at + USER_DIGITS && bytes[i] <= '7'; i++) {
            userFlags = (userFlags << 3) | (bytes[i] - '0');
        }
        return userFlags;
    }

    /**
     * Reads {@code S} as c-client does: {@code 8 * d11 + d12}, keeping only
     * the bits of {@link SystemFlags#ALL} (so {@code 99} reads as \Seen + old).
     *
     * @param bytes where the digits are; must be {@linkplain #isWellFormed well formed}
     * @param at index of the first of the 12 digits
     * @return the six system-flag bits
     */
    public static int decodeSystem(byte[] bytes, int at) {
        requireWellFormed(bytes, at);
        int high = bytes[at + USER_DIGITS] - '0';
        int low = bytes[at + USER_DIGITS + 1] - '0';
        return (8 * high + low) & SystemFlags.ALL;
    }

    static void checkFlags(int userFlags, int systemFlags) {
        if ((userFlags & ~KeywordBits.ALL) != 0) {
            throw new IllegalArgumentException("user flags 0x" + Integer.toHexString(userFlags)
                    + " have bits beyond the 30 of the format");
        }
        if ((systemFlags & ~SystemFlags.ALL) != 0) {
            throw new IllegalArgumentException("system flags 0x" + Integer.toHexString(systemFlags)
                    + " have bits beyond the 6 of the format");
        }
    }

    private static void requireWellFormed(byte[] bytes, int at) {
        if (!isWellFormed(bytes, at)) {
            throw new IllegalArgumentException("not 12 flag digits at index " + at);
        }
    }
}

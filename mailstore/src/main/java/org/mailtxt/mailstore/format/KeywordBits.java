package org.mailtxt.mailstore.format;

/**
 * Maps keyword index {@code k} (0..29, the keyword's position in the shared
 * c-client {@code set keywords} list, spec §5) to its bit in the 30-bit
 * user-flag number {@code U} and back. The order is reversed: keyword
 * {@code k} is bit {@code 29 - k}, so keyword 0 is the leftmost octal digit's
 * value 4 (spec §2.4). Stateless; thread-safe.
 */
public final class KeywordBits {

    /** How many keywords the format can hold. */
    public static final int MAX_KEYWORDS = 30;
    /** All 30 user-flag bits. */
    public static final int ALL = (1 << MAX_KEYWORDS) - 1;

    private KeywordBits() {
    }

    /**
     * @param k keyword index 0..29
     * @return the bit of {@code U} that stores it
     */
    public static int bit(int k) {
        checkIndex(k);
        return 1 << (MAX_KEYWORDS - 1 - k);
    }

    /**
     * @param bit one single bit of {@code U}
     * @return the keyword index it stores
     */
    public static int index(int bit) {
        if (Integer.bitCount(bit) != 1 || (bit & ~ALL) != 0) {
            throw new IllegalArgumentException("not a single user-flag bit: 0x" + Integer.toHexString(bit));
        }
        return MAX_KEYWORDS - 1 - Integer.numberOfTrailingZeros(bit);
    }

    /**
     * @param keywordIndexes indexes 0..29, in any order, duplicates allowed
     * @return the user-flag number {@code U} with those keywords set
     */
    public static int of(int... keywordIndexes) {
        int userFlags = 0;
        for (int k : keywordIndexes) {
            userFlags |= bit(k);
        }
        return userFlags;
    }

    /**
     * @param userFlags the user-flag number {@code U}
     * @param k keyword index 0..29
     * @return whether keyword {@code k} is set
     */
    public static boolean isSet(int userFlags, int k) {
        return (userFlags & bit(k)) != 0;
    }

    /**
     * @param userFlags the user-flag number {@code U}
     * @return the indexes of the keywords set, ascending
     */
    public static int[] indexes(int userFlags) {
        if ((userFlags & ~ALL) != 0) {
            throw new IllegalArgumentException("user flags have bits beyond the 30 of the format: 0x"
                    + Integer.toHexString(userFlags));
        }
        int[] result = new int[Integer.bitCount(userFlags)];
        int n = 0;
        for (int k = 0; k < MAX_KEYWORDS; k++) {
            if ((userFlags & (1 << (MAX_KEYWORDS - 1 - k))) != 0) {
                result[n++] = k;
            }
        }
        return result;
    }

    private static void checkIndex(int k) {
        if (k < 0 || k >= MAX_KEYWORDS) {
            throw new IllegalArgumentException("keyword index " + k + " outside 0.." + (MAX_KEYWORDS - 1)
                    + ": tenex/mtx hold at most " + MAX_KEYWORDS + " keywords");
        }
    }
}

package org.mailtxt.imap.mailbox;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A test on a message's raw header bytes, for {@link QuickVerdict}: can a field value, as James's matcher sees it
 * (unfolded, encoded words decoded, upper-cased), contain a text? Answers "no" only when that is certain. Stateless.
 */
final class RawHeader {
    private RawHeader() {
    }

    /**
     * False only if no field value of {@code header} can contain {@code printableAscii} (case-insensitively): the
     * header is ASCII, has no encoded word, and the text does not occur in it once CR and LF are removed (unfolding
     * removes exactly those). True when any of that is not so, i.e. "possibly". One pass over the bytes, no copy:
     * every SEARCH HEADER runs it on each message of the mailbox.
     */
    static boolean mayContain(byte[] header, String printableAscii) {
        byte[] needle = printableAscii.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (needle.length == 0) {
            return true;
        }
        int last = -1; // the last byte that is not CR or LF: what precedes this one once unfolded
        for (int i = 0; i < header.length; i++) {
            byte b = header[i];
            if (b < 0) {
                return true; // 8-bit text: decoding and Unicode upper-casing are James's to judge
            }
            if (b == '\r' || b == '\n') {
                continue;
            }
            if (b == '?' && last == '=') {
                return true; // an encoded word (once unfolded) may decode to the text
            }
            last = b;
            if (upper(b) == needle[0] && occursAt(header, i, needle)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code needle} (upper case) starts at {@code from}, comparing case-insensitively and skipping CR/LF. */
    private static boolean occursAt(byte[] header, int from, byte[] needle) {
        int k = 0;
        for (int j = from; j < header.length && k < needle.length; j++) {
            byte b = header[j];
            if (b == '\r' || b == '\n') {
                continue;
            }
            if (upper(b) != needle[k]) {
                return false;
            }
            k++;
        }
        return k == needle.length;
    }

    private static int upper(byte b) {
        return b >= 'a' && b <= 'z' ? b - ('a' - 'A') : b;
    }
}

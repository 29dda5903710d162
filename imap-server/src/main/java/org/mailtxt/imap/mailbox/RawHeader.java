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
     * removes exactly those). True when any of that is not so, i.e. "possibly".
     */
    static boolean mayContain(byte[] header, String printableAscii) {
        byte[] folded = new byte[header.length];
        int n = 0;
        for (int i = 0; i < header.length; i++) {
            byte b = header[i];
            if (b < 0) {
                return true; // 8-bit text: decoding and Unicode upper-casing are James's to judge
            }
            if (b == '\r' || b == '\n') {
                continue;
            }
            if (b == '?' && n > 0 && folded[n - 1] == '=') {
                return true; // an encoded word (once unfolded) may decode to the text
            }
            folded[n++] = b;
        }
        // ASCII only from here: Latin-1 strings compare byte for byte, and String.indexOf is the JIT's fast search
        String hay = new String(folded, 0, n, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        return hay.contains(printableAscii.toUpperCase(Locale.ROOT));
    }
}

package org.mailtxt.mailstore.format;

import java.nio.file.Path;

/**
 * Parses one record header line in a window of at most 64 bytes, exactly as
 * c-client's parse loop does (spec §7.2 steps 1-5), leaving the values in
 * fields so that the {@link RecordScanner} allocates nothing per record.
 * Step 6 (the record must fit in the file) is the caller's. Not thread-safe:
 * one instance per scan.
 */
final class HeaderLineParser {

    /** SIZE values above this are refused: no file is that large, and the sum with the offset must not overflow. */
    private static final long MAX_SIZE = 1L << 62;

    private final Path file;
    private final MailboxFormat format;
    private final DateParser date = new DateParser();

    int lineLength;
    int dateFrom;
    int dateTo;
    long size;
    int userFlags;
    int systemFlags;

    HeaderLineParser(Path file, MailboxFormat format) {
        this.file = file;
        this.format = format;
    }

    DateParser date() {
        return date;
    }

    /**
     * @param offset file offset of {@code window[from]}
     * @param window bytes read at {@code offset}
     * @param from index of the first byte
     * @param available how many bytes were read (only the first 64 count)
     * @param localOffsetMinutes "local zone" for dates without a known zone
     * @throws MalformedMailboxException NO_NEWLINE, NO_CRLF, BAD_HEADER or BAD_HEADER_ELEMENTS
     */
    void parse(long offset, byte[] window, int from, int available, int localOffsetMinutes)
            throws MalformedMailboxException {
        int read = Math.min(available, MailboxFormat.HEADER_WINDOW);
        int limit = from + read;
        // c-client NUL-terminates what it read and searches with strchr: a NUL byte ends the text
        int nul = MailboxFormat.indexOf(window, from, limit, (byte) 0);
        int textEnd = nul < 0 ? limit : nul;
        int lineEnd = findLineEnd(window, from, textEnd);
        if (lineEnd < 0) {
            throw MalformedMailboxException.noTerminator(file, format, offset, read,
                    printable(window, from, textEnd));
        }
        lineLength = lineEnd - from + format.terminatorLength();
        int comma = MailboxFormat.indexOf(window, from, lineEnd, (byte) ',');
        int semicolon = comma < 0 ? -1 : MailboxFormat.indexOf(window, comma + 1, lineEnd, (byte) ';');
        if (semicolon < 0) {
            throw MalformedMailboxException.badHeader(file, offset, printable(window, from, lineEnd));
        }
        if (!date.parse(window, from, comma, false, localOffsetMinutes)) {
            throw elements(offset, window, from, lineEnd, "date");
        }
        dateFrom = from;
        dateTo = comma;
        size = parseSize(window, comma + 1, semicolon);
        if (size <= 0) {
            throw elements(offset, window, from, lineEnd, "size");
        }
        int digits = semicolon + 1;
        if (lineEnd - digits != FlagDigits.LENGTH || !FlagDigits.isWellFormed(window, digits)) {
            throw elements(offset, window, from, lineEnd, "flags");
        }
        userFlags = FlagDigits.decodeUser(window, digits);
        systemFlags = FlagDigits.decodeSystem(window, digits);
    }

    private int findLineEnd(byte[] window, int from, int textEnd) {
        if (format == MailboxFormat.TENEX) {
            return MailboxFormat.indexOf(window, from, textEnd, (byte) '\n');
        }
        int cr = MailboxFormat.indexOf(window, from, textEnd, (byte) '\r');
        return cr >= 0 && cr + 1 < textEnd && window[cr + 1] == '\n' ? cr : -1;
    }

    private MalformedMailboxException elements(long offset, byte[] window, int from, int lineEnd, String which) {
        return MalformedMailboxException.badElements(file, offset, printable(window, from, lineEnd), which);
    }

    /**
     * SIZE as C {@code strtoul} reads it (leading white space and a {@code +}
     * tolerated, spec §7.2 step 4), with nothing after the digits.
     *
     * @return the size, or 0 when c-client would refuse it (we also refuse a
     *     minus sign and absurd values, which c-client turns into a wrapped
     *     unsigned number)
     */
    private static long parseSize(byte[] window, int from, int to) {
        int p = from;
        while (p < to && (window[p] == ' ' || (window[p] >= '\t' && window[p] <= '\r'))) {
            p++;
        }
        if (p < to && window[p] == '+') {
            p++;
        }
        if (p == to) {
            return 0;
        }
        long value = 0;
        for (; p < to; p++) {
            int digit = window[p] - '0';
            if (digit < 0 || digit > 9 || value > (MAX_SIZE - digit) / 10) {
                return 0;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** The bytes as text for an error message, control characters escaped. */
    static String printable(byte[] bytes, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            int c = bytes[i] & 0xFF;
            if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 || c == 0x7F) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}

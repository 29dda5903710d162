package org.mailtxt.mailstore.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * One record's header line, {@code date,SIZE;UUUUUUUUUUSS} plus LF (tenex)
 * or CR LF (mtx), where it is in the file and what it says (spec §2). The
 * record's text follows at {@link #textOffset()} for {@link #size()} bytes.
 * {@link #parse} and {@link #read} accept what c-client accepts (spec §7.2);
 * {@link #encode} writes the bytes c-client writes (spec §2.1, §13). The
 * flags here are a snapshot: c-client rewrites the 12 digits at
 * {@link #flagsOffset()} in place (spec §9.3). Immutable; thread-safe.
 *
 * @param offset file offset of the first byte of the line (the record offset)
 * @param lineLength bytes of the line including its terminator
 * @param date the internal date
 * @param size SIZE: bytes of message text that follow the line
 * @param userFlags {@code U}: 30 user-flag bits, keyword k at bit 29-k ({@link KeywordBits})
 * @param systemFlags {@code S}: 6 system-flag bits ({@link SystemFlags})
 * @param flagsOffset file offset of the 12 flag digits
 */
public record HeaderLine(long offset, int lineLength, InternalDate date, long size, int userFlags,
                         int systemFlags, long flagsOffset) {

    /** Validates the components. */
    public HeaderLine {
        Objects.requireNonNull(date, "date");
        FlagDigits.checkFlags(userFlags, systemFlags);
        if (offset < 0 || size < 1) {
            throw new IllegalArgumentException("offset " + offset + " / size " + size + " out of range");
        }
        if (lineLength < 1 || lineLength > MailboxFormat.HEADER_WINDOW) {
            throw new IllegalArgumentException("header line length " + lineLength + " outside 1..64");
        }
        long fromEnd = offset + lineLength - flagsOffset;
        if (fromEnd != MailboxFormat.TENEX.flagDigitsFromLineEnd() && fromEnd != MailboxFormat.MTX.flagDigitsFromLineEnd()) {
            throw new IllegalArgumentException("flag digits at " + flagsOffset + " are not 13 or 14 bytes before the"
                    + " end of the line at " + offset + " (length " + lineLength + ")");
        }
    }

    /** @return file offset of the message text */
    public long textOffset() {
        return offset + lineLength;
    }

    /** @return file offset just past the message text: where the next record starts */
    public long end() {
        return offset + lineLength + size;
    }

    /** @return whether a read-write session has already seen the message (NOT \Recent) */
    public boolean isOld() {
        return (systemFlags & SystemFlags.OLD) != 0;
    }

    /** @return the 12 flag digits as c-client writes them */
    public String flagDigits() {
        return FlagDigits.toString(userFlags, systemFlags);
    }

    /** @return indexes of the keywords set, ascending */
    public int[] keywordIndexes() {
        return KeywordBits.indexes(userFlags);
    }

    /**
     * @param format the mailbox's format
     * @return the line as c-client writes it for these values
     */
    public byte[] toBytes(MailboxFormat format) {
        return encode(format, date, size, userFlags, systemFlags);
    }

    /**
     * The header line c-client writes, e.g.
     * {@code " 2-Jan-2024 03:04:05 -0800,147;000000000020\n"} (spec §2.1).
     *
     * @param format tenex (LF) or mtx (CR LF)
     * @param date the internal date; its text is written as is
     * @param size SIZE, at least 1
     * @param userFlags {@code U}
     * @param systemFlags {@code S}
     * @return the line including its terminator
     * @throws IllegalArgumentException when the values cannot form a line c-client could read back
     */
    public static byte[] encode(MailboxFormat format, InternalDate date, long size, int userFlags, int systemFlags) {
        FlagDigits.checkFlags(userFlags, systemFlags);
        if (size < 1) {
            throw new IllegalArgumentException("SIZE must be at least 1, not " + size + " (c-client refuses 0)");
        }
        byte[] head = (date.text() + ',' + size + ';').getBytes(StandardCharsets.ISO_8859_1);
        int terminator = format.terminatorLength();
        byte[] line = new byte[head.length + FlagDigits.LENGTH + terminator];
        if (line.length > MailboxFormat.HEADER_WINDOW) {
            throw new IllegalArgumentException("header line of " + line.length + " bytes exceeds the 64 bytes"
                    + " c-client reads: date text '" + date.text() + "' is too long");
        }
        System.arraycopy(head, 0, line, 0, head.length);
        FlagDigits.encodeInto(userFlags, systemFlags, line, head.length);
        System.arraycopy(format.terminator(), 0, line, line.length - terminator, terminator);
        return line;
    }

    /**
     * Parses the header line at the start of {@code bytes} as c-client does
     * (spec §7.2 steps 1-5; whether the record fits in the file is not checked).
     *
     * @param file the mailbox file, for error messages
     * @param format the mailbox's format
     * @param offset file offset of {@code bytes[0]}
     * @param bytes the bytes at {@code offset}: the whole file from there, or at least 64 of them
     * @return the header line
     * @throws MalformedMailboxException NO_NEWLINE, NO_CRLF, BAD_HEADER or BAD_HEADER_ELEMENTS
     */
    public static HeaderLine parse(Path file, MailboxFormat format, long offset, byte[] bytes)
            throws MalformedMailboxException {
        HeaderLineParser parser = new HeaderLineParser(file, format);
        parser.parse(offset, bytes, 0, bytes.length, InternalDate.currentLocalOffset(Clock.systemDefaultZone()));
        return of(parser, format, offset, bytes);
    }

    /**
     * Reads and parses the header line at {@code offset} with a positional read.
     *
     * @param file the mailbox file, for error messages
     * @param channel the open file
     * @param format the mailbox's format
     * @param offset the record offset
     * @return the header line
     * @throws MalformedMailboxException NO_NEWLINE, NO_CRLF, BAD_HEADER or BAD_HEADER_ELEMENTS
     * @throws IOException when the file cannot be read
     */
    public static HeaderLine read(Path file, FileChannel channel, MailboxFormat format, long offset)
            throws IOException {
        ByteBuffer window = ByteBuffer.allocate(MailboxFormat.HEADER_WINDOW);
        while (window.hasRemaining()) {
            if (channel.read(window, offset + window.position()) < 0) {
                break;
            }
        }
        byte[] bytes = new byte[window.position()];
        System.arraycopy(window.array(), 0, bytes, 0, bytes.length);
        return parse(file, format, offset, bytes);
    }

    static HeaderLine of(HeaderLineParser parser, MailboxFormat format, long offset, byte[] window) {
        DateParser fields = parser.date();
        String text = new String(window, parser.dateFrom, parser.dateTo - parser.dateFrom, StandardCharsets.ISO_8859_1);
        InternalDate date = new InternalDate(fields.epochSecond(), fields.offsetMinutes(), text);
        long flagsOffset = offset + parser.lineLength - format.flagDigitsFromLineEnd();
        return new HeaderLine(offset, parser.lineLength, date, parser.size, parser.userFlags, parser.systemFlags,
                flagsOffset);
    }
}

package org.mailtxt.mailstore.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The two c-client flat-file formats, which differ only in newlines (spec
 * §1): tenex ends header lines with LF and stores text with LF newlines, mtx
 * ends them with CR LF and stores text as given. Also c-client's format
 * recognition (spec §7.1), which looks at the first line only. Used by every
 * reader and writer of mailbox files. Immutable; thread-safe.
 */
public enum MailboxFormat {
    /** tenex: header line ends with LF. */
    TENEX(new byte[] {'\n'}),
    /** mtx: header line ends with CR LF. */
    MTX(new byte[] {'\r', '\n'});

    /** c-client reads this many bytes to find a header line (spec §7.1, §7.2). */
    public static final int HEADER_WINDOW = 64;

    private final byte[] terminator;

    MailboxFormat(byte[] terminator) {
        this.terminator = terminator;
    }

    /** @return a copy of the header-line terminator: LF (tenex) or CR LF (mtx) */
    public byte[] terminator() {
        return terminator.clone();
    }

    /** @return 1 (tenex) or 2 (mtx) */
    public int terminatorLength() {
        return terminator.length;
    }

    /**
     * @return how far before the end of a header line its 12 flag digits
     *     start: 13 (tenex) or 14 (mtx), spec §7.3
     */
    public int flagDigitsFromLineEnd() {
        return FlagDigits.LENGTH + terminator.length;
    }

    /** @return the codec for this format */
    public MailboxCodec codec() {
        return this == TENEX ? TenexCodec.INSTANCE : MtxCodec.INSTANCE;
    }

    /**
     * c-client's validity check for this format on the first bytes of a
     * non-empty file.
     *
     * @param head the first bytes of the file
     * @param length how many of them there are (only the first 64 count)
     * @return whether this driver of c-client would take the file
     */
    public boolean accepts(byte[] head, int length) {
        return rejection(head, length) == null;
    }

    /**
     * c-client's validity check for this format on a file: an empty file is
     * valid only as INBOX (spec §7.1), otherwise {@link #accepts} on its first 64 bytes.
     *
     * @param channel the file, read with positional reads only
     * @param isInbox whether the file is the user's INBOX
     * @return whether c-client would open the file in this format
     * @throws IOException when the file cannot be read
     */
    public boolean isValid(FileChannel channel, boolean isInbox) throws IOException {
        byte[] head = new byte[HEADER_WINDOW];
        int length = readHead(channel, head);
        return length == 0 ? isInbox : accepts(head, length);
    }

    /**
     * Which format c-client recognises in a non-empty file's first bytes;
     * tenex is tried first, as c-client's driver list does (spec §6).
     *
     * @param head the first bytes of the file
     * @param length how many of them there are (only the first 64 count)
     * @return the format, or empty when neither accepts them
     */
    public static Optional<MailboxFormat> recognize(byte[] head, int length) {
        for (MailboxFormat format : values()) {
            if (format.accepts(head, length)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * The format of a mailbox file, or a {@link MalformedMailboxException.Kind#NOT_A_MAILBOX}
     * error saying why it is neither. An empty file is valid only as INBOX
     * and then has the format its name implies, {@code inboxFormat}.
     *
     * @param file the file's path, for the error message
     * @param channel the open file, read with positional reads only
     * @param inboxFormat the format of an empty INBOX, or null when the file is not INBOX
     * @return the format c-client would open it with
     * @throws MalformedMailboxException when c-client would not open it as tenex or mtx
     * @throws IOException when the file cannot be read
     */
    public static MailboxFormat detect(Path file, FileChannel channel, MailboxFormat inboxFormat) throws IOException {
        byte[] head = new byte[HEADER_WINDOW];
        int length = readHead(channel, head);
        if (length == 0) {
            if (inboxFormat != null) {
                return inboxFormat;
            }
            throw MalformedMailboxException.notAMailbox(file,
                    "the file is empty, and only an empty INBOX counts as tenex/mtx");
        }
        Optional<MailboxFormat> format = recognize(head, length);
        if (format.isPresent()) {
            return format.get();
        }
        String tenex = TENEX.rejection(head, length);
        String mtx = MTX.rejection(head, length);
        throw MalformedMailboxException.notAMailbox(file, "as tenex, " + tenex + "; as mtx, " + mtx);
    }

    /** @return why c-client's check rejects the head for this format, or null when it accepts it */
    private String rejection(byte[] head, int length) {
        // c-client reads into a zeroed buffer and uses strchr: a NUL ends the text
        int n = Math.min(Math.min(length, head.length), HEADER_WINDOW);
        int textEnd = indexOf(head, 0, n, (byte) 0);
        textEnd = textEnd < 0 ? n : textEnd;
        int lineEnd;
        if (this == TENEX) {
            lineEnd = indexOf(head, 0, textEnd, (byte) '\n');
            if (lineEnd < 0) {
                return "no LF in the first " + n + " bytes";
            }
            if (lineEnd > 0 && head[lineEnd - 1] == '\r') {
                return "the first line ends with CR LF";
            }
        } else {
            lineEnd = indexOf(head, 0, textEnd, (byte) '\r');
            if (lineEnd < 0) {
                return "no CR in the first " + n + " bytes";
            }
            if (lineEnd + 1 >= textEnd || head[lineEnd + 1] != '\n') {
                return "the first CR (at " + lineEnd + ") is not followed by LF";
            }
        }
        boolean dashes = (lineEnd > 6 && head[2] == '-' && head[6] == '-')
                || (lineEnd > 5 && head[1] == '-' && head[5] == '-');
        if (!dashes) {
            return "the first line has no '-' at offsets 2 and 6 nor at 1 and 5";
        }
        int comma = indexOf(head, 18, lineEnd, (byte) ',');
        if (comma < 0) {
            return "the first line has no ',' at offset 18 or later";
        }
        if (indexOf(head, comma + 2, lineEnd, (byte) ';') < 0) {
            return "the first line has no ';' at least two bytes after the ',' at " + comma;
        }
        return null;
    }

    static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int i = Math.max(from, 0); i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int readHead(FileChannel channel, byte[] head) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(head);
        long position = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                break;
            }
            position += n;
        }
        return buffer.position();
    }
}

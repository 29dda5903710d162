package org.mailtxt.mailstore.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A tenex or mtx file that c-client itself would refuse to open (spec
 * {@code tenex-mtx-format.md} §7 and §14). The message names the file and
 * the byte offset, repeats c-client's own wording (so logs can be compared
 * with c-client's) and says what to do about it.
 *
 * <p>Thrown by {@link MailboxFormat#detect}, {@link HeaderLine#parse} and
 * {@link RecordScanner}. {@link #isTornTail()} tells a caller that the bytes
 * from {@link #offset()} to the end of the file are an incomplete last record
 * or junk after the last record, which crash recovery may move to a
 * quarantine file. Instances are immutable and thread-safe.
 */
public final class MalformedMailboxException extends IOException {

    /** What is wrong, one constant per malformed case of spec §14. */
    public enum Kind {
        /** The file fails format recognition (§7.1): not tenex/mtx at all. */
        NOT_A_MAILBOX,
        /** tenex: no LF within the 64 bytes at the record offset. */
        NO_NEWLINE,
        /** mtx: no CR, or a CR not followed by LF, within the 64 bytes at the record offset. */
        NO_CRLF,
        /** The header line has no {@code ,} or no {@code ;} after it. */
        BAD_HEADER,
        /** The date, the SIZE or the 12 flag digits of the header line do not parse. */
        BAD_HEADER_ELEMENTS,
        /** The record claims more bytes than the file has: a torn append. */
        RUNS_PAST_EOF,
        /** Fewer than 64 bytes follow the last record and they are not a record. */
        TRAILING_JUNK,
        /** The file is shorter than the offset already parsed. */
        SHRANK
    }

    private final Kind kind;
    private final Path file;
    private final long offset;
    private final long claimedEnd;
    private final long fileSize;

    private MalformedMailboxException(Kind kind, Path file, long offset, long claimedEnd,
                                      long fileSize, String message) {
        super(message);
        this.kind = kind;
        this.file = file;
        this.offset = offset;
        this.claimedEnd = claimedEnd;
        this.fileSize = fileSize;
    }

    /** @return which malformed case this is */
    public Kind kind() {
        return kind;
    }

    /** @return the mailbox file */
    public Path file() {
        return file;
    }

    /** @return offset of the record (or of the first byte) that is wrong */
    public long offset() {
        return offset;
    }

    /** @return for {@link Kind#RUNS_PAST_EOF}, where the record claims to end */
    public OptionalLong claimedEnd() {
        return claimedEnd < 0 ? OptionalLong.empty() : OptionalLong.of(claimedEnd);
    }

    /** @return the file size the parse was bounded by, or -1 when not known */
    public long fileSize() {
        return fileSize;
    }

    /**
     * @return true when everything from {@link #offset()} to the end of the
     *     file is a torn last record or junk after the last record, and
     *     everything before it parsed
     */
    public boolean isTornTail() {
        return kind == Kind.RUNS_PAST_EOF || kind == Kind.TRAILING_JUNK;
    }

    static MalformedMailboxException notAMailbox(Path file, String why) {
        return new MalformedMailboxException(Kind.NOT_A_MAILBOX, file, 0, -1, -1,
                file + ": not a tenex or mtx mailbox (c-client's format check, spec §7.1): " + why
                        + "; c-client would show it through another driver, so it is not opened as tenex/mtx");
    }

    static MalformedMailboxException noTerminator(Path file, MailboxFormat format, long offset,
                                                  int bytesRead, String text) {
        boolean tenex = format == MailboxFormat.TENEX;
        String cclient = tenex
                ? "Unable to find newline at " + offset + " in " + bytesRead + " bytes, text: " + text
                : "Unable to find CRLF at " + offset + " in " + bytesRead + " bytes, text: " + text;
        return new MalformedMailboxException(tenex ? Kind.NO_NEWLINE : Kind.NO_CRLF, file, offset, -1, -1,
                file + ": " + cclient + advice(offset));
    }

    static MalformedMailboxException badHeader(Path file, long offset, String line) {
        return new MalformedMailboxException(Kind.BAD_HEADER, file, offset, -1, -1,
                file + ": Unable to parse internal header at " + offset + ": " + line + advice(offset));
    }

    static MalformedMailboxException badElements(Path file, long offset, String line, String which) {
        return new MalformedMailboxException(Kind.BAD_HEADER_ELEMENTS, file, offset, -1, -1,
                file + ": Unable to parse internal header elements at " + offset + ": " + line
                        + " (bad " + which + ")" + advice(offset));
    }

    static MalformedMailboxException runsPastEof(Path file, long offset, long claimedEnd, long fileSize) {
        return new MalformedMailboxException(Kind.RUNS_PAST_EOF, file, offset, claimedEnd, fileSize,
                file + ": Last message (at " + offset + ") runs past end of file (" + claimedEnd + " > "
                        + fileSize + "); bytes " + offset + ".." + fileSize
                        + " are a torn append: move them to a quarantine file to open the mailbox");
    }

    static MalformedMailboxException trailingJunk(MalformedMailboxException cause, long fileSize) {
        MalformedMailboxException e = new MalformedMailboxException(Kind.TRAILING_JUNK, cause.file,
                cause.offset, -1, fileSize,
                cause.getMessage() + "; the last " + (fileSize - cause.offset) + " bytes (" + cause.offset
                        + ".." + fileSize + ") after the last record are not a record: move them to a "
                        + "quarantine file to open the mailbox");
        e.initCause(cause);
        return e;
    }

    static MalformedMailboxException shrank(Path file, long parsedEnd, long fileSize) {
        return new MalformedMailboxException(Kind.SHRANK, file, fileSize, -1, fileSize,
                file + ": Mailbox shrank from " + parsedEnd + " to " + fileSize
                        + "! Another process truncated it behind this one: reopen the mailbox");
    }

    private static String advice(long offset) {
        return "; c-client cannot open this mailbox either: inspect the record at byte " + offset
                + " (e.g. with od -c) and repair or remove it";
    }
}

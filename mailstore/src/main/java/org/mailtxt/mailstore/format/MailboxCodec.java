package org.mailtxt.mailstore.format;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Turns RFC 822 messages into the stored text of one format and back, and
 * measures stored text the way c-client reports it (spec §2.3, §3, §4).
 * {@link TenexCodec} stores LF newlines (every CR byte dropped) and
 * {@link MtxCodec} stores the bytes as given. Implementations are stateless
 * and thread-safe; obtain one with {@link MailboxFormat#codec()}.
 */
public sealed interface MailboxCodec permits TenexCodec, MtxCodec {

    /** @return the format this codec stores */
    MailboxFormat format();

    /**
     * The text c-client stores for an appended message (spec §9.1).
     *
     * @param rfc822Text the message as received (normally with CR LF newlines)
     * @return the bytes to store after the header line; SIZE is their length
     *     (mtx may return the argument itself)
     * @throws AppendRejectedException when c-client refuses the message ("Append of zero-length message")
     */
    byte[] encodeForAppend(byte[] rfc822Text) throws AppendRejectedException;

    /**
     * @param stored a record's stored text
     * @return RFC822.SIZE as c-client reports it: the size of {@link #toCrlf}
     */
    long rfc822Size(byte[] stored);

    /**
     * {@link #rfc822Size(byte[])} of a record's text read from the file in
     * small chunks, without loading the whole text.
     *
     * @param channel the mailbox file
     * @param textOffset file offset of the text ({@link HeaderLine#textOffset()})
     * @param size SIZE
     * @return RFC822.SIZE as c-client reports it
     * @throws IOException when the file cannot be read or ends early
     */
    long rfc822Size(FileChannel channel, long textOffset, long size) throws IOException;

    /**
     * @param stored a record's stored text
     * @return bytes of stored text up to and including the blank line that ends the
     *     header (spec §4), or the whole length when there is none
     */
    long headerSize(byte[] stored);

    /**
     * {@link #headerSize(byte[])} of a record's text read from the file in small chunks.
     *
     * @param channel the mailbox file
     * @param textOffset file offset of the text
     * @param size SIZE
     * @return bytes of stored header including its blank line, or {@code size} when there is none
     * @throws IOException when the file cannot be read or ends early
     */
    long headerSize(FileChannel channel, long textOffset, long size) throws IOException;

    /**
     * @param stored stored text (a whole record's or a part of it)
     * @return the text as IMAP FETCH returns it (tenex: every LF not preceded by CR becomes
     *     CR LF; mtx: unchanged, possibly the argument itself)
     */
    byte[] toCrlf(byte[] stored);

    /**
     * A whole record for APPEND: the header line c-client writes followed by
     * {@link #encodeForAppend the stored text}. The old bit is never set by an
     * APPEND (spec §9.1, §15 item 3).
     *
     * @param date the internal date ({@link InternalDate#forAppend} or {@link InternalDate#now})
     * @param userFlags {@code U}, keywords as {@link KeywordBits}
     * @param systemFlags {@code S} without {@link SystemFlags#OLD}
     * @param rfc822Text the message as received
     * @return the record's bytes
     * @throws AppendRejectedException when c-client refuses the message
     */
    default byte[] appendRecord(InternalDate date, int userFlags, int systemFlags, byte[] rfc822Text)
            throws AppendRejectedException {
        if ((systemFlags & SystemFlags.OLD) != 0) {
            throw new IllegalArgumentException("an APPEND never sets the old bit; it marks a message not \\Recent");
        }
        byte[] text = encodeForAppend(rfc822Text);
        byte[] line = HeaderLine.encode(format(), date, text.length, userFlags, systemFlags);
        byte[] record = new byte[line.length + text.length];
        System.arraycopy(line, 0, record, 0, line.length);
        System.arraycopy(text, 0, record, line.length, text.length);
        return record;
    }
}

package org.mailtxt.mailstore.format;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * The tenex codec: text is stored with LF newlines, c-client dropping every
 * CR byte on APPEND (a lone CR disappears too), and is returned with CR LF
 * newlines; RFC822.SIZE is SIZE plus one per LF not preceded by CR (spec
 * §2.3, §3, §4). Stateless; thread-safe.
 */
public final class TenexCodec implements MailboxCodec {

    static final TenexCodec INSTANCE = new TenexCodec();

    private TenexCodec() {
    }

    @Override
    public MailboxFormat format() {
        return MailboxFormat.TENEX;
    }

    @Override
    public byte[] encodeForAppend(byte[] rfc822Text) throws AppendRejectedException {
        if (rfc822Text.length == 0) {
            throw AppendRejectedException.zeroLength();
        }
        int crs = 0;
        for (byte b : rfc822Text) {
            if (b == '\r') {
                crs++;
            }
        }
        if (crs == rfc822Text.length) {
            // c-client would write SIZE 0, a record that nothing can read back
            throw AppendRejectedException.onlyCarriageReturns(rfc822Text.length);
        }
        byte[] stored = new byte[rfc822Text.length - crs];
        int n = 0;
        for (byte b : rfc822Text) {
            if (b != '\r') {
                stored[n++] = b;
            }
        }
        return stored;
    }

    @Override
    public long rfc822Size(byte[] stored) {
        return stored.length + bareLineFeeds(stored, stored.length, (byte) 0);
    }

    @Override
    public long rfc822Size(FileChannel channel, long textOffset, long size) throws IOException {
        long[] bare = {0};
        byte[] previous = {0};
        TextChunks.read(channel, textOffset, size, (chunk, length) -> {
            bare[0] += bareLineFeeds(chunk, length, previous[0]);
            previous[0] = chunk[length - 1];
            return true;
        });
        return size + bare[0];
    }

    @Override
    public long headerSize(byte[] stored) {
        HeaderEndMatcher matcher = new HeaderEndMatcher(HeaderEndMatcher.TENEX_SEPARATOR);
        matcher.feed(stored, stored.length);
        return matcher.headerSize(stored.length);
    }

    @Override
    public long headerSize(FileChannel channel, long textOffset, long size) throws IOException {
        HeaderEndMatcher matcher = new HeaderEndMatcher(HeaderEndMatcher.TENEX_SEPARATOR);
        TextChunks.read(channel, textOffset, size, (chunk, length) -> !matcher.feed(chunk, length));
        return matcher.headerSize(size);
    }

    @Override
    public byte[] toCrlf(byte[] stored) {
        long size = rfc822Size(stored);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("text of " + size + " bytes in CR LF form does not fit in an array");
        }
        byte[] crlf = new byte[(int) size];
        int n = 0;
        byte previous = 0;
        for (byte b : stored) {
            if (b == '\n' && previous != '\r') {
                crlf[n++] = '\r';
            }
            crlf[n++] = b;
            previous = b;
        }
        return crlf;
    }

    /** LFs not preceded by CR; {@code previous} is the byte before {@code bytes[0]} (0 at the start). */
    private static long bareLineFeeds(byte[] bytes, int length, byte previous) {
        long count = 0;
        byte before = previous;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b == '\n' && before != '\r') {
                count++;
            }
            before = b;
        }
        return count;
    }
}

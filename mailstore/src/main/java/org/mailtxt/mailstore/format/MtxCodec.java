package org.mailtxt.mailstore.format;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * The mtx codec: text is stored exactly as given (normally CR LF newlines,
 * but bare LFs are kept if that is what was appended) and returned as
 * stored; RFC822.SIZE is SIZE; the header ends at the first CR LF CR LF found
 * with c-client's matcher (spec §2.3, §3, §4). Stateless; thread-safe.
 */
public final class MtxCodec implements MailboxCodec {

    static final MtxCodec INSTANCE = new MtxCodec();

    private MtxCodec() {
    }

    @Override
    public MailboxFormat format() {
        return MailboxFormat.MTX;
    }

    @Override
    public byte[] encodeForAppend(byte[] rfc822Text) throws AppendRejectedException {
        if (rfc822Text.length == 0) {
            throw AppendRejectedException.zeroLength();
        }
        return rfc822Text;
    }

    @Override
    public long rfc822Size(byte[] stored) {
        return stored.length;
    }

    @Override
    public long rfc822Size(FileChannel channel, long textOffset, long size) {
        return size;
    }

    @Override
    public long headerSize(byte[] stored) {
        HeaderEndMatcher matcher = new HeaderEndMatcher(HeaderEndMatcher.MTX_SEPARATOR);
        matcher.feed(stored, stored.length);
        return matcher.headerSize(stored.length);
    }

    @Override
    public long headerSize(FileChannel channel, long textOffset, long size) throws IOException {
        HeaderEndMatcher matcher = new HeaderEndMatcher(HeaderEndMatcher.MTX_SEPARATOR);
        TextChunks.read(channel, textOffset, size, (chunk, length) -> !matcher.feed(chunk, length));
        return matcher.headerSize(size);
    }

    @Override
    public byte[] toCrlf(byte[] stored) {
        return stored;
    }
}

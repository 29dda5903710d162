package org.mailtxt.mailstore.format;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Feeds a record's text to a {@link Visitor} in chunks of 16 KiB read with
 * positional reads, so that measuring a large message never holds it whole.
 * Stateless; thread-safe.
 */
final class TextChunks {

    private static final int CHUNK = 16 * 1024;

    /** Receives consecutive chunks; returns false to stop early. */
    interface Visitor {
        boolean visit(byte[] chunk, int length);
    }

    private TextChunks() {
    }

    static void read(FileChannel channel, long textOffset, long size, Visitor visitor) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(size, 1)));
        long done = 0;
        while (done < size) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), size - done));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, textOffset + done + buffer.position()) < 0) {
                    throw new EOFException("record text at offset " + textOffset + " (" + size + " bytes) ends at "
                            + (textOffset + done + buffer.position()) + ": the file is shorter than its records say");
                }
            }
            done += buffer.position();
            if (!visitor.visit(buffer.array(), buffer.position())) {
                return;
            }
        }
    }
}

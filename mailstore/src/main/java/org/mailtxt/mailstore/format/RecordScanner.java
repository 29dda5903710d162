package org.mailtxt.mailstore.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * c-client's parse loop (spec §7.2): walks the records of a tenex or mtx
 * file from a start offset to the file size, reading only header lines, and
 * returns them as a compact {@link RecordList}, or fails on the first record
 * c-client would fail on, with the same offset and wording
 * ({@link MalformedMailboxException}).
 *
 * <p>Callers hold the mailbox's shared parse lock (spec
 * {@code c-client-locking.md}) for the whole scan, so that no c-client
 * process appends or expunges meanwhile; {@code end} is the file size seen
 * under that lock. Reads are positional (the channel's position is neither
 * used nor changed). When records are small the scanner reads ahead in
 * blocks, when they are large it reads 64 bytes per record, so a
 * 100,000-message file of 1.9 GB costs 100,000 small reads.
 *
 * <p>Not thread-safe: it reuses its buffers; use one scanner per thread.
 */
public final class RecordScanner {

    /** Records shorter than this make the scanner read ahead a whole block. */
    private static final int SMALL_RECORD = 4096;
    private static final int BLOCK = 32 * 1024;

    private final Path file;
    private final MailboxFormat format;
    private final Clock clock;
    private final HeaderLineParser parser;
    private final boolean fingerprints;
    private final byte[] block = new byte[BLOCK];
    private final ByteBuffer blockBuffer = ByteBuffer.wrap(block);
    private long blockStart;
    private int blockLength;

    /**
     * @param file the mailbox file, named in error messages
     * @param format its format
     */
    public RecordScanner(Path file, MailboxFormat format) {
        this(file, format, Clock.systemDefaultZone());
    }

    /**
     * @param file the mailbox file, named in error messages
     * @param format its format
     * @param clock whose zone's current offset is the "local zone" of dates without one (spec §2.5)
     */
    public RecordScanner(Path file, MailboxFormat format, Clock clock) {
        this(file, format, clock, false);
    }

    /**
     * @param file the mailbox file, named in error messages
     * @param format its format
     * @param clock whose zone's current offset is the "local zone" of dates without one (spec §2.5)
     * @param fingerprints also compute each record's {@link Fingerprint} (reading its first text bytes with the
     *     header line, in the same read)
     */
    public RecordScanner(Path file, MailboxFormat format, Clock clock, boolean fingerprints) {
        this.fingerprints = fingerprints;
        this.file = Objects.requireNonNull(file, "file");
        this.format = Objects.requireNonNull(format, "format");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.parser = new HeaderLineParser(file, format);
    }

    /**
     * Scans the records from {@code start} (0, or the end of the previous
     * scan when the file has grown) to {@code end}, the file size.
     *
     * @param channel the open mailbox file
     * @param start offset of the first record to parse
     * @param end the file size; the last record must end exactly here
     * @return the records, in file order
     * @throws MalformedMailboxException when c-client would fail on the file (spec §14)
     * @throws IOException when the file cannot be read
     */
    public RecordList scan(FileChannel channel, long start, long end) throws IOException {
        if (start < 0) {
            throw new IllegalArgumentException("start offset " + start + " is negative");
        }
        if (end < start) {
            throw MalformedMailboxException.shrank(file, start, end);
        }
        int localOffset = InternalDate.currentLocalOffset(clock);
        RecordList.Builder records = new RecordList.Builder(format, start, 16);
        blockLength = 0;
        boolean small = true;
        long p = start;
        while (p < end) {
            int available = window(channel, p, end, small);
            if (available == 0) {
                throw MalformedMailboxException.shrank(file, end, channel.size());
            }
            int from = (int) (p - blockStart);
            try {
                parser.parse(p, block, from, available, localOffset);
            } catch (MalformedMailboxException e) {
                throw end - p < MailboxFormat.HEADER_WINDOW ? MalformedMailboxException.trailingJunk(e, end) : e;
            }
            long next = p + parser.lineLength + parser.size;
            if (next > end) {
                throw MalformedMailboxException.runsPastEof(file, p, next, end);
            }
            records.add(p, parser, block);
            if (fingerprints) {
                int prefix = (int) Math.min(parser.size, Fingerprint.PREFIX);
                long textAt = p + parser.lineLength;
                ensure(channel, textAt, prefix);
                records.fingerprintLast(parser.size, block, (int) (textAt - blockStart), prefix);
            }
            small = next - p < SMALL_RECORD;
            p = next;
        }
        return records.build(p);
    }

    /** Makes the {@code length} bytes at {@code at} (all inside the file) available in {@link #block}. */
    private void ensure(FileChannel channel, long at, int length) throws IOException {
        if (at >= blockStart && at + length <= blockStart + blockLength) {
            return;
        }
        blockBuffer.clear().limit(Math.max(length, Math.min(BLOCK, length + MailboxFormat.HEADER_WINDOW)));
        while (blockBuffer.position() < length) {
            if (channel.read(blockBuffer, at + blockBuffer.position()) < 0) {
                throw new IOException(file + " ended at " + (at + blockBuffer.position()) + " inside a record");
            }
        }
        blockStart = at;
        blockLength = blockBuffer.position();
    }

    /**
     * Makes the (up to) 64 bytes at {@code p} available in {@link #block},
     * reading a whole block ahead when records are small.
     *
     * @return how many bytes at {@code p} are available, at most 64; 0 when the file ends before {@code p}
     */
    private int window(FileChannel channel, long p, long end, boolean readAhead) throws IOException {
        int wanted = (int) Math.min(MailboxFormat.HEADER_WINDOW, end - p);
        // With fingerprints, the text prefix must be in the block too, or ensure() reads it again: one pread a record.
        int needed = (int) Math.min(MailboxFormat.HEADER_WINDOW + (fingerprints ? Fingerprint.PREFIX : 0), end - p);
        long blockEnd = blockStart + blockLength;
        if (p < blockStart || p + needed > blockEnd) {
            int length = (int) Math.min(readAhead ? BLOCK : MailboxFormat.HEADER_WINDOW
                    + (fingerprints ? Fingerprint.PREFIX : 0), end - p);
            blockBuffer.clear().limit(length);
            while (blockBuffer.hasRemaining()) {
                if (channel.read(blockBuffer, p + blockBuffer.position()) < 0) {
                    break;
                }
            }
            blockStart = p;
            blockLength = blockBuffer.position();
            blockEnd = p + blockLength;
        }
        return (int) Math.min(wanted, blockEnd - p);
    }
}

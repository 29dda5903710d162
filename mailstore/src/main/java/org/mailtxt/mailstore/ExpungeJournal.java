package org.mailtxt.mailstore;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The write-ahead journal of one in-place expunge, a file {@code .<mailbox name>.mailtxt-expunge} beside the mailbox
 * (so that any mailtxt process opening the mailbox finds it). c-client compacts in place with no journal, so a crash
 * mid-compaction destroys mail; mailtxt records the {@link CompactionPlan} first, then progress marks, so that
 * recovery at the next open (under the exclusive parse lock) can finish the job from the last durable mark.
 *
 * <p>Records, each followed by a CRC-32C of its bytes: the header (magic, mailbox device and inode, size before,
 * plan), then any number of {@code S p} (all output before stream position p is written and durable, and the source
 * bytes from {@code plan.sourceAt(p)} on are untouched), {@code G p bytes} (the source bytes for [p, p+len) saved
 * before writing over themselves), and {@code T} (all data moved; truncation may follow). A torn last record is
 * ignored: it was never fsynced, so nothing it announced was written. Not thread-safe; used under the mailbox's
 * exclusive locks.
 */
final class ExpungeJournal implements AutoCloseable {
    private static final long MAGIC = 0x6d61696c74787431L; // "mailtxt1"
    private static final byte STATE = 'S';
    private static final byte STAGE = 'G';
    private static final byte TRUNCATE = 'T';

    /**
     * What a journal said when it was read back.
     *
     * @param device mailbox device
     * @param inode mailbox inode
     * @param sizeBefore file size when the expunge began
     * @param plan the compaction plan
     * @param progress last durable stream position
     * @param staged bytes saved by a last {@code G} record (to rewrite at progress), or null
     * @param truncating true if a {@code T} record was reached
     */
    record Recovered(long device, long inode, long sizeBefore, CompactionPlan plan, long progress, byte[] staged,
                     boolean truncating) {
    }

    private final Path path;
    private final FileChannel channel;

    private ExpungeJournal(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static Path pathFor(Path mailbox) {
        return mailbox.resolveSibling("." + mailbox.getFileName() + ".mailtxt-expunge");
    }

    /** Writes the header and plan durably; the mailbox must not be touched before this returns. */
    static ExpungeJournal begin(Path mailbox, long device, long inode, long sizeBefore, CompactionPlan plan)
            throws IOException {
        Path path = pathFor(mailbox);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ExpungeJournal j = new ExpungeJournal(path, ch);
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(buf);
            out.writeLong(MAGIC);
            out.writeLong(device);
            out.writeLong(inode);
            out.writeLong(sizeBefore);
            out.writeLong(plan.destStart);
            out.writeInt(plan.lengths.length);
            for (int i = 0; i < plan.lengths.length; i++) {
                out.writeLong(plan.sourceOffsets[i]);
                out.writeLong(plan.lengths[i]);
            }
            j.append(buf.toByteArray());
            syncDirectory(path.getParent());
            return j;
        } catch (IOException | RuntimeException e) {
            j.close();
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** Reopens an existing journal for appending further progress during recovery. */
    static ExpungeJournal resume(Path mailbox) throws IOException {
        Path path = pathFor(mailbox);
        return new ExpungeJournal(path, FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    void markState(long p) throws IOException {
        append(ByteBuffer.allocate(9).put(STATE).putLong(p).array());
    }

    void stage(long p, byte[] bytes) throws IOException {
        append(ByteBuffer.allocate(13 + bytes.length).put(STAGE).putLong(p).putInt(bytes.length).put(bytes).array());
    }

    void markTruncating() throws IOException {
        append(new byte[] {TRUNCATE});
    }

    private void append(byte[] record) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(record);
        ByteBuffer b = ByteBuffer.allocate(8 + record.length);
        b.putInt(record.length).put(record).putInt((int) crc.getValue()).flip();
        while (b.hasRemaining()) {
            channel.write(b);
        }
        channel.force(false);
    }

    /** Removes the journal once the compaction is complete and durable. */
    void finish() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
        syncDirectory(path.getParent());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Reads the journal beside {@code mailbox}, if there is one with a readable header. */
    static Optional<Recovered> read(Path mailbox) throws IOException {
        Path path = pathFor(mailbox);
        byte[] all;
        try {
            all = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all));
        byte[] header = nextRecord(in);
        if (header == null) {
            // The header never became durable, so the mailbox was never touched.
            Files.deleteIfExists(path);
            return Optional.empty();
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        if (h.getLong() != MAGIC) {
            throw new IOException(path + " is not a mailtxt expunge journal; move it away after checking the mailbox");
        }
        long device = h.getLong();
        long inode = h.getLong();
        long sizeBefore = h.getLong();
        long destStart = h.getLong();
        int n = h.getInt();
        long[] src = new long[n];
        long[] len = new long[n];
        for (int i = 0; i < n; i++) {
            src[i] = h.getLong();
            len[i] = h.getLong();
        }
        CompactionPlan plan = new CompactionPlan(destStart, src, len);
        long progress = 0;
        byte[] staged = null;
        boolean truncating = false;
        byte[] rec;
        while ((rec = nextRecord(in)) != null) {
            ByteBuffer r = ByteBuffer.wrap(rec);
            byte type = r.get();
            if (type == STATE) {
                progress = r.getLong();
                staged = null;
            } else if (type == STAGE) {
                progress = r.getLong();
                staged = new byte[r.getInt()];
                r.get(staged);
            } else if (type == TRUNCATE) {
                truncating = true;
            }
        }
        return Optional.of(new Recovered(device, inode, sizeBefore, plan, progress, staged, truncating));
    }

    /** The next whole record with a good checksum, or null at the end or at a torn record. */
    private static byte[] nextRecord(DataInputStream in) throws IOException {
        try {
            int length = in.readInt();
            if (length <= 0 || length > in.available() - 4) {
                return null;
            }
            byte[] rec = new byte[length];
            in.readFully(rec);
            int crc = in.readInt();
            CRC32C c = new CRC32C();
            c.update(rec);
            return (int) c.getValue() == crc ? rec : null;
        } catch (EOFException e) {
            return null;
        }
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}

package org.mailtxt.mailstore;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.List;
import java.time.Clock;
import org.mailtxt.locking.FileStat;
import org.mailtxt.locking.NativeFd;
import org.mailtxt.locking.OpenFlag;
import org.mailtxt.mailstore.format.Fingerprint;
import org.mailtxt.mailstore.format.FlagDigits;
import org.mailtxt.mailstore.format.MailboxFormat;
import org.mailtxt.mailstore.format.RecordList;
import org.mailtxt.mailstore.format.RecordScanner;

/**
 * One mailbox file held open: the libc descriptor that carries the mailbox flock ("A") for as long as the mailbox
 * is open, and a {@link FileChannel} on the very same inode (reopened through {@code /proc/self/fd}, so a rename or
 * replacement of the name cannot slip another file in) for positional I/O. Knows bytes, not messages or locks.
 * Not thread-safe: {@link OpenMailbox} serialises access with its state lock.
 */
final class MailboxFile implements Closeable {
    final Path path;
    final NativeFd fd;
    final FileChannel channel;
    final boolean readOnly;
    final MailboxFormat format;

    private MailboxFile(Path path, NativeFd fd, FileChannel channel, boolean readOnly, MailboxFormat format) {
        this.path = path;
        this.fd = fd;
        this.channel = channel;
        this.readOnly = readOnly;
        this.format = format;
    }

    /**
     * Opens a mailbox file, refusing what must never be rewritten: a symbolic link, a directory, anything but a
     * regular file, and a file that is not tenex/mtx ({@code knownFormat} is the format of an empty file, which c-client
     * recognises only as INBOX, spec §7.1).
     */
    static MailboxFile open(Path path, boolean readOnly, MailboxFormat knownFormat) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new MailboxNotFoundException(path);
        }
        if (a.isSymbolicLink()) {
            throw new UnsafeMailboxException(path, "is a symbolic link; mailtxt never opens a mailbox through one");
        }
        if (!a.isRegularFile()) {
            throw new UnsafeMailboxException(path, a.isDirectory() ? "is a directory, not a mailbox"
                    : "is not a regular file");
        }
        NativeFd fd;
        boolean ro = readOnly;
        try {
            fd = openDescriptor(path, readOnly);
        } catch (AccessDeniedException e) {
            // As c-client: "Can't get write access to mailbox, access is readonly".
            fd = openDescriptor(path, true);
            ro = true;
        }
        try {
            FileChannel ch = ro ? FileChannel.open(procPath(fd), StandardOpenOption.READ)
                    : FileChannel.open(procPath(fd), StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                MailboxFormat format = MailboxFormat.detect(path, ch, knownFormat);
                return new MailboxFile(path, fd, ch, ro, format);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    private static NativeFd openDescriptor(Path path, boolean readOnly) throws IOException {
        OpenFlag access = readOnly ? OpenFlag.READ_ONLY : OpenFlag.READ_WRITE;
        return NativeFd.open(path, EnumSet.of(access, OpenFlag.NO_FOLLOW), 0);
    }

    private static Path procPath(NativeFd fd) {
        return Path.of("/proc/self/fd/" + fd.number());
    }

    FileStat stat() throws IOException {
        return fd.stat();
    }

    RecordList scan(long from, long to) throws IOException {
        return scan(from, to, true);
    }

    /** {@code fingerprints}: also read each record's first text bytes and compute its {@link Fingerprint}. */
    RecordList scan(long from, long to, boolean fingerprints) throws IOException {
        return new RecordScanner(path, format, Clock.systemDefaultZone(), fingerprints).scan(channel, from, to);
    }

    byte[] read(long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        long at = offset;
        while (b.hasRemaining()) {
            int n = channel.read(b, at);
            if (n < 0) {
                throw new IOException(path + " ended at " + at + " while reading " + length + " bytes at " + offset);
            }
            at += n;
        }
        return b.array();
    }

    /** The {@link Fingerprint} of a record whose text starts at {@code textOffset}. */
    long fingerprint(String dateText, long size, long textOffset) throws IOException {
        byte[] date = dateText.getBytes(StandardCharsets.US_ASCII);
        byte[] text = read(textOffset, (int) Math.min(size, Fingerprint.PREFIX));
        return Fingerprint.of(date, 0, date.length, size, text, 0, text.length);
    }

    /**
     * Writes whole records at {@code end} (the file size seen under the exclusive parse lock) and makes them durable.
     * On any failure the file is truncated back to {@code end} (c-client does the same, spec §9.1), so no partial
     * record is ever left behind by a failure this process survives.
     */
    void appendRecords(List<byte[]> records, long end) throws IOException {
        long at = end;
        try {
            for (byte[] r : records) {
                ByteBuffer b = ByteBuffer.wrap(r);
                while (b.hasRemaining()) {
                    at += channel.write(b, at);
                }
            }
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            try {
                channel.truncate(end);
                channel.force(false);
            } catch (IOException t) {
                e.addSuppressed(t);
            }
            throw e;
        }
    }

    /** Rewrites the 12 flag digits of one record in place (spec §9.3). */
    void writeFlags(long flagsOffset, int userFlags, int systemFlags) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(FlagDigits.encode(userFlags, systemFlags));
        long at = flagsOffset;
        while (b.hasRemaining()) {
            at += channel.write(b, at);
        }
    }

    /** Reads the 12 flag digits of one record; returns {user, system}. */
    int[] readFlags(long flagsOffset) throws IOException {
        byte[] d = read(flagsOffset, FlagDigits.LENGTH);
        return new int[] {FlagDigits.decodeUser(d, 0), FlagDigits.decodeSystem(d, 0)};
    }

    void force() throws IOException {
        channel.force(false);
    }

    /** Sets times as c-client does (spec §10): whole seconds. */
    void setTimes(long atimeSeconds, long mtimeSeconds) throws IOException {
        fd.setTimes(atimeSeconds, mtimeSeconds);
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            fd.close();
        }
    }
}

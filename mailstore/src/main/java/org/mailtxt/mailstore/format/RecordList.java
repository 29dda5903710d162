package org.mailtxt.mailstore.format;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The records found by one {@link RecordScanner} pass over a byte range of a
 * mailbox file, in file order, kept in primitive arrays (about 60 bytes per
 * record) so that 100,000 records cost a few megabytes and no object per
 * record. {@link #get(int)} builds a {@link HeaderLine} on demand; the
 * primitive accessors avoid even that. The flags are those read during the
 * scan (c-client re-reads them before using them, spec §7.3). Immutable;
 * thread-safe.
 */
public final class RecordList extends AbstractList<HeaderLine> implements RandomAccess {

    private final MailboxFormat format;
    private final long start;
    private final long end;
    private final int count;
    private final long[] offsets;
    private final byte[] lineLengths;
    private final long[] sizes;
    private final int[] userFlags;
    private final byte[] systemFlags;
    private final long[] epochSeconds;
    private final short[] zoneMinutes;
    private final int[] dateStarts;
    private final byte[] dateTexts;
    private final long[] fingerprints;

    private RecordList(Builder b, long end) {
        this.format = b.format;
        this.start = b.start;
        this.end = end;
        this.count = b.count;
        this.offsets = Arrays.copyOf(b.offsets, count);
        this.lineLengths = Arrays.copyOf(b.lineLengths, count);
        this.sizes = Arrays.copyOf(b.sizes, count);
        this.userFlags = Arrays.copyOf(b.userFlags, count);
        this.systemFlags = Arrays.copyOf(b.systemFlags, count);
        this.epochSeconds = Arrays.copyOf(b.epochSeconds, count);
        this.zoneMinutes = Arrays.copyOf(b.zoneMinutes, count);
        this.dateStarts = Arrays.copyOf(b.dateStarts, count + 1);
        this.dateTexts = Arrays.copyOf(b.dateTexts, b.dateStarts[count]);
        this.fingerprints = Arrays.copyOf(b.fingerprints, count);
    }

    /** @return the format the records were parsed as */
    public MailboxFormat format() {
        return format;
    }

    /** @return the offset the scan started at */
    public long start() {
        return start;
    }

    /** @return the offset the scan ended at: the end of the last record, or {@link #start()} when empty */
    public long end() {
        return end;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public HeaderLine get(int i) {
        return new HeaderLine(offset(i), lineLength(i), internalDate(i), textSize(i), userFlags(i), systemFlags(i),
                flagsOffset(i));
    }

    /**
     * @param i record index, 0-based
     * @return the record offset
     */
    public long offset(int i) {
        return offsets[check(i)];
    }

    /**
     * @param i record index, 0-based
     * @return header line length including its terminator
     */
    public int lineLength(int i) {
        return lineLengths[check(i)];
    }

    /**
     * @param i record index, 0-based
     * @return file offset of the 12 flag digits
     */
    public long flagsOffset(int i) {
        return offset(i) + lineLength(i) - format.flagDigitsFromLineEnd();
    }

    /**
     * @param i record index, 0-based
     * @return file offset of the message text
     */
    public long textOffset(int i) {
        return offset(i) + lineLength(i);
    }

    /**
     * @param i record index, 0-based
     * @return SIZE: bytes of stored message text
     */
    public long textSize(int i) {
        return sizes[check(i)];
    }

    /**
     * @param i record index, 0-based
     * @return file offset just past the record
     */
    public long recordEnd(int i) {
        return textOffset(i) + sizes[i];
    }

    /**
     * @param i record index, 0-based
     * @return {@code U}, the 30 user-flag bits
     */
    public int userFlags(int i) {
        return userFlags[check(i)];
    }

    /**
     * @param i record index, 0-based
     * @return {@code S}, the 6 system-flag bits
     */
    public int systemFlags(int i) {
        return systemFlags[check(i)];
    }

    /**
     * @param i record index, 0-based
     * @return the internal date's instant in seconds
     */
    public long epochSecond(int i) {
        return epochSeconds[check(i)];
    }

    /**
     * @param i record index, 0-based
     * @return the internal date's zone, in minutes east of UTC
     */
    public int zoneMinutes(int i) {
        return zoneMinutes[check(i)];
    }

    /**
     * @param i record index, 0-based
     * @return the internal date
     */
    public InternalDate internalDate(int i) {
        check(i);
        String text = new String(dateTexts, dateStarts[i], dateStarts[i + 1] - dateStarts[i],
                StandardCharsets.ISO_8859_1);
        return new InternalDate(epochSeconds[i], zoneMinutes[i], text);
    }

    private int check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("record " + i + " of " + count);
        }
        return i;
    }

    /** Collects records during a scan; package-private, used by {@link RecordScanner} only. */
    /** The record's {@link Fingerprint}, or 0 if the scan did not compute fingerprints. */
    public long fingerprint(int i) {
        return fingerprints[check(i)];
    }

    static final class Builder {
        private final MailboxFormat format;
        private final long start;
        private int count;
        private long[] offsets;
        private byte[] lineLengths;
        private long[] sizes;
        private int[] userFlags;
        private byte[] systemFlags;
        private long[] epochSeconds;
        private short[] zoneMinutes;
        private int[] dateStarts;
        private byte[] dateTexts;
        private long[] fingerprints;

        Builder(MailboxFormat format, long start, int expected) {
            this.format = format;
            this.start = start;
            int capacity = Math.max(expected, 16);
            offsets = new long[capacity];
            lineLengths = new byte[capacity];
            sizes = new long[capacity];
            userFlags = new int[capacity];
            systemFlags = new byte[capacity];
            epochSeconds = new long[capacity];
            zoneMinutes = new short[capacity];
            dateStarts = new int[capacity + 1];
            dateTexts = new byte[capacity * 26];
            fingerprints = new long[capacity];
        }

        /** Sets the fingerprint of the record added last, from its stored date text. */
        void fingerprintLast(long size, byte[] text, int textFrom, int textLength) {
            int i = count - 1;
            fingerprints[i] = Fingerprint.of(dateTexts, dateStarts[i], dateStarts[i + 1] - dateStarts[i], size, text,
                    textFrom, textLength);
        }

        void add(long offset, HeaderLineParser line, byte[] window) {
            if (count == offsets.length) {
                grow();
            }
            int dateLength = line.dateTo - line.dateFrom;
            int dateStart = dateStarts[count];
            if (dateStart + dateLength > dateTexts.length) {
                dateTexts = Arrays.copyOf(dateTexts, Math.max(dateTexts.length * 2, dateStart + dateLength));
            }
            System.arraycopy(window, line.dateFrom, dateTexts, dateStart, dateLength);
            dateStarts[count + 1] = dateStart + dateLength;
            offsets[count] = offset;
            lineLengths[count] = (byte) line.lineLength;
            sizes[count] = line.size;
            userFlags[count] = line.userFlags;
            systemFlags[count] = (byte) line.systemFlags;
            epochSeconds[count] = line.date().epochSecond();
            zoneMinutes[count] = (short) line.date().offsetMinutes();
            count++;
        }

        RecordList build(long end) {
            return new RecordList(this, end);
        }

        private void grow() {
            int capacity = offsets.length * 2;
            offsets = Arrays.copyOf(offsets, capacity);
            lineLengths = Arrays.copyOf(lineLengths, capacity);
            sizes = Arrays.copyOf(sizes, capacity);
            fingerprints = Arrays.copyOf(fingerprints, capacity);
            userFlags = Arrays.copyOf(userFlags, capacity);
            systemFlags = Arrays.copyOf(systemFlags, capacity);
            epochSeconds = Arrays.copyOf(epochSeconds, capacity);
            zoneMinutes = Arrays.copyOf(zoneMinutes, capacity);
            dateStarts = Arrays.copyOf(dateStarts, capacity + 1);
        }
    }
}

package org.mailtxt.mailstore;

import java.util.Arrays;

/**
 * What an expunge keeps, as a byte stream: the kept records from the first deleted one on, each a source range of
 * the file, laid end to end starting at {@code destStart} (where the first deleted record began). Positions in that
 * output stream ("p") are what the {@link ExpungeJournal} records; this class maps them back to file offsets.
 * Immutable.
 */
final class CompactionPlan {
    final long destStart;
    final long[] sourceOffsets;
    final long[] lengths;
    private final long[] streamStarts;
    final long total;

    CompactionPlan(long destStart, long[] sourceOffsets, long[] lengths) {
        if (sourceOffsets.length != lengths.length) {
            throw new IllegalArgumentException("ranges and lengths differ in number");
        }
        this.destStart = destStart;
        this.sourceOffsets = sourceOffsets.clone();
        this.lengths = lengths.clone();
        this.streamStarts = new long[lengths.length];
        long p = 0;
        long previousEnd = destStart;
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] <= 0 || sourceOffsets[i] < previousEnd) {
                throw new IllegalArgumentException("compaction ranges must be non-empty, ascending and above "
                        + "their destination");
            }
            streamStarts[i] = p;
            p += lengths[i];
            previousEnd = sourceOffsets[i] + lengths[i];
        }
        this.total = p;
    }

    /** The same plan with one more kept range at its end (records appended after a crash). */
    CompactionPlan plus(long sourceOffset, long length) {
        long[] s = Arrays.copyOf(sourceOffsets, sourceOffsets.length + 1);
        long[] l = Arrays.copyOf(lengths, lengths.length + 1);
        s[s.length - 1] = sourceOffset;
        l[l.length - 1] = length;
        return new CompactionPlan(destStart, s, l);
    }

    /** The file size after compaction. */
    long finalSize() {
        return destStart + total;
    }

    /** Index of the range holding stream position {@code p} (p < total). */
    int rangeAt(long p) {
        int i = Arrays.binarySearch(streamStarts, p);
        return i >= 0 ? i : -i - 2;
    }

    /** File offset of the source byte for stream position {@code p}; {@code Long.MAX_VALUE} at the end. */
    long sourceAt(long p) {
        if (p >= total) {
            return Long.MAX_VALUE;
        }
        int i = rangeAt(p);
        return sourceOffsets[i] + (p - streamStarts[i]);
    }

    /** Bytes left in the range holding {@code p}. */
    long remainingInRange(long p) {
        int i = rangeAt(p);
        return streamStarts[i] + lengths[i] - p;
    }
}

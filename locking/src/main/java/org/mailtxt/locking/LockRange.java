package org.mailtxt.locking;

/**
 * A byte range for fcntl record locks: {@code length} 0 means "from {@code start} to end of file, however far it
 * grows" (the kernel's convention).
 *
 * @param start first byte
 * @param length number of bytes, 0 for "to end of file"
 */
public record LockRange(long start, long length) {
    /** The whole file, including what is appended later. */
    public static final LockRange WHOLE_FILE = new LockRange(0, 0);

    public LockRange {
        if (start < 0 || length < 0) {
            throw new IllegalArgumentException("bad lock range start=" + start + " length=" + length);
        }
    }

    /** Exclusive end, or {@link Long#MAX_VALUE} for "to end of file". */
    long end() {
        return length == 0 ? Long.MAX_VALUE : start + length;
    }

    boolean overlaps(LockRange o) {
        return start < o.end() && o.start < end();
    }

    static LockRange between(long start, long endExclusive) {
        return new LockRange(start, endExclusive == Long.MAX_VALUE ? 0 : endExclusive - start);
    }
}

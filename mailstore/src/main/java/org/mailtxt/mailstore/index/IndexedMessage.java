package org.mailtxt.mailstore.index;

/**
 * What the index remembers of one message of a mailbox file: its UID and
 * MODSEQ (which exist nowhere else), where its record is in the file, its
 * sizes and internal date (so that FETCH and SEARCH need not reparse), a
 * fingerprint that ties the UID to this very message across external
 * changes, and its flags as last seen in the file (to tell a flag change made
 * by another process). Produced by the open mailbox from the codecs' header
 * lines, stored by {@link MailboxIndex}. Immutable; thread-safe.
 *
 * @param uid the message's UID, 1 to 2<sup>32</sup>−1
 * @param modSeq the message's MODSEQ, at least 1
 * @param offset the byte offset of the message's record (its header line) in the file, at least 0
 * @param headerLineLength length of the header line in bytes, terminator included, at least 1
 * @param size the stored text's length in bytes (the header line's SIZE), at least 0
 * @param rfc822Size the size IMAP reports (RFC822.SIZE, newlines counted as CR LF), at least 0
 * @param internalDateEpochSeconds the internal date, in seconds since the epoch
 * @param zoneOffsetMinutes the internal date's zone, −1080 to 1080 minutes east of UTC
 * @param fingerprint a hash of the header line and content, computed by the caller
 * @param userFlags the 30 user-flag bits {@code U} of the header line (spec §2.4)
 * @param systemFlags the 6 system-flag bits {@code S} of the header line (spec §2.4)
 * @param saveDateEpochSeconds when the message was saved into this mailbox (appended, copied or moved here, or first
 *     seen here when another process wrote it), in seconds since the epoch; {@link #UNKNOWN_SAVE_DATE} when not
 *     known (messages indexed at a mailbox's first indexing, or before the index kept save dates)
 */
public record IndexedMessage(long uid, long modSeq, long offset, int headerLineLength, long size, long rfc822Size,
                             long internalDateEpochSeconds, int zoneOffsetMinutes, long fingerprint,
                             int userFlags, int systemFlags, long saveDateEpochSeconds) {

    /** The 30 user-flag bits. */
    public static final int USER_FLAG_MASK = (1 << 30) - 1;
    /** The 6 system-flag bits. */
    public static final int SYSTEM_FLAG_MASK = (1 << 6) - 1;
    /** Largest zone offset in minutes, as {@link java.time.ZoneOffset} allows. */
    public static final int MAX_ZONE_OFFSET_MINUTES = 18 * 60;
    /** The save date of a message whose save date is not known (stored as SQL NULL). */
    public static final long UNKNOWN_SAVE_DATE = 0;

    /** A message whose save date is not known. */
    public IndexedMessage(long uid, long modSeq, long offset, int headerLineLength, long size, long rfc822Size,
                          long internalDateEpochSeconds, int zoneOffsetMinutes, long fingerprint, int userFlags,
                          int systemFlags) {
        this(uid, modSeq, offset, headerLineLength, size, rfc822Size, internalDateEpochSeconds, zoneOffsetMinutes,
                fingerprint, userFlags, systemFlags, UNKNOWN_SAVE_DATE);
    }

    /** Checks the values; see the record components. */
    public IndexedMessage {
        if (uid < 1 || uid > MailboxState.MAX_UID) {
            throw new IllegalArgumentException("uid must be 1.." + MailboxState.MAX_UID + ", not " + uid);
        }
        requireAtLeast(modSeq, 1, "modSeq", uid);
        requireAtLeast(offset, 0, "offset", uid);
        requireAtLeast(headerLineLength, 1, "headerLineLength", uid);
        requireAtLeast(size, 0, "size", uid);
        requireAtLeast(rfc822Size, 0, "rfc822Size", uid);
        if (Math.abs(zoneOffsetMinutes) > MAX_ZONE_OFFSET_MINUTES) {
            throw new IllegalArgumentException("zoneOffsetMinutes of uid " + uid + " must be within ±"
                    + MAX_ZONE_OFFSET_MINUTES + ", not " + zoneOffsetMinutes);
        }
        if ((userFlags & ~USER_FLAG_MASK) != 0) {
            throw new IllegalArgumentException("userFlags of uid " + uid + " must fit in 30 bits, not 0x"
                    + Integer.toHexString(userFlags));
        }
        if ((systemFlags & ~SYSTEM_FLAG_MASK) != 0) {
            throw new IllegalArgumentException("systemFlags of uid " + uid + " must fit in 6 bits, not 0x"
                    + Integer.toHexString(systemFlags));
        }
        if (saveDateEpochSeconds < 0) {
            throw new IllegalArgumentException("saveDateEpochSeconds of uid " + uid + " must be at least 0 (0: unknown),"
                    + " not " + saveDateEpochSeconds);
        }
    }

    /**
     * @param newOffset where the record is now (after another process expunged messages before it)
     * @return this message at another offset, with the same MODSEQ
     */
    public IndexedMessage withOffset(long newOffset) {
        return new IndexedMessage(uid, modSeq, newOffset, headerLineLength, size, rfc822Size,
                internalDateEpochSeconds, zoneOffsetMinutes, fingerprint, userFlags, systemFlags, saveDateEpochSeconds);
    }

    /**
     * @param newUserFlags the user-flag bits now in the file
     * @param newSystemFlags the system-flag bits now in the file
     * @param newModSeq the MODSEQ given to this flag change
     * @return this message with other flags and MODSEQ
     */
    public IndexedMessage withFlags(int newUserFlags, int newSystemFlags, long newModSeq) {
        return new IndexedMessage(uid, newModSeq, offset, headerLineLength, size, rfc822Size,
                internalDateEpochSeconds, zoneOffsetMinutes, fingerprint, newUserFlags, newSystemFlags,
                saveDateEpochSeconds);
    }

    private static void requireAtLeast(long value, long min, String name, long uid) {
        if (value < min) {
            throw new IllegalArgumentException(name + " of uid " + uid + " must be at least " + min + ", not " + value);
        }
    }
}

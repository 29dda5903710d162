package org.mailtxt.mailstore;

import java.util.Arrays;
import org.mailtxt.mailstore.format.InternalDate;

/**
 * The messages of one open mailbox in file order, as parallel primitive arrays (100,000 messages cost a few MB):
 * where each record is, its UID and MODSEQ, its flags as last read from the file, and what IMAP reports about it.
 * UIDs ascend with the index. Not thread-safe: guarded by {@link OpenMailbox}'s state lock.
 */
final class MessageTable {
    private int count;
    private long[] uid = new long[16];
    private long[] modSeq = new long[16];
    private long[] offset = new long[16];
    private int[] lineLength = new int[16];
    private long[] size = new long[16];
    private long[] rfc822Size = new long[16];
    /** Bytes of the text up to and including the blank line ending the header; 0 until first measured. */
    private long[] headerSize = new long[16];
    private int[] userFlags = new int[16];
    private int[] systemFlags = new int[16];
    private long[] fingerprint = new long[16];
    private boolean[] recent = new boolean[16];
    private long[] dateEpoch = new long[16];
    private int[] dateZone = new int[16];
    /** When each message was saved into this mailbox, epoch seconds; 0 when not known (see {@link #saveDate}). */
    private long[] saveDate = new long[16];
    /** The date as stored in the header line, or null until asked for (the index keeps only instant and zone). */
    private String[] dateText = new String[16];

    int size() {
        return count;
    }

    /** Adds a message at the end (its UID must be above every other). Returns its index. */
    int add(long uidValue, long modSeqValue, long offsetValue, int lineLengthValue, long sizeValue,
            long rfc822SizeValue, int user, int system, long fingerprintValue, boolean isRecent, InternalDate d) {
        int i = add(uidValue, modSeqValue, offsetValue, lineLengthValue, sizeValue, rfc822SizeValue, user, system,
                fingerprintValue, isRecent, d.epochSecond(), d.zoneOffsetMinutes());
        dateText[i] = d.text();
        return i;
    }

    /**
     * Adds a message at the end (its UID must be above every other) whose date text is printed from instant and zone
     * only when needed (a copy writes the date c-client's way, not as the source file spelled it). Returns its index.
     */
    int add(long uidValue, long modSeqValue, long offsetValue, int lineLengthValue, long sizeValue,
            long rfc822SizeValue, int user, int system, long fingerprintValue, boolean isRecent, long epoch, int zone) {
        if (count > 0 && uidValue <= uid[count - 1]) {
            throw new IllegalStateException("UID " + uidValue + " not above " + uid[count - 1]);
        }
        if (count == uid.length) {
            ensureCapacity(count * 2);
        }
        int i = count++;
        uid[i] = uidValue;
        modSeq[i] = modSeqValue;
        offset[i] = offsetValue;
        lineLength[i] = lineLengthValue;
        size[i] = sizeValue;
        rfc822Size[i] = rfc822SizeValue;
        headerSize[i] = 0;
        userFlags[i] = user;
        systemFlags[i] = system;
        fingerprint[i] = fingerprintValue;
        recent[i] = isRecent;
        dateEpoch[i] = epoch;
        dateZone[i] = zone;
        dateText[i] = null;
        saveDate[i] = 0;
        return i;
    }

    /** Makes room for {@code n} messages, so that a bulk load does not grow the arrays step by step. */
    void ensureCapacity(int n) {
        if (n <= uid.length) {
            return;
        }
        uid = Arrays.copyOf(uid, n);
        modSeq = Arrays.copyOf(modSeq, n);
        offset = Arrays.copyOf(offset, n);
        lineLength = Arrays.copyOf(lineLength, n);
        size = Arrays.copyOf(size, n);
        rfc822Size = Arrays.copyOf(rfc822Size, n);
        headerSize = Arrays.copyOf(headerSize, n);
        userFlags = Arrays.copyOf(userFlags, n);
        systemFlags = Arrays.copyOf(systemFlags, n);
        fingerprint = Arrays.copyOf(fingerprint, n);
        recent = Arrays.copyOf(recent, n);
        dateEpoch = Arrays.copyOf(dateEpoch, n);
        dateZone = Arrays.copyOf(dateZone, n);
        saveDate = Arrays.copyOf(saveDate, n);
        dateText = Arrays.copyOf(dateText, n);
    }

    /** An independent copy of the first {@code n} messages (for work done on another thread, e.g. indexing). */
    MessageTable copy() {
        MessageTable c = new MessageTable();
        c.ensureCapacity(Math.max(count, 16));
        c.count = count;
        System.arraycopy(uid, 0, c.uid, 0, count);
        System.arraycopy(modSeq, 0, c.modSeq, 0, count);
        System.arraycopy(offset, 0, c.offset, 0, count);
        System.arraycopy(lineLength, 0, c.lineLength, 0, count);
        System.arraycopy(size, 0, c.size, 0, count);
        System.arraycopy(rfc822Size, 0, c.rfc822Size, 0, count);
        System.arraycopy(headerSize, 0, c.headerSize, 0, count);
        System.arraycopy(userFlags, 0, c.userFlags, 0, count);
        System.arraycopy(systemFlags, 0, c.systemFlags, 0, count);
        System.arraycopy(fingerprint, 0, c.fingerprint, 0, count);
        System.arraycopy(recent, 0, c.recent, 0, count);
        System.arraycopy(dateEpoch, 0, c.dateEpoch, 0, count);
        System.arraycopy(dateZone, 0, c.dateZone, 0, count);
        System.arraycopy(saveDate, 0, c.saveDate, 0, count);
        System.arraycopy(dateText, 0, c.dateText, 0, count);
        return c;
    }

    /** Index of a UID, or -1. */
    int indexOf(long uidValue) {
        int i = Arrays.binarySearch(uid, 0, count, uidValue);
        return i >= 0 ? i : -1;
    }

    /** Index of the first message whose UID is at least {@code uidValue} ({@link #size()} if none). */
    int firstAtOrAbove(long uidValue) {
        int i = Arrays.binarySearch(uid, 0, count, uidValue);
        return i >= 0 ? i : -i - 1;
    }

    /** Keeps only the messages whose {@code keep[i]} is true, preserving order. */
    void retain(boolean[] keep) {
        int j = 0;
        for (int i = 0; i < count; i++) {
            if (keep[i]) {
                uid[j] = uid[i];
                modSeq[j] = modSeq[i];
                offset[j] = offset[i];
                lineLength[j] = lineLength[i];
                size[j] = size[i];
                rfc822Size[j] = rfc822Size[i];
                headerSize[j] = headerSize[i];
                userFlags[j] = userFlags[i];
                systemFlags[j] = systemFlags[i];
                fingerprint[j] = fingerprint[i];
                recent[j] = recent[i];
                dateEpoch[j] = dateEpoch[i];
                dateZone[j] = dateZone[i];
                saveDate[j] = saveDate[i];
                dateText[j] = dateText[i];
                j++;
            }
        }
        Arrays.fill(dateText, j, count, null);
        count = j;
    }

    long uid(int i) { return uid[i]; }
    long modSeq(int i) { return modSeq[i]; }
    long offset(int i) { return offset[i]; }
    int lineLength(int i) { return lineLength[i]; }
    long textOffset(int i) { return offset[i] + lineLength[i]; }
    long recordEnd(int i) { return offset[i] + lineLength[i] + size[i]; }
    long size(int i) { return size[i]; }
    long rfc822Size(int i) { return rfc822Size[i]; }
    long headerSize(int i) { return headerSize[i]; }
    int userFlags(int i) { return userFlags[i]; }
    int systemFlags(int i) { return systemFlags[i]; }
    long fingerprint(int i) { return fingerprint[i]; }

    void setFingerprint(int i, long value) {
        fingerprint[i] = value;
    }
    boolean recent(int i) { return recent[i]; }
    long dateEpoch(int i) { return dateEpoch[i]; }
    int dateZone(int i) { return dateZone[i]; }

    /** When the message was saved into this mailbox (epoch seconds), 0 if not known. */
    long saveDate(int i) { return saveDate[i]; }

    void setSaveDate(int i, long epochSeconds) {
        saveDate[i] = epochSeconds;
    }

    /** The internal date; printed from instant and zone on first use if the text was not read from the file. */
    InternalDate date(int i) {
        String text = dateText[i];
        if (text == null) {
            InternalDate d = InternalDate.of(dateEpoch[i], dateZone[i]);
            dateText[i] = d.text(); // benign race: every thread prints the same text
            return d;
        }
        return new InternalDate(dateEpoch[i], dateZone[i], text);
    }

    void setFlags(int i, int user, int system, long newModSeq) {
        userFlags[i] = user;
        systemFlags[i] = system;
        modSeq[i] = newModSeq;
    }

    void setOffset(int i, long newOffset) {
        offset[i] = newOffset;
    }

    void setRfc822Size(int i, long value) {
        rfc822Size[i] = value;
    }

    /** Records the measured header size of a message (its text never changes while it is in the table). */
    void setHeaderSize(int i, long value) {
        headerSize[i] = value;
    }

    void clearRecent(int i) {
        recent[i] = false;
    }
}

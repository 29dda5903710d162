package org.mailtxt.mailstore.index;

import java.util.Objects;

/**
 * The state of a mailbox file that its index was last reconciled with: enough
 * to tell, without reading the file, whether anyone changed it since
 * (ARCHITECTURE.md, "Change detection"). c-client appends put the old mtime
 * back and rewrite flags within the same second, so ctime with nanoseconds,
 * size and inode are the signals that count; mtime is kept for diagnostics.
 * Written by the open mailbox after every reconcile, read when it opens the
 * file again. Immutable; thread-safe.
 *
 * @param device the file's device number ({@code unix:dev})
 * @param inode the file's inode number ({@code unix:ino}); a replaced file has another
 * @param size the file's size in bytes, at least 0
 * @param ctimeNanos the status-change time in nanoseconds since the epoch
 * @param mtimeNanos the modification time in nanoseconds since the epoch
 * @param format {@code "TENEX"} or {@code "MTX"}, the name of the file's {@code MailboxFormat}
 */
public record FileSnapshot(long device, long inode, long size, long ctimeNanos, long mtimeNanos, String format) {

    /** Format name of a tenex file. */
    public static final String TENEX = "TENEX";
    /** Format name of an mtx file. */
    public static final String MTX = "MTX";

    /** Checks the values; see the record components. */
    public FileSnapshot {
        Objects.requireNonNull(format, "format must be TENEX or MTX, not null");
        if (!format.equals(TENEX) && !format.equals(MTX)) {
            throw new IllegalArgumentException("format must be TENEX or MTX, not '" + format + "'");
        }
        if (size < 0) {
            throw new IllegalArgumentException("file size must be at least 0, not " + size);
        }
    }
}

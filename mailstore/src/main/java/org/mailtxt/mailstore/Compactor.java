package org.mailtxt.mailstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Moves the kept records of an expunge down over the deleted ones, in place (the mailbox's inode must stay the same:
 * c-client appenders waiting for the lock already hold it open), journaled so that a crash at any instant can be
 * finished by {@link #run} from the journal's last mark.
 *
 * <p>The invariant: source bytes at or after {@code plan.sourceAt(lastMark)} are never overwritten before a newer
 * mark is durable. A chunk whose destination would reach into that protected zone first makes the data written so far
 * durable and records a new mark; a chunk that would overwrite its own unread source (the gap below it is smaller
 * than the chunk) is first saved in the journal ("staged"). Gaps only grow as deleted records accumulate, so staging
 * is needed only near a small first gap. Not thread-safe; the caller holds the exclusive locks.
 */
final class Compactor {
    static final int CHUNK = 8 << 20;

    private final FileChannel file;
    private final ExpungeJournal journal;
    private final CompactionPlan plan;
    private final int chunk;
    private final ByteBuffer buffer;

    Compactor(FileChannel file, ExpungeJournal journal, CompactionPlan plan) {
        this(file, journal, plan, CHUNK);
    }

    /** With another chunk size (tests use tiny ones to cross every branch with small files). */
    Compactor(FileChannel file, ExpungeJournal journal, CompactionPlan plan, int chunk) {
        this.file = file;
        this.journal = journal;
        this.plan = plan;
        this.chunk = chunk;
        this.buffer = ByteBuffer.allocateDirect(chunk);
    }

    /**
     * Copies from stream position {@code progress} to the end, then truncates. {@code staged}, if not null, are the
     * source bytes for [progress, progress + staged.length) saved by a journal stage record (rewritten first).
     * A {@link CrashPoint} hook lets tests stop the process between any two steps.
     */
    void run(long progress, byte[] staged, CrashPoint crash) throws IOException {
        long p = progress;
        if (staged != null) {
            write(ByteBuffer.wrap(staged), plan.destStart + p);
            p += staged.length;
        }
        long protectedFrom = plan.sourceAt(p);
        while (p < plan.total) {
            long w = plan.destStart + p;
            long r = plan.sourceAt(p);
            int c = (int) Math.min(chunk, plan.remainingInRange(p));
            if (w + c > protectedFrom) {
                crash.at("before mark");
                file.force(false);
                journal.markState(p);
                protectedFrom = r;
                crash.at("after mark");
            }
            long gap = r - w;
            if (w + c > r) {
                // The chunk would overwrite its own unread source (c > gap; a mark was just made). A gap of half a
                // chunk or more is copied in gap-sized pieces, one mark each; below that the marks would multiply,
                // so the chunk is staged in the journal instead (written twice, one fsync).
                if (gap >= chunk / 2) {
                    c = (int) gap;
                } else {
                    byte[] bytes = read(r, c);
                    journal.stage(p, bytes);
                    crash.at("after stage");
                    write(ByteBuffer.wrap(bytes), w);
                    p += c;
                    protectedFrom = plan.sourceAt(p);
                    crash.at("after staged write");
                    continue;
                }
            }
            buffer.clear().limit(c);
            readFully(buffer, r);
            buffer.flip();
            write(buffer, w);
            p += c;
            crash.at("after chunk");
        }
        file.force(false);
        journal.markTruncating();
        crash.at("before truncate");
        file.truncate(plan.finalSize());
        file.force(true);
        crash.at("after truncate");
    }

    private byte[] read(long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        readFully(b, offset);
        return b.array();
    }

    private void readFully(ByteBuffer b, long offset) throws IOException {
        long at = offset;
        while (b.hasRemaining()) {
            int n = file.read(b, at);
            if (n < 0) {
                throw new IOException("mailbox ended at " + at + " while compacting: it shrank under the lock");
            }
            at += n;
        }
    }

    private void write(ByteBuffer b, long offset) throws IOException {
        long at = offset;
        while (b.hasRemaining()) {
            at += file.write(b, at);
        }
    }

    /** Test hook: called at the named points of a compaction; production passes {@link #NONE}. */
    interface CrashPoint {
        void at(String where) throws IOException;
    }

    static final CrashPoint NONE = where -> { };
}

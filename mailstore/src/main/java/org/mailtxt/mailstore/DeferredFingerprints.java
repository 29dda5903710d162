package org.mailtxt.mailstore;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.mailtxt.mailstore.format.RecordList;

/**
 * The fingerprints of a cold open, computed behind it. A mailbox the index has never seen needs no fingerprint to be
 * opened (there is nothing to reconcile with), only to be indexed; reading each record's first 4 KiB for them is
 * about half of the scan. So the cold open parses the header lines alone and returns, and the index writer, before
 * it writes the first rows, scans the same bytes again with fingerprints ({@link #compute}).
 *
 * <p>Those bytes cannot change meanwhile: the open holds the shared mailbox lock, so no c-client process can expunge
 * (c-client rewrites only flag digits in place, which fingerprints leave out, and appends beyond them); in this JVM
 * only an expunge moves records, and it waits for the fingerprints first ({@link #settle}). The computation takes no
 * lock at all, so whoever waits for it (holding the state lock, or a parse lock) cannot deadlock with it.
 *
 * <p>The messages concerned are UIDs 1 to {@link #count} (a first indexing numbers the records in file order).
 * Thread-safe.
 */
final class DeferredFingerprints {
    private final int count;
    private final long end;
    private final CompletableFuture<long[]> values = new CompletableFuture<>();

    private DeferredFingerprints(int count, long end) {
        this.count = count;
        this.end = end;
    }

    /** Leaves the fingerprints of the {@code count} records before {@code end} (UIDs 1 to count) to be computed. */
    static DeferredFingerprints of(int count, long end) {
        return new DeferredFingerprints(count, end);
    }

    int count() {
        return count;
    }

    /** Scans the records again with fingerprints (on the index writer's thread) and publishes them. */
    long[] compute(MailboxFile file) throws IOException {
        try {
            RecordList recs = file.scan(0, end, true);
            if (recs.size() != count) {
                throw new IOException(file.path + " has " + recs.size() + " records before offset " + end
                        + " where the open found " + count);
            }
            long[] fp = new long[count];
            for (int j = 0; j < count; j++) {
                fp[j] = recs.fingerprint(j);
            }
            values.complete(fp);
            return fp;
        } catch (IOException | RuntimeException e) {
            values.completeExceptionally(e);
            throw e;
        }
    }

    /** The fingerprint of UID {@code uid} (1 to {@link #count}), waiting for the computation if needed. */
    long of(long uid) throws IOException {
        return await()[Math.toIntExact(uid - 1)];
    }

    private long[] await() throws IOException {
        try {
            return values.join();
        } catch (CompletionException e) {
            throw new IOException("fingerprints of the messages could not be computed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Puts the fingerprints into {@code m}'s table and forgets them; a no-op if there are none. The caller holds the
     * state write lock (or is the mailbox's last user) and no parse lock.
     */
    static void settle(OpenMailbox m) throws IOException {
        DeferredFingerprints d = m.deferredFingerprints;
        if (d == null) {
            return;
        }
        long[] fp = d.await();
        MessageTable t = m.table;
        for (int i = 0; i < t.size() && t.uid(i) <= d.count; i++) {
            t.setFingerprint(i, fp[Math.toIntExact(t.uid(i) - 1)]);
        }
        m.deferredFingerprints = null;
    }
}

package org.mailtxt.mailstore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One expunge's file work, run with B EX and A EX held: builds the {@link CompactionPlan} from the message table,
 * journals it, lets the {@link Compactor} move the kept records down and truncate, then brings the table and the
 * index up to date. Not thread-safe; the caller holds the mailbox's state write lock.
 */
final class Compaction {
    private final OpenMailbox m;

    Compaction(OpenMailbox m) {
        this.m = m;
    }

    void run(boolean[] keep, Compactor.CrashPoint crash) throws IOException {
        if (m.deferredFingerprints != null) {
            throw new IllegalStateException("fingerprints of " + m.path + " still being computed; settle them first");
        }
        MessageTable t = m.table;
        int first = 0;
        while (first < keep.length && keep[first]) {
            first++;
        }
        if (first == keep.length) {
            return;
        }
        long destStart = t.offset(first);
        List<long[]> ranges = new ArrayList<>();
        long[] newOffsets = new long[keep.length];
        long w = destStart;
        for (int i = first; i < keep.length; i++) {
            if (!keep[i]) {
                continue;
            }
            long len = t.recordEnd(i) - t.offset(i);
            long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last[0] + last[1] == t.offset(i)) {
                last[1] += len;
            } else {
                ranges.add(new long[] {t.offset(i), len});
            }
            newOffsets[i] = w;
            w += len;
        }
        long tailStart = t.recordEnd(keep.length - 1);
        if (m.parsedEnd > tailStart) {
            throw new IllegalStateException("parsed end " + m.parsedEnd + " beyond the last record " + tailStart);
        }
        long[] src = new long[ranges.size()];
        long[] len = new long[ranges.size()];
        for (int k = 0; k < ranges.size(); k++) {
            src[k] = ranges.get(k)[0];
            len[k] = ranges.get(k)[1];
        }
        CompactionPlan plan = new CompactionPlan(destStart, src, len);
        for (int i = first; i < keep.length; i++) {
            if (!keep[i] && t.size(i) <= OpenMailbox.EXPUNGED_CACHE_BYTES / 4) {
                m.rememberExpunged(t.uid(i), m.file.read(t.textOffset(i), Math.toIntExact(t.size(i))));
            }
        }
        var st = m.file.stat();
        try (ExpungeJournal journal = ExpungeJournal.begin(m.path, st.device(), st.inode(), st.size(), plan)) {
            crash.at("journal written");
            new Compactor(m.file.channel, journal, plan).run(0, null, crash);
            journal.finish();
        } catch (IOException | RuntimeException e) {
            // The journal (if written) stays: the next open finishes the job. This object must not be used on.
            m.broken = true;
            throw e;
        }
        List<Long> expunged = new ArrayList<>();
        long firstMovedUid = Long.MAX_VALUE;
        for (int i = 0; i < keep.length; i++) {
            if (!keep[i]) {
                expunged.add(t.uid(i));
            } else if (i > first) {
                t.setOffset(i, newOffsets[i]);
                firstMovedUid = Math.min(firstMovedUid, t.uid(i));
            }
        }
        // Before the table shrinks and before the new size is remembered: the snapshot the rows were current for.
        m.store.book().oweOffsets(m, firstMovedUid);
        t.retain(keep);
        m.parsedEnd = plan.finalSize();
        m.highestModSeq++; // RFC 7162 §3.2.10: an expunge raises HIGHESTMODSEQ
        m.store.book().recordUpdates(m, List.of(), expunged);
    }
}

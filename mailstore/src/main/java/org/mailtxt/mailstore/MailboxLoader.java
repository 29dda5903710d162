package org.mailtxt.mailstore;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mailtxt.locking.FileStat;
import org.mailtxt.mailstore.format.MailboxFormat;
import org.mailtxt.mailstore.format.MalformedMailboxException;
import org.mailtxt.mailstore.format.RecordList;
import org.mailtxt.mailstore.format.SystemFlags;
import org.mailtxt.mailstore.index.IndexedMailbox;
import org.mailtxt.mailstore.index.IndexedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first load of an {@link OpenMailbox} (spec/c-client-locking.md §4.1): finish an interrupted expunge from its
 * journal (B EX), then B SH → A SH → parse → release B, and reconcile what the file holds with what the index knew,
 * so that surviving messages keep their UIDs. When the file is exactly as the index last saw it (same inode, size and
 * ctime to the nanosecond) nothing is parsed at all: the warm open. Runs before the mailbox is published to other
 * threads; not thread-safe.
 */
final class MailboxLoader {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxLoader.class);

    private MailboxLoader() {
    }

    /** {@code known} is the index's summary of the mailbox (no messages): they are read only when needed. */
    static void load(OpenMailbox m, Optional<IndexedMailbox> known, List<String> configuredKeywords)
            throws IOException {
        recoverInterruptedExpunge(m);
        m.keywords = keywordTable(known, configuredKeywords);
        try (Closeable b = m.locks.parseShared(m.file.fd)) {
            m.locks.holdShared(m.file.fd);
            FileStat st = m.file.stat();
            if (known.isPresent() && unchanged(known.get(), st)) {
                if (!TableSnapshot.read(m, known.get().state(), st)) {
                    loadFromIndex(m, m.store.book().load(m.key).orElseThrow(), st);
                }
                return;
            }
        }
        if (known.isPresent()) {
            known = m.store.book().load(m.key); // the messages, to keep their UIDs
        }
        // A mailbox the index never saw has nothing to reconcile: its fingerprints are computed behind the open.
        RecordList recs = scanWithQuarantine(m, known.isPresent()); // also remembers the file as scanned
        reconcile(m, known, recs);
    }

    private static void recoverInterruptedExpunge(OpenMailbox m) throws IOException {
        if (!java.nio.file.Files.exists(ExpungeJournal.pathFor(m.path)) || m.file.readOnly) {
            return;
        }
        try (Closeable b = m.locks.writeExclusive(m.file.fd, m.path)) {
            ExpungeRecovery.recover(m.path, m.file.channel, m.file.stat());
        }
    }

    private static KeywordTable keywordTable(Optional<IndexedMailbox> known, List<String> configured) {
        String[] names = new String[30];
        List<String> source = known.map(k -> k.keywords().names()).filter(l -> !l.isEmpty()).orElse(configured);
        for (int k = 0; k < source.size() && k < names.length; k++) {
            names[k] = source.get(k);
        }
        return new KeywordTable(names);
    }

    private static boolean unchanged(IndexedMailbox k, FileStat st) {
        var s = k.state().snapshot();
        return s.device() == st.device() && s.inode() == st.inode() && s.size() == st.size()
                && s.ctimeNanos() == st.ctimeNanos();
    }

    private static void loadFromIndex(OpenMailbox m, IndexedMailbox k, FileStat st) {
        m.uidValidity = k.state().uidValidity();
        m.uidNext = k.state().uidNext();
        m.highestModSeq = k.state().highestModSeq();
        for (IndexedMessage x : k.messages()) {
            int i = m.table.add(x.uid(), x.modSeq(), x.offset(), x.headerLineLength(), x.size(),
                    x.rfc822Size(), x.userFlags(), x.systemFlags(), x.fingerprint(),
                    (x.systemFlags() & SystemFlags.OLD) == 0, x.internalDateEpochSeconds(), x.zoneOffsetMinutes());
            m.table.setSaveDate(i, x.saveDateEpochSeconds());
        }
        m.parsedEnd = st.size();
        m.seen(st);
    }

    /**
     * Parses the whole file under B SH; a torn tail is moved to quarantine under B EX and the parse repeated. The file
     * state remembered as seen is the one stated while B is still held, so no append can fall between the parse and
     * it (appends need B EX): a stat after releasing B could count another process's new records as seen unparsed.
     */
    private static RecordList scanWithQuarantine(OpenMailbox m, boolean fingerprints) throws IOException {
        try (Closeable b = m.locks.parseShared(m.file.fd)) {
            FileStat st = m.file.stat();
            RecordList recs = m.file.scan(0, st.size(), fingerprints);
            m.seen(st);
            return recs;
        } catch (MalformedMailboxException e) {
            if (!e.isTornTail() || m.file.readOnly) {
                throw e;
            }
        }
        try (Closeable b = m.locks.writeExclusive(m.file.fd, m.path)) {
            long size = m.file.stat().size();
            RecordList recs;
            try {
                recs = m.file.scan(0, size, fingerprints);
            } catch (MalformedMailboxException e) {
                if (!e.isTornTail()) {
                    throw e;
                }
                Quarantine.moveTail(m.path, m.file, e.offset(), size);
                recs = m.file.scan(0, e.offset(), fingerprints);
            }
            m.seen(m.file.stat());
            return recs;
        }
    }


    private static void reconcile(OpenMailbox m, Optional<IndexedMailbox> known, RecordList recs) throws IOException {
        if (known.isEmpty()) {
            firstIndexing(m, recs);
            return;
        }
        List<IndexedMessage> old = known.map(IndexedMailbox::messages).orElse(List.of());
        long[] oldFp = new long[old.size()];
        for (int i = 0; i < old.size(); i++) {
            oldFp[i] = old.get(i).fingerprint();
        }
        // Every record's real fingerprint (the scanner computes it in the same read as the header line). A record
        // found at a known offset is not assumed to be the message that was there: a foreign expunge moves later
        // records onto earlier offsets, and one with the same date and size would steal the old UID.
        long[] fp = new long[recs.size()];
        for (int j = 0; j < recs.size(); j++) {
            fp[j] = recs.fingerprint(j);
        }
        Reconciler.Result r = Reconciler.reconcile(oldFp, fp);
        boolean fresh = known.isEmpty() || r.replaced();
        if (fresh) {
            long previous = known.map(k -> k.state().uidValidity()).orElse(0L);
            m.uidValidity = Math.max(Instant.now().getEpochSecond() & 0xFFFF_FFFFL, previous + 1);
            m.uidNext = 1;
            m.highestModSeq = 1;
            if (known.isPresent()) {
                LOG.warn("{} was replaced beyond recognition (none of its {} indexed messages found): new UIDVALIDITY"
                        + " {}", m.path, old.size(), m.uidValidity);
            }
        } else {
            m.uidValidity = known.get().state().uidValidity();
            m.uidNext = known.get().state().uidNext();
            m.highestModSeq = known.get().state().highestModSeq();
        }
        boolean anyExpunged = false;
        for (boolean e : r.expunged()) {
            anyExpunged |= e;
        }
        if (!fresh && anyExpunged) {
            m.highestModSeq++;
        }
        boolean mtx = m.file.format == MailboxFormat.MTX;
        List<Integer> inserted = new java.util.ArrayList<>();
        List<Integer> updated = new java.util.ArrayList<>();
        for (int j = 0; j < recs.size(); j++) {
            int k = fresh ? -1 : r.matchedKnown()[j];
            IndexedMessage was = k >= 0 ? old.get(k) : null;
            long uid = was != null ? was.uid() : m.uidNext++;
            long modSeq = was == null ? ++m.highestModSeq
                    : (was.userFlags() != recs.userFlags(j)
                    || ((was.systemFlags() ^ recs.systemFlags(j)) & ~SystemFlags.OLD) != 0)
                    ? ++m.highestModSeq : was.modSeq();
            long rfc822 = mtx ? recs.textSize(j) : was != null ? was.rfc822Size() : 0;
            int i = m.table.add(uid, modSeq, recs.offset(j), recs.lineLength(j), recs.textSize(j), rfc822,
                    recs.userFlags(j), recs.systemFlags(j), fp[j], (recs.systemFlags(j) & SystemFlags.OLD) == 0,
                    recs.epochSecond(j), recs.zoneMinutes(j));
            // Save date: kept for a known message; "now" for one another process added since the index last saw
            // the file; unknown (the internal date stands in) when the whole mailbox is indexed afresh.
            m.table.setSaveDate(i, was != null ? was.saveDateEpochSeconds() : fresh ? 0 : OpenMailbox.nowSeconds());
            if (was == null) {
                inserted.add(i);
            } else if (was.offset() != recs.offset(j) || was.modSeq() != modSeq
                    || was.systemFlags() != recs.systemFlags(j)) {
                updated.add(i);
            }
        }
        m.parsedEnd = recs.end();
        if (fresh) {
            m.store.book().reset(m);
            return;
        }
        List<Long> expunged = new java.util.ArrayList<>();
        for (int k = 0; k < old.size(); k++) {
            if (r.expunged()[k]) {
                expunged.add(old.get(k).uid());
            }
        }
        m.store.book().recordReconcile(m, inserted, updated, expunged);
    }

    /**
     * A mailbox the index has never seen: every record gets the next UID in file order under a new UIDVALIDITY. The
     * cold open's path, kept free of per-message objects (it is what a client waits for on a large mailbox). The
     * scan computed no fingerprints: they are left to {@link DeferredFingerprints}, computed before the index rows.
     */
    private static void firstIndexing(OpenMailbox m, RecordList recs) throws IOException {
        m.uidValidity = Math.max(Instant.now().getEpochSecond() & 0xFFFF_FFFFL, 1);
        m.uidNext = 1;
        m.highestModSeq = 1;
        boolean mtx = m.file.format == MailboxFormat.MTX;
        int n = recs.size();
        m.table.ensureCapacity(n);
        for (int j = 0; j < n; j++) {
            int system = recs.systemFlags(j);
            m.table.add(m.uidNext++, ++m.highestModSeq, recs.offset(j), recs.lineLength(j), recs.textSize(j),
                    mtx ? recs.textSize(j) : 0, recs.userFlags(j), system, recs.fingerprint(j),
                    (system & SystemFlags.OLD) == 0, recs.epochSecond(j), recs.zoneMinutes(j));
        }
        m.parsedEnd = recs.end();
        if (n > 0) {
            m.deferredFingerprints = DeferredFingerprints.of(n, recs.end());
        }
        m.store.book().reset(m);
    }
}

package org.mailtxt.mailstore;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mailtxt.locking.FileStat;
import org.mailtxt.mailstore.format.AppendRejectedException;
import org.mailtxt.mailstore.format.InternalDate;
import org.mailtxt.mailstore.format.MalformedMailboxException;
import org.mailtxt.mailstore.format.RecordList;
import org.mailtxt.mailstore.format.SystemFlags;

/**
 * The operations of an {@link OpenMailbox}, each a sequence of c-client's locks (spec/c-client-locking.md §4) around
 * file work, followed by the index update and the listener call. Kept apart from OpenMailbox so that the lock
 * choreography reads as one list per operation. Callers are OpenMailbox's public methods; thread-safety comes from
 * its state lock, taken here.
 */
final class MailboxOps {
    private final OpenMailbox m;

    MailboxOps(OpenMailbox m) {
        this.m = m;
    }

    /** §4.2: picks up records appended and flags rewritten by other processes. */
    void check() throws IOException {
        FileStat quick = m.file.stat();
        if (quick.size() == m.seenSize && quick.ctimeNanos() == m.seenCtime) {
            return;
        }
        MailboxChange change;
        m.state.writeLock().lock();
        try {
            ensureUsable();
            change = pickUpForeignChanges(false);
        } finally {
            m.state.writeLock().unlock();
        }
        m.fire(change);
    }

    /**
     * Appends (§4.4): A is held since open; B exclusive; write at the end; fsync; truncate back on failure.
     * Concurrent appends to one mailbox are written together ({@link AppendQueue}).
     */
    AppendResult append(List<AppendRequest> messages) throws IOException, AppendRejectedException {
        if (m.file.readOnly) {
            throw new MailboxException(m.path, "is open read-only (no write permission); append refused");
        }
        for (AppendRequest r : messages) {
            if (r.rfc822().length > m.store.config().maxMessageSize()) {
                throw new MessageTooLargeException(m.path, r.rfc822().length, m.store.config().maxMessageSize());
            }
        }
        return appends.submit(messages, this::appendBatch);
    }

    private final AppendQueue appends = new AppendQueue();

    /** One group commit: every request of the batch that c-client would accept, in one write and one fsync. */
    private void appendBatch(List<AppendQueue.Pending> batch) throws IOException {
        List<MessageInfo> added = new ArrayList<>();
        MailboxChange foreign;
        long validity;
        m.state.writeLock().lock();
        try {
            ensureUsable();
            List<AppendQueue.Pending> accepted = new ArrayList<>();
            List<byte[]> records = new ArrayList<>();
            List<InternalDate> dates = new ArrayList<>();
            List<int[]> flags = new ArrayList<>();
            for (AppendQueue.Pending p : batch) {
                int before = records.size();
                try {
                    for (AppendRequest r : p.messages) {
                        int user = defineKeywords(r.keywords());
                        InternalDate date = OpenMailbox.dateOf(r);
                        records.add(m.file.format.codec().appendRecord(date, user, r.systemFlags(), r.rfc822()));
                        dates.add(date);
                        flags.add(new int[] {user, r.systemFlags()});
                    }
                    accepted.add(p);
                } catch (AppendRejectedException | IOException e) {
                    records.subList(before, records.size()).clear();
                    dates.subList(before, dates.size()).clear();
                    flags.subList(before, flags.size()).clear();
                    p.done.completeExceptionally(e);
                }
            }
            if (accepted.isEmpty()) {
                return;
            }
            long start;
            try (Closeable b = m.locks.writeExclusive(m.file.fd, m.path)) {
                foreign = pickUpForeignChanges(true);
                start = m.parsedEnd;
                FileStat before = m.file.stat();
                m.file.appendRecords(records, start);
                // §10: an append sets atime = now - 1 (so the mailbox shows new mail) and puts mtime back.
                m.file.setTimes(OpenMailbox.nowSeconds() - 1, before.mtimeNanos() / 1_000_000_000L);
                m.seen(m.file.stat());
            }
            long at = start;
            long savedAt = OpenMailbox.nowSeconds(); // the save date of what is appended, copied or moved here
            List<Integer> newIndexes = new ArrayList<>();
            List<Long> uids = new ArrayList<>();
            for (int k = 0; k < records.size(); k++) {
                byte[] rec = records.get(k);
                int lineLength = lineLength(rec);
                long textSize = rec.length - lineLength;
                long uid = m.uidNext++;
                long modSeq = ++m.highestModSeq;
                byte[] dateText = dates.get(k).text().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                long fp = org.mailtxt.mailstore.format.Fingerprint.of(dateText, 0, dateText.length, textSize, rec,
                        lineLength, (int) Math.min(textSize, org.mailtxt.mailstore.format.Fingerprint.PREFIX));
                long rfc822 = m.file.format.codec().rfc822Size(java.util.Arrays.copyOfRange(rec, lineLength,
                        rec.length));
                int i = m.table.add(uid, modSeq, at, lineLength, textSize, rfc822, flags.get(k)[0], flags.get(k)[1],
                        fp, true, dates.get(k));
                m.table.setSaveDate(i, savedAt);
                newIndexes.add(i);
                uids.add(uid);
                added.add(m.info(i));
                at += rec.length;
                m.parsedEnd = at;
            }
            m.store.book().recordAppend(m, newIndexes);
            validity = m.uidValidity;
            int next = 0;
            for (AppendQueue.Pending p : accepted) {
                p.done.complete(new AppendResult(validity, uids.subList(next, next + p.messages.size())));
                next += p.messages.size();
            }
        } finally {
            m.state.writeLock().unlock();
        }
        m.fire(foreign);
        m.fire(new MailboxChange(m.path, validity, added, List.of(), List.of(), false));
    }

    /** §4.3 and §9.3: re-read each message's digits, apply, write back in place with the old bit; fsync; times. */
    List<MessageInfo> updateFlags(Collection<Long> uids, FlagChange change) throws IOException {
        if (m.file.readOnly) {
            throw new MailboxException(m.path, "is open read-only (no write permission); flag change refused");
        }
        List<MessageInfo> changed = new ArrayList<>();
        List<Integer> updatedIndexes = new ArrayList<>();
        MailboxChange foreign;
        long validity;
        m.state.writeLock().lock();
        try {
            ensureUsable();
            foreign = pickUpForeignChanges(false);
            int bits = change.mode() == FlagChange.Mode.REMOVE ? m.keywords.bitsFor(m.path, change.keywords(), false,
                    new HashSet<>()) : defineKeywords(change.keywords());
            boolean wrote = false;
            for (long uid : uids) {
                int i = m.table.indexOf(uid);
                if (i < 0) {
                    continue;
                }
                long digitsAt = flagsOffset(i);
                int[] cur = m.file.readFlags(digitsAt);
                int newSystem = change.applySystem(cur[1]) | SystemFlags.OLD;
                int newUser = change.applyUser(cur[0], bits);
                if (newSystem != cur[1] || newUser != cur[0]) {
                    m.file.writeFlags(digitsAt, newUser, newSystem);
                    wrote = true;
                }
                if (visible(newSystem) != visible(m.table.systemFlags(i)) || newUser != m.table.userFlags(i)) {
                    m.table.setFlags(i, newUser, newSystem, ++m.highestModSeq);
                    changed.add(m.info(i));
                    updatedIndexes.add(i);
                } else {
                    m.table.setFlags(i, newUser, newSystem, m.table.modSeq(i));
                }
            }
            if (wrote) {
                m.file.force();
                long now = OpenMailbox.nowSeconds();
                m.file.setTimes(now, now);
                rememberOwnWrite(m.file.stat());
            }
            m.store.book().recordUpdates(m, updatedIndexes, List.of());
            validity = m.uidValidity;
        } finally {
            m.state.writeLock().unlock();
        }
        m.fire(foreign);
        m.fire(new MailboxChange(m.path, validity, List.of(), List.of(), changed, false));
        return changed;
    }

    /** §4.6: B EX, reparse, A EX|NB or "in use", journaled compaction, truncate, fsync, A back to SH. */
    List<Long> expunge(Set<Long> only) throws IOException {
        if (m.file.readOnly) {
            throw new MailboxException(m.path, "is open read-only (no write permission); expunge refused");
        }
        List<Long> removed = new ArrayList<>();
        MailboxChange foreign;
        long validity;
        m.state.writeLock().lock();
        try {
            ensureUsable();
            DeferredFingerprints.settle(m); // before records move, and before any parse lock is taken
            try (Closeable b = m.locks.writeExclusive(m.file.fd, m.path)) {
                foreign = pickUpForeignChanges(true);
                foreign = merge(foreign, rereadAllFlags());
                boolean[] keep = new boolean[m.table.size()];
                for (int i = 0; i < keep.length; i++) {
                    boolean deleted = (m.table.systemFlags(i) & SystemFlags.DELETED) != 0
                            && (only == null || only.contains(m.table.uid(i)));
                    keep[i] = !deleted;
                    if (deleted) {
                        removed.add(m.table.uid(i));
                    }
                }
                if (!removed.isEmpty()) {
                    if (!m.locks.tryUpgrade(m.file.fd)) {
                        throw new MailboxInUseException(m.path, "expunge", m.locks.foreignHolders(m.file.fd));
                    }
                    try {
                        new Compaction(m).run(keep, Compactor.NONE);
                    } finally {
                        m.locks.downgrade(m.file.fd);
                    }
                }
                FileStat after = m.file.stat();
                m.file.setTimes(OpenMailbox.nowSeconds(), after.mtimeNanos() / 1_000_000_000L);
                m.seen(m.file.stat());
            }
            validity = m.uidValidity;
        } finally {
            m.state.writeLock().unlock();
        }
        m.fire(foreign);
        m.fire(new MailboxChange(m.path, validity, List.of(), removed, List.of(), false));
        return removed;
    }

    /** §8: the old bit for every message still \Recent for this JVM ({@code only}: just those UIDs; null: all). */
    List<Long> claimRecent(java.util.Set<Long> only) throws IOException {
        if (!anyRecent()) {
            return List.of(); // the usual SELECT: no need to stop the mailbox's readers for the write lock
        }
        List<Long> claimed = new ArrayList<>();
        m.state.writeLock().lock();
        try {
            ensureUsable();
            boolean wrote = false;
            for (int i = 0; i < m.table.size(); i++) {
                if (!m.table.recent(i) || only != null && !only.contains(m.table.uid(i))) {
                    continue;
                }
                m.table.clearRecent(i);
                claimed.add(m.table.uid(i));
                if (m.file.readOnly) {
                    continue;
                }
                long digitsAt = flagsOffset(i);
                int[] cur = m.file.readFlags(digitsAt);
                if ((cur[1] & SystemFlags.OLD) == 0) {
                    m.file.writeFlags(digitsAt, cur[0], cur[1] | SystemFlags.OLD);
                    m.table.setFlags(i, cur[0], cur[1] | SystemFlags.OLD, m.table.modSeq(i));
                    wrote = true;
                }
            }
            if (wrote) {
                m.file.force();
                FileStat st = m.file.stat();
                m.file.setTimes(OpenMailbox.nowSeconds(), st.mtimeNanos() / 1_000_000_000L);
                rememberOwnWrite(m.file.stat());
            }
        } finally {
            m.state.writeLock().unlock();
        }
        return claimed;
    }

    /** True if some message is still \Recent (a message appended meanwhile is claimed by the next SELECT). */
    private boolean anyRecent() {
        m.state.readLock().lock();
        try {
            for (int i = 0; i < m.table.size(); i++) {
                if (m.table.recent(i)) {
                    return true;
                }
            }
            return false;
        } finally {
            m.state.readLock().unlock();
        }
    }

    /**
     * Under the state write lock: parses records other processes appended (taking B SH unless the caller holds B
     * EX), quarantines a torn tail, and re-reads flags when another process may have rewritten them.
     */
    MailboxChange pickUpForeignChanges(boolean holdingExclusive) throws IOException {
        FileStat st = m.file.stat();
        if (st.size() == m.seenSize && st.ctimeNanos() == m.seenCtime) {
            return empty();
        }
        if (st.size() < m.parsedEnd) {
            m.broken = true;
            throw new MailboxException(m.path, "Mailbox shrank from " + m.parsedEnd + " to " + st.size()
                    + "! Another program cut the file while it was open; it is closed for safety, reopen it");
        }
        boolean flagsMayHaveChanged = st.mtimeNanos() != m.seenMtime || st.size() == m.seenSize;
        MailboxChange appended = empty();
        if (st.size() > m.parsedEnd) {
            appended = holdingExclusive ? parseTail(true) : parseTailShared();
        }
        MailboxChange flags = flagsMayHaveChanged ? rereadAllFlags() : empty();
        // What is now seen is the file as it was before this look, never a stat taken after it: another process may
        // have appended once the parse lock was released (or while flags were re-read), and a later stat would mark
        // those records seen unparsed, so no check would ever pick them up. Anything after st shows as a change.
        m.seen(st);
        return merge(appended, flags);
    }

    private MailboxChange parseTailShared() throws IOException {
        try (Closeable b = m.locks.parseShared(m.file.fd)) {
            return parseTail(false);
        } catch (MalformedMailboxException e) {
            if (!e.isTornTail()) {
                throw e;
            }
        }
        // A torn tail seen under the shared lock was left by a writer that died: only an exclusive holder may cut it.
        try (Closeable b = m.locks.writeExclusive(m.file.fd, m.path)) {
            return parseTail(true);
        }
    }

    /** Parses [parsedEnd, size) into new UIDs; with B EX held, moves a torn tail to quarantine first. */
    private MailboxChange parseTail(boolean exclusive) throws IOException {
        long size = m.file.stat().size();
        RecordList recs;
        try {
            recs = m.file.scan(m.parsedEnd, size);
        } catch (MalformedMailboxException e) {
            if (!exclusive || !e.isTornTail()) {
                throw e;
            }
            Quarantine.moveTail(m.path, m.file, e.offset(), size);
            size = e.offset();
            recs = m.file.scan(m.parsedEnd, size);
        }
        List<MessageInfo> added = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        long savedAt = OpenMailbox.nowSeconds();
        for (int j = 0; j < recs.size(); j++) {
            int i = m.table.add(m.uidNext++, ++m.highestModSeq, recs.offset(j), recs.lineLength(j), recs.textSize(j),
                    m.file.format == org.mailtxt.mailstore.format.MailboxFormat.MTX ? recs.textSize(j) : 0,
                    recs.userFlags(j), recs.systemFlags(j), recs.fingerprint(j),
                    (recs.systemFlags(j) & SystemFlags.OLD) == 0, recs.internalDate(j));
            m.table.setSaveDate(i, savedAt); // appended, copied or moved here now, by us or by another process
            idx.add(i);
            added.add(m.info(i));
        }
        m.parsedEnd = recs.isEmpty() ? Math.max(m.parsedEnd, recs.end()) : recs.end();
        m.store.book().recordAppend(m, idx);
        return new MailboxChange(m.path, m.uidValidity, added, List.of(), List.of(), true);
    }

    /** Re-reads every message's flag digits (§7.3); a visible difference is a foreign flag change. */
    private MailboxChange rereadAllFlags() throws IOException {
        if (m.table.size() == 0) {
            return empty();
        }
        RecordList recs = m.file.scan(m.table.offset(0), m.table.recordEnd(m.table.size() - 1));
        if (recs.size() != m.table.size()) {
            m.broken = true;
            throw new MailboxException(m.path, "records moved while the mailbox was open (" + recs.size()
                    + " found, " + m.table.size() + " expected): another program rewrote it; reopen it");
        }
        List<MessageInfo> changed = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < recs.size(); i++) {
            int user = recs.userFlags(i);
            int system = recs.systemFlags(i);
            if (user != m.table.userFlags(i) || visible(system) != visible(m.table.systemFlags(i))) {
                m.table.setFlags(i, user, system, ++m.highestModSeq);
                changed.add(m.info(i));
                idx.add(i);
            } else if (system != m.table.systemFlags(i)) {
                m.table.setFlags(i, user, system, m.table.modSeq(i));
            }
        }
        m.store.book().recordUpdates(m, idx, List.of());
        return new MailboxChange(m.path, m.uidValidity, List.of(), List.of(), changed, true);
    }

    private int defineKeywords(Set<String> names) throws IOException {
        Set<Integer> added = new HashSet<>();
        int bits = m.keywords.bitsFor(m.path, names, true, added);
        for (int k : added) {
            m.store.book().defineKeyword(m, k, m.keywords.nameAt(k));
        }
        return bits;
    }

    long flagsOffset(int i) {
        return m.table.offset(i) + m.table.lineLength(i) - m.file.format.flagDigitsFromLineEnd();
    }

    /**
     * After writing flags in place without the parse lock: the stat is taken after the write, so it counts as seen
     * only if the file still ends where this JVM parsed it. If it grew, another process appended meanwhile, and
     * remembering that size would count its records as seen unparsed; the previous state is kept instead, so the
     * next check parses them (and re-reads the flags, ours included).
     */
    private void rememberOwnWrite(FileStat st) {
        if (st.size() == m.parsedEnd) {
            m.seen(st);
        }
    }

    private void ensureUsable() throws MailboxException {
        if (m.broken) {
            throw new MailboxException(m.path, "was closed for safety after an earlier error; reopen it");
        }
    }

    private static int visible(int system) {
        return system & ~SystemFlags.OLD;
    }

    private static int lineLength(byte[] record) {
        for (int i = 0; i < record.length; i++) {
            if (record[i] == '\n') {
                return i + 1;
            }
        }
        throw new IllegalStateException("record without header line");
    }

    private MailboxChange empty() {
        return new MailboxChange(m.path, m.uidValidity, List.of(), List.of(), List.of(), true);
    }

    private MailboxChange merge(MailboxChange a, MailboxChange b) {
        List<MessageInfo> added = new ArrayList<>(a.added());
        added.addAll(b.added());
        List<Long> expunged = new ArrayList<>(a.expunged());
        expunged.addAll(b.expunged());
        List<MessageInfo> flags = new ArrayList<>(a.flagsChanged());
        flags.addAll(b.flagsChanged());
        return new MailboxChange(m.path, m.uidValidity, added, expunged, flags, true);
    }
}

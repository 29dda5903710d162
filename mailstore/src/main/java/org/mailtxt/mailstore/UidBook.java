package org.mailtxt.mailstore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.mailtxt.mailstore.index.FileSnapshot;
import org.mailtxt.mailstore.index.IndexChange;
import org.mailtxt.mailstore.index.IndexedMailbox;
import org.mailtxt.mailstore.index.IndexedMessage;
import org.mailtxt.mailstore.index.MailboxIndex;
import org.mailtxt.mailstore.index.MailboxState;

/**
 * Keeps the index in step with open mailboxes: turns message-table rows into {@link IndexedMessage}s and each
 * operation's outcome into one index transaction. The UIDs and MODSEQs live only here and in memory, so every change
 * is recorded before it is reported to anyone.
 *
 * <p>All index work runs on one writer thread, in submission order, so a caller never sees the index behind a write
 * it made. The one write not waited for is the first indexing of a mailbox nobody had indexed (every message is
 * new): the open returns as soon as the file is parsed, and the rows are written behind it. If the process dies
 * before that write lands, the next open finds no index and gives the mailbox a new UIDVALIDITY, which is exactly
 * what IMAP requires when UIDs were not kept. Thread-safe.
 */
final class UidBook {
    private final MailboxIndex index;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mailtxt-index-writer");
        t.setDaemon(true);
        return t;
    });

    UidBook(MailboxIndex index) {
        this.index = index;
    }

    MailboxIndex index() {
        return index;
    }

    interface IndexWork<T> {
        T run() throws IOException;
    }

    /** Runs index work on the writer thread and waits for it. */
    <T> T sync(IndexWork<T> work) throws IOException {
        Future<T> f = writer.submit(work::run);
        try {
            return Waiting.forResult(f, "the index");
        } catch (org.mailtxt.mailstore.format.AppendRejectedException e) {
            throw new IOException(e);
        }
    }

    private void syncVoid(IndexWork<Void> work) throws IOException {
        sync(work);
    }

    Optional<IndexedMailbox> load(String key) throws IOException {
        return sync(() -> index.load(key));
    }

    Optional<IndexedMailbox> loadSummary(String key) throws IOException {
        return sync(() -> index.loadSummary(key));
    }

    /** Waits for queued index writes, then stops the writer (the store closes the index after this). */
    void drain() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(60, TimeUnit.SECONDS)) {
                org.slf4j.LoggerFactory.getLogger(UidBook.class).warn("index writes still running after 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void recordAppend(OpenMailbox m, List<Integer> indexes) throws IOException {
        if (indexes.isEmpty()) {
            return;
        }
        IndexChange change = new IndexChange(state(m), rows(m, indexes), List.of(), List.of());
        syncVoid(() -> {
            index.apply(m.key, change);
            return null;
        });
    }

    void recordUpdates(OpenMailbox m, List<Integer> updated, List<Long> expunged) throws IOException {
        if (updated.isEmpty() && expunged.isEmpty()) {
            return;
        }
        IndexChange change = new IndexChange(state(m), List.of(), rows(m, updated), expunged);
        syncVoid(() -> {
            index.apply(m.key, change);
            return null;
        });
    }

    /** What an open found changed since the index last saw the file, in one transaction. */
    void recordReconcile(OpenMailbox m, List<Integer> inserted, List<Integer> updated, List<Long> expunged)
            throws IOException {
        IndexChange change = new IndexChange(state(m), rows(m, inserted), rows(m, updated), expunged);
        syncVoid(() -> {
            index.apply(m.key, change);
            return null;
        });
    }

    /**
     * Notes that the rows of every message from {@code firstMovedUid} on now hold stale record offsets (an expunge
     * moved those records; {@link Long#MAX_VALUE}: nothing moved). They are rewritten once, by {@link #recordClose},
     * instead of at every expunge. Until then every state written carries the file snapshot of the moment the rows
     * were last current, which the file can never match again (its ctime moved), so no open trusts the stale rows:
     * after a crash the next open parses the file and finds each message's UID by its fingerprint. Called with the
     * mailbox's state write lock held, before the expunge's new file size is remembered.
     */
    void oweOffsets(OpenMailbox m, long firstMovedUid) {
        if (firstMovedUid == Long.MAX_VALUE) {
            return;
        }
        if (m.offsetsOwedFromUid == Long.MAX_VALUE) {
            m.rowsSnapshot = snapshot(m);
        }
        m.offsetsOwedFromUid = Math.min(m.offsetsOwedFromUid, firstMovedUid);
    }

    /**
     * Records the mailbox as it is closed by its last user: the rows whose offsets were owed (see
     * {@link #oweOffsets}), then the file's real state, in one transaction.
     */
    void recordClose(OpenMailbox m) throws IOException {
        List<Integer> owed = new ArrayList<>();
        if (m.offsetsOwedFromUid != Long.MAX_VALUE) {
            for (int i = m.table.firstAtOrAbove(m.offsetsOwedFromUid); i < m.table.size(); i++) {
                owed.add(i);
            }
        }
        List<IndexedMessage> rows = rows(m, owed);
        m.offsetsOwedFromUid = Long.MAX_VALUE;
        m.rowsSnapshot = null;
        IndexChange change = new IndexChange(state(m), List.of(), rows, List.of());
        syncVoid(() -> {
            index.apply(m.key, change);
            return null;
        });
    }

    /**
     * Records the table as it is: a first open (no index entry) creates the entry; a file replaced beyond recognition
     * replaces the entry's messages under its new, higher UIDVALIDITY.
     */
    void reset(OpenMailbox m) throws IOException {
        MailboxState state = state(m);
        String[] names = m.keywords.toArray();
        // First indexing of a big mailbox: written behind the open (see the class comment), from a copy of the table
        // taken now, the rows built on the writer thread, not on the opening one.
        boolean behind = state.uidNext() == m.table.size() + 1L && m.table.size() > 1000;
        MessageTable table = behind ? m.table.copy() : m.table;
        DeferredFingerprints deferred = m.deferredFingerprints;
        IndexWork<IndexedMailbox> work = () -> {
            long[] fingerprints = deferred == null ? null : deferred.compute(m.file);
            List<IndexedMessage> rows = new ArrayList<>(table.size());
            for (int i = 0; i < table.size(); i++) {
                rows.add(row(table, i, fingerprints == null || table.uid(i) > fingerprints.length
                        ? table.fingerprint(i) : fingerprints[Math.toIntExact(table.uid(i) - 1)]));
            }
            Optional<IndexedMailbox> now = index.load(m.key);
            if (now.isPresent()) {
                MailboxState theirs = now.get().state();
                if (rows.isEmpty() && now.get().messages().isEmpty() && theirs.uidValidity() >= state.uidValidity()) {
                    // MailStore.create of this empty mailbox (another session's CREATE, or two first logins making
                    // INBOX) indexed it after this open looked: keep its UIDVALIDITY instead of refusing the open.
                    return now.get();
                }
                index.reset(m.key, state, rows);
                return null;
            }
            index.create(m.key, state.uidValidity(), state.snapshot());
            for (int k = 0; k < names.length; k++) {
                if (names[k] != null) {
                    checkKeyword(m, k, names[k], index.defineKeyword(m.key, names[k]));
                }
            }
            index.apply(m.key, new IndexChange(state, rows, List.of(), List.of()));
            return null;
        };
        if (behind) {
            writer.submit(() -> {
                try {
                    work.run();
                } catch (IOException | RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(UidBook.class).error("indexing {} failed; its UIDs will get a"
                            + " new UIDVALIDITY at the next open", m.path, e);
                }
                return null;
            });
        } else {
            IndexedMailbox adopted = sync(work);
            DeferredFingerprints.settle(m); // computed by the work just done; the mailbox is not yet published
            if (adopted != null) {
                m.uidValidity = adopted.state().uidValidity();
                m.uidNext = adopted.state().uidNext();
                m.highestModSeq = adopted.state().highestModSeq();
            }
        }
    }

    void defineKeyword(OpenMailbox m, int k, String name) throws IOException {
        checkKeyword(m, k, name, sync(() -> index.defineKeyword(m.key, name)));
    }

    private static void checkKeyword(OpenMailbox m, int k, String name, int got) throws IOException {
        if (got != k) {
            throw new IOException("keyword table of " + m.path + " is out of step with the index: '" + name
                    + "' is number " + got + " there and " + k + " in memory; delete the index to rebuild it");
        }
    }

    private static MailboxState state(OpenMailbox m) {
        FileSnapshot file = m.offsetsOwedFromUid == Long.MAX_VALUE ? snapshot(m) : m.rowsSnapshot;
        return new MailboxState(m.uidValidity, m.uidNext, Math.max(1, m.highestModSeq), file);
    }

    static FileSnapshot snapshot(OpenMailbox m) {
        try {
            var st = m.file.stat();
            return new FileSnapshot(st.device(), st.inode(), m.seenSize, m.seenCtime, m.seenMtime,
                    m.file.format.name());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Rows of the live table; a fingerprint still being computed behind a cold open is waited for. */
    private static List<IndexedMessage> rows(OpenMailbox m, List<Integer> indexes) throws IOException {
        DeferredFingerprints deferred = m.deferredFingerprints;
        List<IndexedMessage> out = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            long uid = m.table.uid(i);
            out.add(row(m.table, i, deferred != null && uid <= deferred.count() ? deferred.of(uid)
                    : m.table.fingerprint(i)));
        }
        return out;
    }

    private static IndexedMessage row(MessageTable t, int i, long fingerprint) {
        return new IndexedMessage(t.uid(i), Math.max(1, t.modSeq(i)), t.offset(i), t.lineLength(i), t.size(i),
                Math.max(0, t.rfc822Size(i)), t.dateEpoch(i), t.dateZone(i), fingerprint, t.userFlags(i),
                t.systemFlags(i), t.saveDate(i));
    }
}

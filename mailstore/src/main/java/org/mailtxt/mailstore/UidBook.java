package org.mailtxt.mailstore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailtxt.mailstore.index.FileSnapshot;
import org.mailtxt.mailstore.index.IndexChange;
import org.mailtxt.mailstore.index.IndexedMailbox;
import org.mailtxt.mailstore.index.IndexedMessage;
import org.mailtxt.mailstore.index.MailboxIndex;
import org.mailtxt.mailstore.index.MailboxState;

/**
 * Keeps the index in step with open mailboxes: turns message-table rows into {@link IndexedMessage}s and each
 * operation's outcome into one index transaction. The UIDs and MODSEQs live only here and in memory, so every change
 * is recorded before it is reported to anyone. Thread-safe as the index is; callers hold the mailbox's state lock.
 */
final class UidBook {
    private final MailboxIndex index;

    UidBook(MailboxIndex index) {
        this.index = index;
    }

    MailboxIndex index() {
        return index;
    }

    Optional<IndexedMailbox> load(String key) throws IOException {
        return index.load(key);
    }

    void recordAppend(OpenMailbox m, List<Integer> indexes) throws IOException {
        if (indexes.isEmpty()) {
            return;
        }
        index.apply(m.key, new IndexChange(state(m), rows(m, indexes), List.of(), List.of()));
    }

    void recordUpdates(OpenMailbox m, List<Integer> updated, List<Long> expunged) throws IOException {
        if (updated.isEmpty() && expunged.isEmpty()) {
            return;
        }
        index.apply(m.key, new IndexChange(state(m), List.of(), rows(m, updated), expunged));
    }

    /** What an open found changed since the index last saw the file, in one transaction. */
    void recordReconcile(OpenMailbox m, List<Integer> inserted, List<Integer> updated, List<Long> expunged)
            throws IOException {
        index.apply(m.key, new IndexChange(state(m), rows(m, inserted), rows(m, updated), expunged));
    }

    void recordState(OpenMailbox m) throws IOException {
        index.apply(m.key, IndexChange.stateOnly(state(m)));
    }

    /**
     * Records the table as it is: a first open (no index entry) creates the entry; a file replaced beyond recognition
     * replaces the entry's messages under its new, higher UIDVALIDITY.
     */
    void reset(OpenMailbox m) throws IOException {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < m.table.size(); i++) {
            all.add(i);
        }
        if (index.load(m.key).isPresent()) {
            index.reset(m.key, state(m), rows(m, all));
            return;
        }
        index.create(m.key, m.uidValidity, snapshot(m));
        String[] names = m.keywords.toArray();
        for (int k = 0; k < names.length; k++) {
            if (names[k] != null) {
                defineKeyword(m, k, names[k]);
            }
        }
        index.apply(m.key, new IndexChange(state(m), rows(m, all), List.of(), List.of()));
    }

    void defineKeyword(OpenMailbox m, int k, String name) throws IOException {
        int got = index.defineKeyword(m.key, name);
        if (got != k) {
            throw new IOException("keyword table of " + m.path + " is out of step with the index: '" + name
                    + "' is number " + got + " there and " + k + " in memory; delete the index to rebuild it");
        }
    }

    private static MailboxState state(OpenMailbox m) {
        return new MailboxState(m.uidValidity, m.uidNext, Math.max(1, m.highestModSeq), snapshot(m));
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

    private static List<IndexedMessage> rows(OpenMailbox m, List<Integer> indexes) {
        MessageTable t = m.table;
        List<IndexedMessage> out = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            out.add(new IndexedMessage(t.uid(i), Math.max(1, t.modSeq(i)), t.offset(i), t.lineLength(i), t.size(i),
                    Math.max(0, t.rfc822Size(i)), t.dateEpoch(i), t.dateZone(i),
                    t.fingerprint(i), t.userFlags(i), t.systemFlags(i)));
        }
        return out;
    }
}

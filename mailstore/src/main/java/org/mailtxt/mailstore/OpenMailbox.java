package org.mailtxt.mailstore;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.mailtxt.locking.FileStat;
import org.mailtxt.mailstore.format.AppendRejectedException;
import org.mailtxt.mailstore.format.InternalDate;
import org.mailtxt.mailstore.format.MailboxFormat;
import org.mailtxt.mailstore.format.SystemFlags;

/**
 * One mailbox file held open by this JVM, shared by every session that uses it (one per file per JVM, see
 * {@link MailStore}): toward other processes the JVM is a single c-client-style sharer holding the mailbox flock
 * shared from open to close, so only a <em>foreign process</em> can make an expunge fail.
 *
 * <p>Every operation takes c-client's locks in c-client's order (spec/c-client-locking.md §4, in {@link MailboxOps})
 * and keeps the UID bookkeeping in the index. Changes, whoever made them, reach the {@link MailboxListener}s.
 *
 * <p>Thread-safety: all methods are thread-safe. One read/write lock ({@code state}) guards the message table and the
 * file as this JVM sees it: reads share it, writes (append, flag changes, expunge, picking up foreign changes) are
 * exclusive within the JVM; kernel locks order this JVM against other processes.
 */
public final class OpenMailbox implements Closeable {
    final MailStore store;
    final Path path;
    final String key;
    final MailboxFile file;
    final MailboxLocks locks;
    /** Guards everything below, and the file contents as seen by this JVM. */
    final ReentrantReadWriteLock state = new ReentrantReadWriteLock(true);
    final MessageTable table = new MessageTable();
    KeywordTable keywords;
    long uidValidity;
    long uidNext;
    long highestModSeq;
    /** End of the last record parsed; the file size as last seen under the parse lock. */
    long parsedEnd;
    /** ctime (ns) and size after our last read or write of the file: anything else is someone else's doing. */
    volatile long seenCtime;
    volatile long seenSize;
    volatile long seenMtime;
    boolean broken;
    /**
     * The index rows whose record offsets lag behind the file: every message from this UID on ({@link Long#MAX_VALUE}:
     * none). An expunge moves every later record down; rewriting all their rows at each expunge cost more than the
     * rest of the expunge, so the rows are brought up to date once, when the mailbox is closed, and until then the
     * index is given {@link #rowsSnapshot} instead of the file's real state. If the process dies first, the next open
     * finds the file changed since that snapshot, parses it, and matches its messages to their UIDs by fingerprint,
     * as after any foreign change (see {@link UidBook#oweOffsets}). Guarded by {@code state} like the table.
     */
    long offsetsOwedFromUid = Long.MAX_VALUE;
    /**
     * Fingerprints a cold open left to be computed behind it (see {@link DeferredFingerprints}); null once they are in
     * the table. Written under {@code state}'s write lock; volatile for the index writer's readers.
     */
    volatile DeferredFingerprints deferredFingerprints;
    /** The file as it was when every index row was last current; meaningful only while offsets are owed. */
    org.mailtxt.mailstore.index.FileSnapshot rowsSnapshot;
    /**
     * The stored text of messages this JVM expunged lately, by UID (at most {@link #EXPUNGED_CACHE_BYTES}), so that a
     * session that has not yet been told of the EXPUNGE can still FETCH or SEARCH them (RFC 2180 §4.1.1) instead of
     * failing mid-command. Guarded by {@code state} like the table.
     */
    final java.util.LinkedHashMap<Long, byte[]> recentlyExpunged = new java.util.LinkedHashMap<>();
    long recentlyExpungedBytes;
    static final long EXPUNGED_CACHE_BYTES = 32L << 20;
    private final List<MailboxListener> listeners = new CopyOnWriteArrayList<>();
    private final MailboxOps ops;
    /** Sessions using this object; guarded by the store's registry. */
    int references;

    OpenMailbox(MailStore store, Path path, String key, MailboxFile file, MailboxLocks locks) {
        this.store = store;
        this.path = path;
        this.key = key;
        this.file = file;
        this.locks = locks;
        this.ops = new MailboxOps(this);
    }

    /** The mailbox file. */
    public Path path() {
        return path;
    }

    /** TENEX or MTX. */
    public MailboxFormat format() {
        return file.format;
    }

    /** True if the file could only be opened read-only. */
    public boolean isReadOnly() {
        return file.readOnly;
    }

    /** UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and counts, after picking up foreign changes. */
    public MailboxStatus status() throws IOException {
        check();
        state.readLock().lock();
        try {
            int unseen = 0;
            int recent = 0;
            for (int i = 0; i < table.size(); i++) {
                unseen += (table.systemFlags(i) & SystemFlags.SEEN) == 0 ? 1 : 0;
                recent += table.recent(i) ? 1 : 0;
            }
            return new MailboxStatus(table.size(), recent, unseen, uidValidity, uidNext, highestModSeq,
                    keywords.all());
        } finally {
            state.readLock().unlock();
        }
    }

    /** UIDVALIDITY, after picking up foreign changes (a replaced file may have been given a new one). */
    public long uidValidity() throws IOException {
        check();
        state.readLock().lock();
        try {
            return uidValidity;
        } finally {
            state.readLock().unlock();
        }
    }

    /** The UID of the first message without \Seen, or -1 if every message is seen; after picking up changes. */
    public long firstUnseenUid() throws IOException {
        check();
        state.readLock().lock();
        try {
            for (int i = 0; i < table.size(); i++) {
                if ((table.systemFlags(i) & SystemFlags.SEEN) == 0) {
                    return table.uid(i);
                }
            }
            return -1;
        } finally {
            state.readLock().unlock();
        }
    }

    /** Every message's UID, ascending, after picking up foreign changes. */
    public long[] uids() throws IOException {
        check();
        state.readLock().lock();
        try {
            long[] out = new long[table.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = table.uid(i);
            }
            return out;
        } finally {
            state.readLock().unlock();
        }
    }

    /** The UIDs of the messages not yet claimed as \Recent, in UID order, after picking up foreign changes. */
    public List<Long> recentUids() throws IOException {
        check();
        state.readLock().lock();
        try {
            List<Long> out = new ArrayList<>();
            for (int i = 0; i < table.size(); i++) {
                if (table.recent(i)) {
                    out.add(table.uid(i));
                }
            }
            return out;
        } finally {
            state.readLock().unlock();
        }
    }

    /** All messages in mailbox (= UID) order, after picking up foreign changes. */
    public List<MessageInfo> messages() throws IOException {
        check();
        state.readLock().lock();
        try {
            List<MessageInfo> out = new ArrayList<>(table.size());
            for (int i = 0; i < table.size(); i++) {
                out.add(info(i));
            }
            return out;
        } finally {
            state.readLock().unlock();
        }
    }

    /**
     * The messages with UIDs from {@code fromUid} to {@code toUid} inclusive, in UID order, after picking up foreign
     * changes: found by binary search, so a command on a few messages of a big mailbox costs only those.
     */
    public List<MessageInfo> messages(long fromUid, long toUid) throws IOException {
        check();
        state.readLock().lock();
        try {
            int from = table.firstAtOrAbove(fromUid);
            List<MessageInfo> out = new ArrayList<>();
            for (int i = from; i < table.size() && table.uid(i) <= toUid; i++) {
                out.add(info(i));
            }
            return out;
        } finally {
            state.readLock().unlock();
        }
    }

    /** The message with this UID as IMAP FETCH returns it (CR LF newlines, stored octets otherwise exactly). */
    public byte[] content(long uid) throws IOException {
        return octets(uid, false);
    }

    /**
     * The header of the message with this UID (through the blank line that ends it, spec §4), as IMAP FETCH returns
     * it; reads only the header from the file, so FETCH of header fields does not read whole messages.
     */
    public byte[] header(long uid) throws IOException {
        return octets(uid, true);
    }

    /** The whole text or only the header, in CR LF form; also of a message expunged lately (RFC 2180 §4.1.1). */
    private byte[] octets(long uid, boolean headerOnly) throws IOException {
        var codec = file.format.codec();
        state.readLock().lock();
        try {
            int i = table.indexOf(uid);
            if (i < 0) {
                byte[] gone = recentlyExpunged.get(uid);
                if (gone == null) {
                    throw new MessageGoneException(path, uid);
                }
                return codec.toCrlf(headerOnly ? java.util.Arrays.copyOf(gone, (int) codec.headerSize(gone)) : gone);
            }
            long length = headerOnly ? headerSize(i) : table.size(i);
            return codec.toCrlf(file.read(table.textOffset(i), Math.toIntExact(length)));
        } finally {
            state.readLock().unlock();
        }
    }

    /**
     * Appends messages at the end of the file under c-client's append lock, durably (fsync), all or nothing: on
     * any failure the file is cut back to its previous size. Returns the new UIDs in order.
     */
    public AppendResult append(List<AppendRequest> messages) throws IOException, AppendRejectedException {
        return ops.append(messages);
    }

    /** Changes flags of the given UIDs in place; returns the messages whose flags changed. */
    public List<MessageInfo> updateFlags(Collection<Long> uids, FlagChange change) throws IOException {
        return ops.updateFlags(uids, change);
    }

    /**
     * Removes the messages marked \Deleted (only those among {@code onlyUids} if it is not null) by in-place,
     * journaled compaction. Refused with {@link MailboxInUseException} while another process has the mailbox open.
     */
    public List<Long> expunge(Collection<Long> onlyUids) throws IOException {
        return ops.expunge(onlyUids == null ? null : new HashSet<>(onlyUids));
    }

    /** Copies messages into another mailbox with their flags and dates; returns the new UIDs there. */
    public AppendResult copyTo(Collection<Long> uids, OpenMailbox target) throws IOException, AppendRejectedException {
        List<AppendRequest> batch = new ArrayList<>();
        state.readLock().lock();
        try {
            for (long uid : uids) {
                int i = indexOfOrFail(uid);
                byte[] text = file.format.codec().toCrlf(file.read(table.textOffset(i),
                        Math.toIntExact(table.size(i))));
                batch.add(new AppendRequest(text, java.util.Optional.of(table.date(i)),
                        table.systemFlags(i) & ~SystemFlags.OLD, keywords.namesOf(table.userFlags(i))));
            }
        } finally {
            state.readLock().unlock();
        }
        return target.append(batch);
    }

    /**
     * Moves messages: copies them into {@code target}, then marks them \Deleted here and expunges just them. If
     * another process holds this mailbox the expunge is refused ({@link MailboxInUseException}) after the copy, and
     * the originals stay, marked \Deleted, as c-client leaves them.
     */
    public AppendResult moveTo(Collection<Long> uids, OpenMailbox target) throws IOException, AppendRejectedException {
        AppendResult copied = copyTo(uids, target);
        updateFlags(uids, new FlagChange(FlagChange.Mode.ADD, SystemFlags.DELETED, Set.of()));
        expunge(uids);
        return copied;
    }

    /**
     * Marks the messages that are \Recent for this JVM as seen by a read-write session: writes c-client's old bit
     * (spec §8) and returns their UIDs; later calls do not return them again.
     */
    public List<Long> claimRecent() throws IOException {
        return ops.claimRecent(null);
    }

    /**
     * Like {@link #claimRecent()} for the given UIDs only: a session that appends to the mailbox it has selected
     * is the first to know of the new message (RFC 3501 2.3.2), so no other session may see it as \Recent.
     * Returns those of the UIDs that were \Recent; UIDs not in the mailbox are ignored.
     */
    public List<Long> claimRecent(Collection<Long> uids) throws IOException {
        return ops.claimRecent(new HashSet<>(uids));
    }

    /** Looks for changes made by other processes now (the watcher also does it in the background). */
    public void check() throws IOException {
        ops.check();
    }

    public void addListener(MailboxListener l) {
        listeners.add(l);
    }

    public void removeListener(MailboxListener l) {
        listeners.remove(l);
    }

    void fire(MailboxChange change) {
        if (change.isEmpty()) {
            return;
        }
        for (MailboxListener l : listeners) {
            try {
                l.changed(change);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(OpenMailbox.class).warn("listener failed on {}", path, e);
            }
        }
    }

    /** Releases this user's hold; the file is closed (and its locks dropped) when the last user closes it. */
    @Override
    public void close() throws IOException {
        store.release(this);
    }

    /**
     * Records {@code st} as the file state this JVM has read: until size or ctime differ from it, a check finds
     * nothing new. Only a stat taken before (or under the lock that covered) the reads it vouches for may be given.
     */
    void seen(FileStat st) {
        seenSize = st.size();
        seenCtime = st.ctimeNanos();
        seenMtime = st.mtimeNanos();
    }

    /** Really closes: called by the store when the last reference goes. */
    void closeFile() throws IOException {
        state.writeLock().lock();
        try {
            file.close();
        } finally {
            state.writeLock().unlock();
        }
    }

    FileStat identity() throws IOException {
        return file.stat();
    }

    MessageInfo info(int i) {
        return new MessageInfo(table.uid(i), table.modSeq(i), table.date(i), rfc822Size(i), table.systemFlags(i),
                keywords.namesOf(table.userFlags(i)), table.recent(i), table.saveDate(i) > 0
                ? java.time.Instant.ofEpochSecond(table.saveDate(i)) : table.date(i).instant());
    }

    /** RFC822.SIZE; for tenex it needs the text (LFs count double), so it is computed once, on first use. */
    long rfc822Size(int i) {
        long known = table.rfc822Size(i);
        if (known > 0) {
            return known;
        }
        try {
            long computed = file.format.codec().rfc822Size(file.channel, table.textOffset(i), table.size(i));
            table.setRfc822Size(i, computed); // benign race: every thread computes the same value
            return computed;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The stored header size of message {@code i}, measured in the file on first use and then kept in the table (a
     * message's text never changes while it is in the table; only its flags and its offset do). Caller holds the
     * state lock (shared is enough: concurrent first uses store the same value).
     */
    private long headerSize(int i) throws IOException {
        long known = table.headerSize(i);
        if (known > 0) {
            return known;
        }
        long measured = file.format.codec().headerSize(file.channel, table.textOffset(i), table.size(i));
        table.setHeaderSize(i, measured);
        return measured;
    }

    /** Keeps the text of a message about to be expunged for sessions that have not heard of it yet. */
    void rememberExpunged(long uid, byte[] storedText) {
        recentlyExpunged.put(uid, storedText);
        recentlyExpungedBytes += storedText.length;
        var it = recentlyExpunged.entrySet().iterator();
        while (recentlyExpungedBytes > EXPUNGED_CACHE_BYTES && it.hasNext()) {
            recentlyExpungedBytes -= it.next().getValue().length;
            it.remove();
        }
    }

    int indexOfOrFail(long uid) throws MailboxException {
        int i = table.indexOf(uid);
        if (i < 0) {
            throw new MailboxException(path, "no message with UID " + uid + " (expunged?)");
        }
        return i;
    }

    static InternalDate dateOf(AppendRequest r) {
        return r.date().orElseGet(InternalDate::now);
    }

    static long nowSeconds() {
        return Instant.now().getEpochSecond();
    }

    Set<String> keywordNames() {
        return keywords.all();
    }
}

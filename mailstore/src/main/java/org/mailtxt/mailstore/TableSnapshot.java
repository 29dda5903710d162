package org.mailtxt.mailstore;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.mailtxt.locking.FileStat;
import org.mailtxt.mailstore.index.MailboxState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A packed copy of an open mailbox's message table, written when the mailbox is closed and read at the next open
 * instead of the index's rows: the warm open of a 100,000-message mailbox then reads one file of a few MB. It is a
 * cache only: it is used when the file (device, inode, size, ctime to the nanosecond) and the index's UIDVALIDITY,
 * UIDNEXT and HIGHESTMODSEQ are exactly those it was written for, and a checksum guards it; anything else falls
 * back to the index. Files live in {@code <data>/snapshots/<sha-1 of the mailbox key>.snap}. Stateless.
 */
final class TableSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(TableSnapshot.class);
    /** "mtxtabl2": rows carry the save date; a snapshot of the first format ("mtxtabl1") is ignored. */
    private static final long MAGIC = 0x6d74787461626c32L;

    private TableSnapshot() {
    }

    static Path fileFor(Path dataDirectory, String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest(key.getBytes(StandardCharsets.UTF_8));
            return dataDirectory.resolve("snapshots").resolve(HexFormat.of().formatHex(h) + ".snap");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the table of {@code m} (caller holds its state lock or is its last user). Failures only log. */
    static void write(OpenMailbox m) {
        Path file = fileFor(m.store.config().dataDirectory(), m.key);
        try {
            DeferredFingerprints.settle(m);
            FileStat st = m.file.stat();
            if (st.size() != m.seenSize || st.ctimeNanos() != m.seenCtime) {
                return; // changed behind us since we last looked: nothing trustworthy to save
            }
            MessageTable t = m.table;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + t.size() * 96);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(MAGIC);
            out.writeUTF(m.key);
            for (long v : new long[] {st.device(), st.inode(), st.size(), st.ctimeNanos(), m.uidValidity, m.uidNext,
                m.highestModSeq, m.parsedEnd}) {
                out.writeLong(v);
            }
            out.writeInt(t.size());
            for (int i = 0; i < t.size(); i++) {
                out.writeLong(t.uid(i));
                out.writeLong(t.modSeq(i));
                out.writeLong(t.offset(i));
                out.writeLong(t.size(i));
                out.writeLong(t.rfc822Size(i));
                out.writeLong(t.fingerprint(i));
                out.writeLong(t.dateEpoch(i));
                out.writeInt(t.lineLength(i));
                out.writeInt(t.userFlags(i));
                out.writeInt(t.systemFlags(i));
                out.writeInt(t.dateZone(i));
                out.writeBoolean(t.recent(i));
                out.writeLong(t.saveDate(i));
            }
            CRC32C crc = new CRC32C();
            byte[] body = bytes.toByteArray();
            crc.update(body);
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            ByteBuffer all = ByteBuffer.allocate(body.length + 8).put(body).putLong(crc.getValue());
            Files.write(tmp, all.array());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.debug("no table snapshot for {}: {}", m.path, e.toString());
        }
    }

    /**
     * Fills the table of {@code m} from its snapshot if it matches {@code st} and the index's {@code state} exactly;
     * false (and nothing changed) otherwise.
     */
    static boolean read(OpenMailbox m, MailboxState state, FileStat st) {
        Path file = fileFor(m.store.config().dataDirectory(), m.key);
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
        if (all.length < 16) {
            return false;
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 8);
        ByteBuffer b = ByteBuffer.wrap(all);
        if (b.getLong(all.length - 8) != crc.getValue() || b.getLong() != MAGIC) {
            return false;
        }
        int keyLength = b.getShort() & 0xffff;
        String key = new String(all, b.position(), keyLength, StandardCharsets.UTF_8);
        b.position(b.position() + keyLength);
        long dev = b.getLong();
        long ino = b.getLong();
        long size = b.getLong();
        long ctime = b.getLong();
        long uidValidity = b.getLong();
        long uidNext = b.getLong();
        long highestModSeq = b.getLong();
        long parsedEnd = b.getLong();
        if (!key.equals(m.key) || dev != st.device() || ino != st.inode() || size != st.size() || ctime != st.ctimeNanos()
                || uidValidity != state.uidValidity() || uidNext != state.uidNext()
                || highestModSeq != state.highestModSeq()) {
            return false;
        }
        int n = b.getInt();
        MessageTable t = m.table;
        for (int i = 0; i < n; i++) {
            long uid = b.getLong();
            long modSeq = b.getLong();
            long offset = b.getLong();
            long textSize = b.getLong();
            long rfc822 = b.getLong();
            long fp = b.getLong();
            long epoch = b.getLong();
            int lineLength = b.getInt();
            int user = b.getInt();
            int system = b.getInt();
            int zone = b.getInt();
            boolean recent = b.get() != 0;
            long saved = b.getLong();
            t.setSaveDate(t.add(uid, modSeq, offset, lineLength, textSize, rfc822, user, system, fp, recent, epoch,
                    zone), saved);
        }
        m.uidValidity = uidValidity;
        m.uidNext = uidNext;
        m.highestModSeq = highestModSeq;
        m.parsedEnd = parsedEnd;
        m.seen(st);
        return true;
    }
}

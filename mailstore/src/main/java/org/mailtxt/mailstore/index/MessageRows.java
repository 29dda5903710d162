package org.mailtxt.mailstore.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The SQL for the {@code message} table: one row per message, keyed by
 * (mailbox, UID). Writes are JDBC batches inside the caller's transaction,
 * so appending one message is one small insert. Stateless; thread-safe (the
 * connection is the caller's).
 */
final class MessageRows {

    private static final String COLUMNS = "uid, modseq, record_offset, header_line_length, text_size, rfc822_size, "
            + "internal_date, zone_offset_minutes, fingerprint, user_flags, system_flags, save_date";
    /*
     * Read in primary-key order, which needs no sort and is file order: UIDs are given in file order and records never
     * change places (offsets may lag the file, see IndexedMailbox). One query, not pages: H2 applies LIMIT only after
     * scanning the rest of the range, so keyset pages cost O(n^2) (measured: a 8,192-row page scanned 50,002 rows).
     */
    private static final String SELECT = "SELECT " + COLUMNS + " FROM message WHERE mailbox_id = ? ORDER BY uid";
    private static final String INSERT = "INSERT INTO message (mailbox_id, " + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE message SET modseq = ?, record_offset = ?, header_line_length = ?, "
            + "text_size = ?, rfc822_size = ?, internal_date = ?, zone_offset_minutes = ?, fingerprint = ?, "
            + "user_flags = ?, system_flags = ?, save_date = ? WHERE mailbox_id = ? AND uid = ?";
    private static final String DELETE_ONE = "DELETE FROM message WHERE mailbox_id = ? AND uid = ?";
    private static final String DELETE_ALL = "DELETE FROM message WHERE mailbox_id = ?";
    /** Rows per JDBC batch: large enough to amortise round trips, small enough to bound driver buffers. */
    private static final int BATCH = 1000;

    private MessageRows() {
    }

    /** @return the mailbox's messages in UID order, which is file order */
    static List<IndexedMessage> load(Connection connection, long mailboxId) throws SQLException {
        List<IndexedMessage> messages = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setLong(1, mailboxId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    messages.add(new IndexedMessage(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getInt(4),
                            rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getInt(8), rows.getLong(9),
                            rows.getInt(10), rows.getInt(11), rows.getLong(12)));
                }
            }
        }
        return messages;
    }

    /**
     * Inserts new rows.
     *
     * @throws IndexException ({@code DUPLICATE_UID}) when a UID is already stored or inserted twice
     */
    static void insert(Connection connection, IndexContext context, long mailboxId, List<IndexedMessage> messages)
            throws SQLException, IndexException {
        if (messages.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            int pending = 0;
            for (IndexedMessage m : messages) {
                insert.setLong(1, mailboxId);
                insert.setLong(2, m.uid());
                insert.setLong(3, m.modSeq());
                insert.setLong(4, m.offset());
                insert.setInt(5, m.headerLineLength());
                insert.setLong(6, m.size());
                insert.setLong(7, m.rfc822Size());
                insert.setLong(8, m.internalDateEpochSeconds());
                insert.setInt(9, m.zoneOffsetMinutes());
                insert.setLong(10, m.fingerprint());
                insert.setInt(11, m.userFlags());
                insert.setInt(12, m.systemFlags());
                setSaveDate(insert, 13, m);
                insert.addBatch();
                if (++pending == BATCH) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        } catch (SQLException e) {
            if (SqlStates.isUniqueViolation(e)) {
                throw duplicate(context, messages, e);
            }
            throw e;
        }
    }

    /**
     * Replaces rows found by UID.
     *
     * @throws IndexException ({@code NO_SUCH_MESSAGE}) when a UID is not stored
     */
    static void update(Connection connection, IndexContext context, long mailboxId, List<IndexedMessage> messages)
            throws SQLException, IndexException {
        if (messages.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            for (int from = 0; from < messages.size(); from += BATCH) {
                List<IndexedMessage> slice = messages.subList(from, Math.min(messages.size(), from + BATCH));
                for (IndexedMessage m : slice) {
                    update.setLong(1, m.modSeq());
                    update.setLong(2, m.offset());
                    update.setInt(3, m.headerLineLength());
                    update.setLong(4, m.size());
                    update.setLong(5, m.rfc822Size());
                    update.setLong(6, m.internalDateEpochSeconds());
                    update.setInt(7, m.zoneOffsetMinutes());
                    update.setLong(8, m.fingerprint());
                    update.setInt(9, m.userFlags());
                    update.setInt(10, m.systemFlags());
                    setSaveDate(update, 11, m);
                    update.setLong(12, mailboxId);
                    update.setLong(13, m.uid());
                    update.addBatch();
                }
                requireEachFound(context, "update", update.executeBatch(), slice.stream().map(IndexedMessage::uid)
                        .toList());
            }
        }
    }

    /**
     * Deletes rows by UID.
     *
     * @throws IndexException ({@code NO_SUCH_MESSAGE}) when a UID is not stored
     */
    static void delete(Connection connection, IndexContext context, long mailboxId, List<Long> uids)
            throws SQLException, IndexException {
        if (uids.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(DELETE_ONE)) {
            for (int from = 0; from < uids.size(); from += BATCH) {
                List<Long> slice = uids.subList(from, Math.min(uids.size(), from + BATCH));
                for (long uid : slice) {
                    delete.setLong(1, mailboxId);
                    delete.setLong(2, uid);
                    delete.addBatch();
                }
                requireEachFound(context, "expunge", delete.executeBatch(), slice);
            }
        }
    }

    /** Deletes all of a mailbox's rows. */
    static void deleteAll(Connection connection, long mailboxId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(DELETE_ALL)) {
            delete.setLong(1, mailboxId);
            delete.executeUpdate();
        }
    }

    /** An unknown save date is SQL NULL (and NULL reads back as 0, {@link IndexedMessage#UNKNOWN_SAVE_DATE}). */
    private static void setSaveDate(PreparedStatement statement, int parameter, IndexedMessage m) throws SQLException {
        if (m.saveDateEpochSeconds() == IndexedMessage.UNKNOWN_SAVE_DATE) {
            statement.setNull(parameter, java.sql.Types.BIGINT);
        } else {
            statement.setLong(parameter, m.saveDateEpochSeconds());
        }
    }

    private static void requireEachFound(IndexContext context, String what, int[] counts, List<Long> uids)
            throws IndexException {
        for (int i = 0; i < counts.length; i++) {
            // Statement.SUCCESS_NO_INFO (-2): the driver ran it without counting; only 0 proves absence
            if (counts[i] == 0) {
                throw context.refuse(IndexException.Kind.NO_SUCH_MESSAGE, "cannot " + what + " uid " + uids.get(i)
                        + ": the index has no such message in this mailbox; reload the mailbox and reconcile again");
            }
        }
    }

    private static IndexException duplicate(IndexContext context, List<IndexedMessage> messages, SQLException e) {
        Set<Long> seen = new HashSet<>();
        for (IndexedMessage m : messages) {
            if (!seen.add(m.uid())) {
                return context.refuse(IndexException.Kind.DUPLICATE_UID, "uid " + m.uid()
                        + " is inserted twice; every message needs its own UID", e);
            }
        }
        return context.refuse(IndexException.Kind.DUPLICATE_UID,
                "an inserted uid is already stored for this mailbox (" + e.getMessage() + ")", e);
    }
}

package org.mailtxt.mailstore.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.mailtxt.mailstore.index.IndexException.Kind;

/**
 * {@link MailboxIndex} in plain JDBC, with SQL that H2 (PostgreSQL mode) and
 * PostgreSQL both run; the database-specific parts (opening, error codes)
 * stay with whoever builds the {@link IndexConnection}. Each operation is one
 * transaction. Writes first lock the mailbox row ({@code SELECT … FOR UPDATE}),
 * so that on a shared PostgreSQL two nodes changing one mailbox are
 * serialised and each checks its change against the state it replaces.
 * Thread-safe: the connection serialises operations.
 */
final class SqlMailboxIndex implements MailboxIndex {

    private static final String STATE_COLUMNS = "id, uid_validity, uid_next, highest_modseq, file_device, file_inode, "
            + "file_size, file_ctime_nanos, file_mtime_nanos, file_format";

    /** A mailbox row: its id and state. */
    private record Row(long id, MailboxState state) {
    }

    private final IndexConnection connection;

    SqlMailboxIndex(IndexConnection connection) {
        this.connection = Objects.requireNonNull(connection);
    }

    @Override
    public Optional<IndexedMailbox> load(String mailboxKey) throws IndexException {
        Checks.mailboxKey(mailboxKey);
        return connection.transaction(context("load", mailboxKey), c -> {
            Optional<Row> row = select(c, mailboxKey, false);
            if (row.isEmpty()) {
                return Optional.empty();
            }
            long id = row.get().id();
            return Optional.of(new IndexedMailbox(id, mailboxKey, row.get().state(), keywords(c, id),
                    MessageRows.load(c, id)));
        });
    }

    @Override
    public Optional<IndexedMailbox> loadSummary(String mailboxKey) throws IndexException {
        Checks.mailboxKey(mailboxKey);
        return connection.transaction(context("load summary", mailboxKey), c -> {
            Optional<Row> row = select(c, mailboxKey, false);
            if (row.isEmpty()) {
                return Optional.empty();
            }
            long id = row.get().id();
            return Optional.of(new IndexedMailbox(id, mailboxKey, row.get().state(), keywords(c, id), List.of()));
        });
    }

    @Override
    public IndexedMailbox create(String mailboxKey, long uidValidity, FileSnapshot snapshot) throws IndexException {
        Checks.mailboxKey(mailboxKey);
        MailboxState state = MailboxState.initial(uidValidity, Objects.requireNonNull(snapshot, "snapshot"));
        IndexContext context = context("create", mailboxKey);
        return connection.transaction(context, c -> {
            if (select(c, mailboxKey, false).isPresent()) {
                throw exists(context, mailboxKey, null);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO mailbox (mailbox_key, uid_validity, "
                    + "uid_next, highest_modseq, file_device, file_inode, file_size, file_ctime_nanos, "
                    + "file_mtime_nanos, file_format) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, mailboxKey);
                setState(insert, 2, state);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (SqlStates.isUniqueViolation(e)) {
                    throw exists(context, mailboxKey, e);
                }
                throw e;
            }
            long id = select(c, mailboxKey, false).orElseThrow().id();
            return new IndexedMailbox(id, mailboxKey, state, KeywordTable.EMPTY, List.of());
        });
    }

    @Override
    public void apply(String mailboxKey, IndexChange change) throws IndexException {
        Checks.mailboxKey(mailboxKey);
        Objects.requireNonNull(change, "change must not be null");
        IndexContext context = context("apply", mailboxKey);
        connection.transaction(context, c -> {
            Row row = selectForUpdate(c, context);
            checkProgress(context, row.state(), change);
            MessageRows.delete(c, context, row.id(), change.expungedUids());
            MessageRows.update(c, context, row.id(), change.updated());
            MessageRows.insert(c, context, row.id(), change.inserted());
            updateState(c, row.id(), change.newState());
            return null;
        });
    }

    @Override
    public void reset(String mailboxKey, MailboxState newState, List<IndexedMessage> messages) throws IndexException {
        Checks.mailboxKey(mailboxKey);
        Objects.requireNonNull(newState, "newState must not be null");
        List<IndexedMessage> copy = List.copyOf(Checks.noNulls(messages, "messages"));
        IndexChange.checkAgainst(newState, copy, "reset");
        IndexContext context = context("reset", mailboxKey);
        connection.transaction(context, c -> {
            Row row = selectForUpdate(c, context);
            if (newState.uidValidity() <= row.state().uidValidity()) {
                throw context.refuse(Kind.INVALID_STATE_CHANGE, "a reset must raise UIDVALIDITY (RFC 3501 §2.3.1.1), "
                        + "but " + newState.uidValidity() + " is not above " + row.state().uidValidity());
            }
            MessageRows.deleteAll(c, row.id());
            MessageRows.insert(c, context, row.id(), copy);
            updateState(c, row.id(), newState);
            return null;
        });
    }

    @Override
    public void rename(String oldKey, String newKey) throws IndexException {
        Checks.mailboxKey(oldKey);
        Checks.mailboxKey(newKey);
        IndexContext context = new IndexContext(connection.location(), oldKey, "rename " + oldKey + " to " + newKey);
        connection.transaction(context, c -> {
            if (select(c, newKey, false).isPresent()) {
                throw exists(context, newKey, null);
            }
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE mailbox SET mailbox_key = ? WHERE mailbox_key = ?")) {
                update.setString(1, newKey);
                update.setString(2, oldKey);
                if (update.executeUpdate() == 0) {
                    throw noSuchMailbox(context);
                }
            } catch (SQLException e) {
                if (SqlStates.isUniqueViolation(e)) {
                    throw exists(context, newKey, e);
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public boolean delete(String mailboxKey) throws IndexException {
        Checks.mailboxKey(mailboxKey);
        return connection.transaction(context("delete", mailboxKey), c -> {
            Optional<Row> row = select(c, mailboxKey, true);
            if (row.isEmpty()) {
                return false;
            }
            // explicit rather than ON DELETE CASCADE alone: the order is the same on every database
            MessageRows.deleteAll(c, row.get().id());
            try (PreparedStatement keywords = c.prepareStatement("DELETE FROM keyword WHERE mailbox_id = ?");
                 PreparedStatement mailbox = c.prepareStatement("DELETE FROM mailbox WHERE id = ?")) {
                keywords.setLong(1, row.get().id());
                keywords.executeUpdate();
                mailbox.setLong(1, row.get().id());
                mailbox.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public int defineKeyword(String mailboxKey, String name) throws IndexException {
        Checks.mailboxKey(mailboxKey);
        KeywordTable.checkName(name);
        IndexContext context = new IndexContext(connection.location(), mailboxKey,
                "defineKeyword " + name + " in " + mailboxKey);
        return connection.transaction(context, c -> {
            Row row = selectForUpdate(c, context);
            KeywordTable table = keywords(c, row.id());
            var existing = table.numberOf(name);
            if (existing.isPresent()) {
                return existing.getAsInt();
            }
            if (table.isFull()) {
                throw context.refuse(Kind.KEYWORD_TABLE_FULL, "all " + KeywordTable.MAX_KEYWORDS
                        + " user-flag bits of this tenex/mtx mailbox already name keywords (spec §5): "
                        + table.names() + "; use one of them, or store the message without '" + name + "'");
            }
            int number = table.size();
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO keyword (mailbox_id, keyword_number, name, folded_name) VALUES (?, ?, ?, ?)")) {
                insert.setLong(1, row.id());
                insert.setInt(2, number);
                insert.setString(3, name);
                insert.setString(4, KeywordTable.fold(name));
                insert.executeUpdate();
            }
            return number;
        });
    }

    @Override
    public List<String> list() throws IndexException {
        return connection.transaction(new IndexContext(connection.location(), null, "list"), c -> {
            List<String> keys = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT mailbox_key FROM mailbox ORDER BY mailbox_key");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(rows.getString(1));
                }
            }
            return List.copyOf(keys);
        });
    }

    @Override
    public void close() throws IndexException {
        connection.close();
    }

    private IndexContext context(String action, String mailboxKey) {
        return new IndexContext(connection.location(), mailboxKey, action + " " + mailboxKey);
    }

    /** The rules that keep UIDs from ever naming two messages (ARCHITECTURE.md decision 3). */
    private static void checkProgress(IndexContext context, MailboxState old, IndexChange change)
            throws IndexException {
        MailboxState next = change.newState();
        if (next.uidValidity() != old.uidValidity()) {
            throw context.refuse(Kind.INVALID_STATE_CHANGE, "apply keeps UIDVALIDITY " + old.uidValidity()
                    + " but the change has " + next.uidValidity() + "; use reset to renumber the mailbox");
        }
        if (next.uidNext() < old.uidNext()) {
            throw context.refuse(Kind.INVALID_STATE_CHANGE, "UIDNEXT would go back from " + old.uidNext() + " to "
                    + next.uidNext() + "; UIDs are never given out twice");
        }
        if (next.highestModSeq() < old.highestModSeq()) {
            throw context.refuse(Kind.INVALID_STATE_CHANGE, "HIGHESTMODSEQ would go back from "
                    + old.highestModSeq() + " to " + next.highestModSeq());
        }
        for (IndexedMessage message : change.inserted()) {
            if (message.uid() < old.uidNext()) {
                throw context.refuse(Kind.UID_REUSED, "new uid " + message.uid() + " is below UIDNEXT "
                        + old.uidNext() + ", so it may have named another message; give new messages UIDs from "
                        + "UIDNEXT up");
            }
        }
    }

    private Row selectForUpdate(Connection c, IndexContext context) throws SQLException, IndexException {
        Optional<Row> row = select(c, context.mailboxKey(), true);
        if (row.isEmpty()) {
            throw noSuchMailbox(context);
        }
        return row.get();
    }

    private static Optional<Row> select(Connection c, String mailboxKey, boolean forUpdate) throws SQLException {
        String sql = "SELECT " + STATE_COLUMNS + " FROM mailbox WHERE mailbox_key = ?" + (forUpdate ? " FOR UPDATE" : "");
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, mailboxKey);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                FileSnapshot snapshot = new FileSnapshot(rows.getLong(5), rows.getLong(6), rows.getLong(7),
                        rows.getLong(8), rows.getLong(9), rows.getString(10));
                return Optional.of(new Row(rows.getLong(1),
                        new MailboxState(rows.getLong(2), rows.getLong(3), rows.getLong(4), snapshot)));
            }
        }
    }

    private static KeywordTable keywords(Connection c, long mailboxId) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT keyword_number, name FROM keyword WHERE mailbox_id = ? ORDER BY keyword_number")) {
            select.setLong(1, mailboxId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (rows.getInt(1) != names.size()) {
                        throw new SQLException("keyword numbers of mailbox id " + mailboxId + " have a gap before "
                                + rows.getInt(1) + "; they are given out in order", SqlStates.DATA_CORRUPTED);
                    }
                    names.add(rows.getString(2));
                }
            }
        }
        return new KeywordTable(names);
    }

    private static void updateState(Connection c, long id, MailboxState state) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE mailbox SET uid_validity = ?, uid_next = ?, "
                + "highest_modseq = ?, file_device = ?, file_inode = ?, file_size = ?, file_ctime_nanos = ?, "
                + "file_mtime_nanos = ?, file_format = ? WHERE id = ?")) {
            setState(update, 1, state);
            update.setLong(10, id);
            update.executeUpdate();
        }
    }

    /** Sets the nine state columns from {@code first} on, in {@link #STATE_COLUMNS} order without the id. */
    private static void setState(PreparedStatement statement, int first, MailboxState state) throws SQLException {
        FileSnapshot file = state.snapshot();
        statement.setLong(first, state.uidValidity());
        statement.setLong(first + 1, state.uidNext());
        statement.setLong(first + 2, state.highestModSeq());
        statement.setLong(first + 3, file.device());
        statement.setLong(first + 4, file.inode());
        statement.setLong(first + 5, file.size());
        statement.setLong(first + 6, file.ctimeNanos());
        statement.setLong(first + 7, file.mtimeNanos());
        statement.setString(first + 8, file.format());
    }

    private static IndexException noSuchMailbox(IndexContext context) {
        return context.refuse(Kind.NO_SUCH_MAILBOX, "the index has no mailbox with this key; create it first");
    }

    private static IndexException exists(IndexContext context, String key, Throwable cause) {
        return context.refuse(Kind.MAILBOX_EXISTS, "the index already has a mailbox " + key + "; delete or "
                + "rename it first", cause);
    }
}

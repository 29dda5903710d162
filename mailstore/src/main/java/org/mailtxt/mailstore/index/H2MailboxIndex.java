package org.mailtxt.mailstore.index;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.h2.api.ErrorCode;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

/**
 * The mailbox index in an embedded H2 2.x database, one file
 * {@code <directory>/index.mv.db} per mail spool, used by one mailtxt JVM.
 * The SQL is shared with PostgreSQL (see {@link SqlMailboxIndex}); this class
 * adds how H2 is opened and how its failures read.
 *
 * <p>Settings, and why: {@code MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE} so
 * that the SQL and identifiers behave as on the PostgreSQL a multi-node setup
 * uses; {@code FILE_LOCK=FS}, an OS lock on the file, so that a second process
 * is refused ({@link IndexException.Kind#IN_USE}) instead of corrupting it, and
 * a killed process leaves no stale lock; {@code WRITE_DELAY=0} so that each
 * commit reaches the file before {@link #apply} returns, because a UID handed
 * to a client and then lost in a crash could later name another message
 * (measured: with H2's default 500 ms delay, {@code kill -9} lost the last
 * ~2,600 of 6,000 commits; with 0, none); {@code DB_CLOSE_ON_EXIT=FALSE}, so
 * that H2's shutdown hook does not close the database under a server that is
 * still stopping: {@link #close} does it, and after a crash H2 reopens at its
 * last commit; {@code TRACE_LEVEL_FILE=0}, since failures surface as
 * {@link IndexException}s with their causes; a fixed
 * {@code CACHE_SIZE} (64 MiB) so that the page cache holds a few large
 * mailboxes whatever the heap size is; and {@code MAX_MEMORY_ROWS=400000},
 * because H2's default (40,000 rows per GiB of heap) moves the result of
 * loading a 100,000-message mailbox to a temporary file on a 1 GiB heap,
 * which measured 10x slower. A load of a mailbox above 400,000 messages
 * still works, through that temporary file; below it, the result costs about
 * 330 bytes per message of transient heap.
 *
 * <p>Messages are plain rows, read in primary-key order: a warm load of
 * 100,000 messages took 18 ms and appending one message 0.43 ms on a busy
 * 2-core machine ({@code IndexBenchmark} in {@code src/jmh}), so no packed
 * copy of the message table is kept, and appending one message stays one
 * insert and one update.
 *
 * <p>Thread-safe: one JDBC connection, used by one operation at a time under a
 * lock (see {@link MailboxIndex} for the contract). Operations therefore
 * serialise, including reads; a reset of a large mailbox holds others back
 * for its duration.
 */
public final class H2MailboxIndex implements MailboxIndex {

    /** The database's file name without H2's {@code .mv.db} suffix. */
    static final String DATABASE_NAME = "index";
    /** H2 page cache, in KiB. */
    static final int CACHE_SIZE_KIB = 65_536;
    /** Rows a query result keeps in memory before H2 moves it to a temporary file. */
    static final int MAX_MEMORY_ROWS = 400_000;
    private static final String SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";FILE_LOCK=FS;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=0;CACHE_SIZE=" + CACHE_SIZE_KIB
            + ";MAX_MEMORY_ROWS=" + MAX_MEMORY_ROWS;
    /** MVStore error codes that mean the file's content is damaged or not an H2 2.x store. */
    private static final Set<Integer> DAMAGED = Set.of(DataUtils.ERROR_FILE_CORRUPT,
            DataUtils.ERROR_UNSUPPORTED_FORMAT, DataUtils.ERROR_CHUNK_NOT_FOUND, DataUtils.ERROR_BLOCK_NOT_FOUND);

    private final Path directory;
    private final SqlMailboxIndex index;

    private H2MailboxIndex(Path directory, SqlMailboxIndex index) {
        this.directory = directory;
        this.index = index;
    }

    /**
     * Opens the index in {@code directory}, creating the directory and the
     * database when absent and bringing an older schema up to date.
     *
     * @param directory where {@code index.mv.db} is or will be
     * @return the open index; close it
     * @throws IndexException {@code CORRUPT} when the database file is damaged (move it aside and rebuild);
     *     {@code NEWER_SCHEMA} when a newer mailtxt wrote it; {@code IN_USE} when another process has it open;
     *     {@code UNAVAILABLE} when it cannot be created or read
     */
    public static H2MailboxIndex open(Path directory) throws IndexException {
        Path dir = Objects.requireNonNull(directory, "index directory must not be null").toAbsolutePath().normalize();
        if (dir.toString().indexOf(';') >= 0) {
            throw new IllegalArgumentException("index directory must not contain ';' (H2 URL syntax): " + dir);
        }
        String location = databaseFile(dir).toString();
        boolean hadData;
        try {
            Files.createDirectories(dir);
            hadData = Files.exists(databaseFile(dir)) && Files.size(databaseFile(dir)) > 0;
        } catch (IOException e) {
            throw IndexException.unavailable(location, e);
        }
        Connection connection;
        try {
            connection = DriverManager.getConnection(url(dir));
        } catch (SQLException e) {
            if (isDamage(e)) {
                throw IndexException.corrupt(location, e);
            }
            throw isLocked(e) ? IndexException.inUse(location, e) : IndexException.unavailable(location, e);
        }
        IndexConnection holder = new IndexConnection(connection, location, H2MailboxIndex::translate);
        try {
            holder.transaction(new IndexContext(location, null, "open (schema check)"), c -> {
                // H2 opens a file whose chunks are all unreadable as a new, empty database
                if (hadData && Schema.hasNoTables(c)) {
                    throw IndexException.corrupt(location, "the file has data but H2 finds no tables in it, "
                            + "so its chunks are unreadable", null);
                }
                return Schema.migrate(c, location);
            });
        } catch (IndexException e) {
            try {
                holder.close();
            } catch (IndexException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return new H2MailboxIndex(dir, new SqlMailboxIndex(holder));
    }

    /**
     * @param directory an index directory
     * @return the H2 database file in it, the one to move aside when the index is {@code CORRUPT}
     */
    public static Path databaseFile(Path directory) {
        return directory.resolve(DATABASE_NAME + ".mv.db");
    }

    /** @return the directory this index lives in */
    public Path directory() {
        return directory;
    }

    /** @return the JDBC URL of the index in {@code directory} (absolute, normalised) */
    static String url(Path directory) {
        return "jdbc:h2:file:" + directory.resolve(DATABASE_NAME) + SETTINGS;
    }

    @Override
    public Optional<IndexedMailbox> load(String mailboxKey) throws IndexException {
        return index.load(mailboxKey);
    }

    @Override
    public Optional<IndexedMailbox> loadSummary(String mailboxKey) throws IndexException {
        return index.loadSummary(mailboxKey);
    }

    @Override
    public IndexedMailbox create(String mailboxKey, long uidValidity, FileSnapshot snapshot) throws IndexException {
        return index.create(mailboxKey, uidValidity, snapshot);
    }

    @Override
    public void apply(String mailboxKey, IndexChange change) throws IndexException {
        index.apply(mailboxKey, change);
    }

    @Override
    public void reset(String mailboxKey, MailboxState newState, List<IndexedMessage> messages) throws IndexException {
        index.reset(mailboxKey, newState, messages);
    }

    @Override
    public void rename(String oldKey, String newKey) throws IndexException {
        index.rename(oldKey, newKey);
    }

    @Override
    public boolean delete(String mailboxKey) throws IndexException {
        return index.delete(mailboxKey);
    }

    @Override
    public int defineKeyword(String mailboxKey, String name) throws IndexException {
        return index.defineKeyword(mailboxKey, name);
    }

    @Override
    public List<String> list() throws IndexException {
        return index.list();
    }

    @Override
    public void close() throws IndexException {
        index.close();
    }

    @Override
    public String toString() {
        return "H2MailboxIndex[" + databaseFile(directory) + "]";
    }

    private static IndexException translate(SQLException failure, IndexContext context) {
        if (isDamage(failure)) {
            return IndexException.corrupt(context.location(), failure);
        }
        if (isLocked(failure)) {
            return IndexException.inUse(context.location(), failure);
        }
        return IndexException.database(context, failure);
    }

    /** A damaged file: H2's corruption codes, a damaged MVStore, a file cut short, or damage found by the index. */
    private static boolean isDamage(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == ErrorCode.FILE_CORRUPTED_1
                    || sql.getErrorCode() == ErrorCode.FILE_VERSION_ERROR_1
                    || SqlStates.DATA_CORRUPTED.equals(sql.getSQLState()))) {
                return true;
            }
            if (t instanceof MVStoreException store && DAMAGED.contains(store.getErrorCode())) {
                return true;
            }
            if (t instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocked(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                return true;
            }
            if (t instanceof MVStoreException store && store.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                return true;
            }
        }
        return false;
    }
}

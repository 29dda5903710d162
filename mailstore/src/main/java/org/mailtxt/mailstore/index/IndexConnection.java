package org.mailtxt.mailstore.index;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The index's one JDBC connection and the lock that makes it safe to share:
 * every unit of work runs under {@link #connectionLock}, as one transaction
 * that commits when the work returns and rolls back when it throws. This is
 * the whole "pool": an embedded H2 index has one writer anyway, and
 * serialising on a lock keeps transactions from interleaving on one
 * connection. Thread-safe.
 */
final class IndexConnection implements AutoCloseable {

    /** Work on the connection inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException, IndexException;
    }

    /** Turns a database's exception into an index failure; knows the dialect's error codes. */
    @FunctionalInterface
    interface FailureTranslator {
        IndexException translate(SQLException failure, IndexContext context);
    }

    /** Guards {@link #connection}: one transaction at a time. */
    private final ReentrantLock connectionLock = new ReentrantLock();
    private final String location;
    private final FailureTranslator translator;
    /** The connection, in manual-commit mode; null once closed. Guarded by {@link #connectionLock}. */
    private Connection connection;

    /**
     * @param connection an open connection; this object owns it from now on
     * @param location where the index is, for messages
     * @param translator the dialect's translation of database failures
     * @throws IndexException when the connection cannot be put in manual-commit mode
     */
    IndexConnection(Connection connection, String location, FailureTranslator translator) throws IndexException {
        this.connection = Objects.requireNonNull(connection);
        this.location = Objects.requireNonNull(location);
        this.translator = Objects.requireNonNull(translator);
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            IndexException failure = translator.translate(e, new IndexContext(location, null, "open"));
            closeAfter(failure);
            throw failure;
        }
    }

    /** @return where the index is */
    String location() {
        return location;
    }

    /**
     * Runs {@code work} as one transaction, alone on the connection.
     *
     * @param context what the work does, for messages
     * @param work the work
     * @return what the work returned, after the commit
     * @throws IndexException when the work or the commit fails; the transaction is then rolled back
     */
    <T> T transaction(IndexContext context, Work<T> work) throws IndexException {
        connectionLock.lock();
        try {
            if (connection == null) {
                throw IndexException.closed(context);
            }
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException e) {
                IndexException failure = translator.translate(e, context);
                rollbackAfter(failure);
                throw failure;
            } catch (IndexException | RuntimeException | Error e) {
                rollbackAfter(e);
                throw e;
            }
        } finally {
            connectionLock.unlock();
        }
    }

    /** Closes the connection after the running transaction, if any; later work fails with {@code CLOSED}. */
    @Override
    public void close() throws IndexException {
        connectionLock.lock();
        try {
            if (connection == null) {
                return;
            }
            Connection closing = connection;
            connection = null;
            try {
                closing.close();
            } catch (SQLException e) {
                throw translator.translate(e, new IndexContext(location, null, "close"));
            }
        } finally {
            connectionLock.unlock();
        }
    }

    private void rollbackAfter(Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private void closeAfter(Throwable failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
        connection = null;
    }
}

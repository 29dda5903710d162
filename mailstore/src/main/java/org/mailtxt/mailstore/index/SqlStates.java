package org.mailtxt.mailstore.index;

import java.sql.SQLException;

/** Standard SQLSTATE classes that H2 and PostgreSQL report alike. Stateless; thread-safe. */
final class SqlStates {

    /** SQLSTATE of a unique or primary key violation. */
    static final String UNIQUE_VIOLATION = "23505";
    /** SQLSTATE of data found damaged (PostgreSQL's {@code data_corrupted}); the index raises it too. */
    static final String DATA_CORRUPTED = "XX001";

    private SqlStates() {
    }

    /**
     * @param failure a failure, possibly of a batch (whose details are chained with {@code getNextException})
     * @return whether it, a chained exception or a cause is a unique or primary key violation
     */
    static boolean isUniqueViolation(SQLException failure) {
        for (SQLException e = failure; e != null; e = e.getNextException()) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    return true;
                }
                if (t.getCause() == t) {
                    break;
                }
            }
        }
        return false;
    }
}

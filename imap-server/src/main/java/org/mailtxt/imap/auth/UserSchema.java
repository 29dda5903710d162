package org.mailtxt.imap.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * The user database's tables: {@code schema_version} (one row per migration applied) and {@code mail_user} (not
 * {@code user}, a reserved word in PostgreSQL). The SQL is the subset H2 and PostgreSQL share. Stateless.
 */
final class UserSchema {
    /** The schema version this code reads and writes. */
    static final int CURRENT = 1;

    private UserSchema() {
    }

    /**
     * Brings the database to {@link #CURRENT} in the caller's transaction.
     *
     * @return the version found (0 for a new database)
     * @throws UserStoreException when the database is newer than this code
     * @throws SQLException when the database fails
     */
    static int migrate(Connection c, String location) throws SQLException, UserStoreException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS schema_version (
                      version INTEGER NOT NULL PRIMARY KEY,
                      description VARCHAR(200) NOT NULL,
                      applied_epoch_seconds BIGINT NOT NULL
                    )""");
        }
        int found;
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rows.next();
            found = rows.getInt(1);
        }
        if (found > CURRENT) {
            throw new UserStoreException(UserStoreException.Kind.NEWER_SCHEMA, "the user database " + location
                    + " has schema version " + found + ", newer than this mailtxt (" + CURRENT
                    + "); run the newer mailtxt", null);
        }
        if (found < 1) {
            try (Statement s = c.createStatement()) {
                s.execute("""
                        CREATE TABLE IF NOT EXISTS mail_user (
                          name VARCHAR(64) NOT NULL PRIMARY KEY,
                          password_hash VARCHAR(200) NOT NULL,
                          created_epoch_seconds BIGINT NOT NULL,
                          password_changed_epoch_seconds BIGINT NOT NULL
                        )""");
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO schema_version (version, description, applied_epoch_seconds) VALUES (?, ?, ?)")) {
                insert.setInt(1, 1);
                insert.setString(2, "users with PBKDF2 password hashes");
                insert.setLong(3, Instant.now().getEpochSecond());
                insert.executeUpdate();
            }
        }
        return found;
    }
}

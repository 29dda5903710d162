package org.mailtxt.imap.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.h2.api.ErrorCode;
import org.h2.engine.SysProperties;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users in an embedded H2 database, {@code <data>/users/users.mv.db} (apart from the mailbox index in
 * {@code <data>/index}), with PBKDF2 password hashes ({@link PasswordHasher}) and failed logins throttled per client
 * address ({@link LoginThrottle}). H2 runs in PostgreSQL mode with the SQL both share and {@code WRITE_DELAY=0} (a
 * created user or changed password is on disk when the call returns). A hash made with fewer iterations than the
 * hasher's is remade at the next successful login. A login for an unknown user costs the same hash as a known one, so
 * timing does not tell which names exist.
 *
 * <p>Two processes share the database (the running server and {@code mailtxt user add}) through H2's automatic mixed
 * mode ({@code AUTO_SERVER=TRUE}, which needs {@code FILE_LOCK=FILE}): the first to open it holds the file and serves
 * it on a TCP port of the loopback address, recorded with a random key in {@code users/users.lock.db}; a later opener
 * connects there. Only a process that can read that directory (mode 0700) learns the key. H2 binds that port to
 * {@code h2.bindAddress}, a JVM-wide system property read once: this class sets it to {@code 127.0.0.1} when it is
 * unset, and {@link #open} refuses to run when H2 was initialised with any other value, so the database is never
 * offered on another interface. When the holder exits, the other process reconnects by itself (H2 does that only in
 * auto-commit mode, which is why every statement here is its own transaction). The MVStore file itself is always
 * locked by one process, so two writers cannot happen. H2 closes the database at JVM exit ({@code AUTO_SERVER}
 * requires it); a login racing the shutdown then fails and is logged.
 *
 * <p>Thread-safe: one JDBC connection, used under the {@code database} lock; password hashing and throttle delays
 * happen outside it, so one slow login does not hold up the others.
 */
public final class H2UserStore implements UserStore {
    private static final Logger LOG = LoggerFactory.getLogger(H2UserStore.class);
    /** The database's file name without H2's {@code .mv.db} suffix. */
    static final String DATABASE_NAME = "users";
    /** The system property H2 reads, once per JVM, for the address its TCP servers bind. */
    static final String H2_BIND_ADDRESS = "h2.bindAddress";
    private static final String SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;FILE_LOCK=FILE;AUTO_SERVER=TRUE"
            + ";WRITE_DELAY=0;TRACE_LEVEL_FILE=0";

    static {
        if (System.getProperty(H2_BIND_ADDRESS) == null) {
            System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
        }
    }
    /** The longest password accepted. */
    public static final int MAX_PASSWORD_LENGTH = 1024;

    private final Object database = new Object();
    private final Connection connection;
    private final String location;
    private final LoginThrottle throttle;
    private final PasswordHasher hasher;
    private volatile PasswordHash dummy;
    private boolean closed;

    private H2UserStore(Connection connection, String location, LoginThrottle throttle, PasswordHasher hasher) {
        this.connection = connection;
        this.location = location;
        this.throttle = throttle;
        this.hasher = hasher;
    }

    /**
     * Opens (or creates) the user database of a data directory with the default login throttle.
     *
     * @param dataDirectory the server's data directory; {@code users/} is created in it, mode 0700
     * @return the open store; close it
     * @throws UserStoreException {@code IN_USE} when another process has it open, {@code NEWER_SCHEMA}, or
     *     {@code DATABASE}
     * @throws IOException when the directory cannot be created
     */
    public static H2UserStore open(Path dataDirectory) throws IOException {
        return open(dataDirectory, new LoginThrottle(ThrottlePolicy.defaults()), new PasswordHasher());
    }

    /**
     * As {@link #open(Path)}, with a given throttle and hasher.
     *
     * @param dataDirectory the server's data directory
     * @param throttle the login throttle
     * @param hasher makes and checks password hashes
     * @return the open store; close it
     * @throws IOException as for {@link #open(Path)}
     */
    public static H2UserStore open(Path dataDirectory, LoginThrottle throttle, PasswordHasher hasher)
            throws IOException {
        Path dir = dataDirectory.toAbsolutePath().normalize().resolve(DATABASE_NAME);
        if (dir.toString().indexOf(';') >= 0) {
            throw new IllegalArgumentException("the data directory must not contain ';' (H2 URL syntax): " + dir);
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        String location = dir.resolve(DATABASE_NAME + ".mv.db").toString();
        checkLoopbackOnly(location);
        checkOwnerOnly(dir);
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve(DATABASE_NAME) + SETTINGS);
        } catch (SQLException e) {
            throw failure(location, "open", e);
        }
        try {
            c.setAutoCommit(false);
            UserSchema.migrate(c, location);
            c.commit();
            c.setAutoCommit(true);
        } catch (SQLException | UserStoreException e) {
            try {
                c.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e instanceof SQLException sql ? failure(location, "schema check", sql) : (UserStoreException) e;
        }
        return new H2UserStore(c, location, throttle, hasher);
    }

    /**
     * @param dataDirectory a server's data directory
     * @return the user database file of that directory, which {@link #open} creates when it is missing
     */
    public static Path databaseFile(Path dataDirectory) {
        return dataDirectory.toAbsolutePath().normalize().resolve(DATABASE_NAME).resolve(DATABASE_NAME + ".mv.db");
    }

    /**
     * Refuses a database directory that other users can read or enter: the key to the database's TCP port is in it
     * (see the class doc), and so are the password hashes.
     */
    private static void checkOwnerOnly(Path dir) throws IOException {
        Set<PosixFilePermission> open = EnumSet.copyOf(Files.getPosixFilePermissions(dir));
        open.retainAll(EnumSet.complementOf(EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)));
        if (!open.isEmpty()) {
            throw new UserStoreException(UserStoreException.Kind.DATABASE, "the user database directory " + dir
                    + " is open to other users (" + PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))
                    + "); it holds the password hashes and the key to the database: chmod 700 " + dir, null);
        }
    }

    /** Refuses to open when H2 would serve the database on an address other than loopback (see the class doc). */
    private static void checkLoopbackOnly(String location) throws UserStoreException {
        String bind = SysProperties.BIND_ADDRESS;
        boolean loopback;
        try {
            loopback = bind != null && !bind.isBlank() && InetAddress.getByName(bind).isLoopbackAddress();
        } catch (IOException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new UserStoreException(UserStoreException.Kind.DATABASE, "the user database " + location
                    + " is shared with other mailtxt processes over a TCP port, but H2 in this JVM binds its ports"
                    + " to " + (bind == null || bind.isBlank() ? "every interface" : bind) + "; start Java with -D"
                    + H2_BIND_ADDRESS + "=127.0.0.1 (./mailtxt does)", null);
        }
    }

    @Override
    public boolean authenticate(String user, char[] password, InetAddress client) {
        if (throttle.isLockedOut(client)) {
            LOG.info("login refused for {} from {}: address locked out after repeated failures", shown(user), client);
            return false;
        }
        Optional<PasswordHash> stored;
        String name = UserName.isValid(user) ? user.toLowerCase(Locale.ROOT) : null;
        try {
            stored = name == null ? Optional.empty() : storedHash(name);
        } catch (UserStoreException e) {
            LOG.error("login of {} from {} could not be checked: {}", name, client, e.getMessage(), e);
            return false;
        }
        boolean right = password.length > 0 && password.length <= MAX_PASSWORD_LENGTH
                && (stored.isPresent() ? hasher.verify(password, stored.get()) : hasher.verify(password, dummy()));
        if (right && stored.isPresent()) {
            throttle.succeeded(client);
            if (hasher.isOutdated(stored.get())) {
                rehash(name, password);
            }
            return true;
        }
        Duration delay = throttle.failed(client);
        LOG.info("login failed for {} from {} ({} failures from there){}", shown(user), client, throttle.failures(client),
                delay.isZero() ? "" : "; answering after " + delay.toMillis() + " ms");
        throttle.hold(delay);
        return false;
    }

    @Override
    public void create(String user, char[] password) throws IOException {
        String name = UserName.canonical(user);
        String hash = hasher.hash(checked(password, name)).format();
        long now = Instant.now().getEpochSecond();
        synchronized (database) {
            ensureOpen();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO mail_user (name, password_hash,"
                    + " created_epoch_seconds, password_changed_epoch_seconds) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, hash);
                insert.setLong(3, now);
                insert.setLong(4, now);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (e.getErrorCode() == ErrorCode.DUPLICATE_KEY_1 || "23505".equals(e.getSQLState())) {
                    throw new UserStoreException(UserStoreException.Kind.EXISTS, "user '" + name
                            + "' already exists; choose another name or change its password", e);
                }
                throw failure(location, "create user " + name, e);
            }
        }
    }

    @Override
    public void setPassword(String user, char[] password) throws IOException {
        String name = UserName.canonical(user);
        if (!updateHash(name, hasher.hash(checked(password, name)))) {
            throw new UserStoreException(UserStoreException.Kind.NO_SUCH_USER, "user '" + name
                    + "' does not exist; create it first", null);
        }
    }

    @Override
    public void delete(String user) throws IOException {
        String name = UserName.canonical(user);
        int rows;
        synchronized (database) {
            ensureOpen();
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM mail_user WHERE name = ?")) {
                delete.setString(1, name);
                rows = delete.executeUpdate();
            } catch (SQLException e) {
                throw failure(location, "delete user " + name, e);
            }
        }
        if (rows != 1) {
            throw new UserStoreException(UserStoreException.Kind.NO_SUCH_USER, "user '" + name
                    + "' does not exist; nothing deleted", null);
        }
    }

    @Override
    public boolean exists(String user) throws IOException {
        return UserName.isValid(user) && storedHash(user.toLowerCase(Locale.ROOT)).isPresent();
    }

    @Override
    public List<String> list() throws IOException {
        synchronized (database) {
            ensureOpen();
            try (PreparedStatement select = connection.prepareStatement("SELECT name FROM mail_user ORDER BY name");
                 ResultSet rows = select.executeQuery()) {
                List<String> names = new ArrayList<>();
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
                return names;
            } catch (SQLException e) {
                throw failure(location, "list users", e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (database) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.warn("closing the user database {} failed: {}", location, e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "H2UserStore[" + location + "]";
    }

    private Optional<PasswordHash> storedHash(String name) throws UserStoreException {
        synchronized (database) {
            ensureOpen();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT password_hash FROM mail_user WHERE name = ?")) {
                select.setString(1, name);
                String text;
                try (ResultSet rows = select.executeQuery()) {
                    text = rows.next() ? rows.getString(1) : null;
                }
                if (text == null) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(PasswordHash.parse(text));
                } catch (IllegalArgumentException e) {
                    throw new UserStoreException(UserStoreException.Kind.DATABASE, "the stored password hash of '"
                            + name + "' in " + location + " is damaged (" + e.getMessage()
                            + "); set a new password for the user", e);
                }
            } catch (SQLException e) {
                throw failure(location, "read user " + name, e);
            }
        }
    }

    private boolean updateHash(String name, PasswordHash hash) throws UserStoreException {
        synchronized (database) {
            ensureOpen();
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE mail_user SET password_hash = ?, password_changed_epoch_seconds = ? WHERE name = ?")) {
                update.setString(1, hash.format());
                update.setLong(2, Instant.now().getEpochSecond());
                update.setString(3, name);
                return update.executeUpdate() == 1;
            } catch (SQLException e) {
                throw failure(location, "set the password of " + name, e);
            }
        }
    }

    private void rehash(String name, char[] password) {
        try {
            updateHash(name, hasher.hash(password));
            LOG.info("password hash of {} remade with {} iterations", name, hasher.iterations());
        } catch (UserStoreException e) {
            LOG.warn("password hash of {} could not be remade (the login succeeded anyway): {}", name,
                    e.getMessage(), e);
        }
    }

    private PasswordHash dummy() {
        PasswordHash d = dummy;
        if (d == null) {
            d = hasher.hash("no such user".toCharArray());
            dummy = d;
        }
        return d;
    }

    /** A client-sent name for the log: as is when valid, otherwise a marker, so the log cannot be forged. */
    private static String shown(String user) {
        return UserName.isValid(user) ? user : "(invalid user name)";
    }

    private static char[] checked(char[] password, String name) throws UserStoreException {
        if (password == null || password.length == 0 || password.length > MAX_PASSWORD_LENGTH) {
            throw new UserStoreException(UserStoreException.Kind.INVALID_PASSWORD, "the password for '" + name
                    + "' must be 1 to " + MAX_PASSWORD_LENGTH + " characters long", null);
        }
        return password;
    }

    private void ensureOpen() throws UserStoreException {
        if (closed) {
            throw new UserStoreException(UserStoreException.Kind.DATABASE, "the user database " + location
                    + " is closed (the server is stopping)", null);
        }
    }

    private static UserStoreException failure(String location, String what, SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if ((t instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1)
                    || (t instanceof MVStoreException store && store.getErrorCode() == DataUtils.ERROR_FILE_LOCKED)) {
                return new UserStoreException(UserStoreException.Kind.IN_USE, "the user database " + location
                        + " is in use by another process (another mailtxt on the same data directory?); stop it"
                        + " or use another data.dir", e);
            }
        }
        return new UserStoreException(UserStoreException.Kind.DATABASE, "the user database " + location
                + " failed to " + what + ": " + e.getMessage(), e);
    }
}

package org.mailtxt.imap.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * The users of a mailtxt server and their passwords: the IMAP server's LOGIN and AUTHENTICATE check passwords here,
 * the launcher creates the first user, {@code mailtxt user} manages them. User names follow {@link UserName}
 * (case-insensitive; stored lower case). Implementations are thread-safe.
 */
public interface UserStore extends AutoCloseable {

    /**
     * Checks a password, applying the login throttle of the client's address: a failure may be answered only after
     * a delay (the calling thread sleeps; call it off any event loop), and an address in lockout fails without its
     * password being checked. Never throws for a wrong password, an unknown or invalid user name; a database failure
     * is logged and answered {@code false}.
     *
     * @param user the name as the client sent it
     * @param password the password; not modified, not kept
     * @param client the client's address (the throttle's key)
     * @return whether the user exists, the password is right, and the address is not locked out
     */
    boolean authenticate(String user, char[] password, InetAddress client);

    /**
     * @param user a new user's name
     * @param password its password (1 to 1024 characters); not modified, not kept
     * @throws UserStoreException {@code INVALID_NAME}, {@code INVALID_PASSWORD}, {@code EXISTS}, or {@code DATABASE}
     * @throws IOException when the database fails
     */
    void create(String user, char[] password) throws IOException;

    /**
     * @param user an existing user's name
     * @param password the new password (1 to 1024 characters); not modified, not kept
     * @throws UserStoreException {@code INVALID_NAME}, {@code INVALID_PASSWORD}, {@code NO_SUCH_USER}, or
     *     {@code DATABASE}
     * @throws IOException when the database fails
     */
    void setPassword(String user, char[] password) throws IOException;

    /**
     * Removes a user's login; its mail is not touched. Sessions already logged in keep running until they end.
     *
     * @param user an existing user's name
     * @throws UserStoreException {@code INVALID_NAME}, {@code NO_SUCH_USER}, or {@code DATABASE}
     * @throws IOException when the database fails
     */
    void delete(String user) throws IOException;

    /**
     * @param user a name
     * @return whether that user exists (false for an invalid name)
     * @throws IOException when the database fails
     */
    boolean exists(String user) throws IOException;

    /**
     * @return every user name, sorted
     * @throws IOException when the database fails
     */
    List<String> list() throws IOException;

    /** Closes the store; idempotent. */
    @Override
    void close();
}

package org.mailtxt.imap.launch;

/**
 * A started IMAP server as the launcher sees it: the ports it bound, and a graceful, idempotent close. Implemented
 * over {@code org.mailtxt.imap.server.ImapServer} by {@link ServerRun}. Implementations are thread-safe.
 */
public interface RunningServer extends AutoCloseable {
    /** @return the bound plain IMAP port */
    int port();

    /** @return the bound IMAPS port, or -1 when implicit TLS is disabled */
    int tlsPort();

    /** Stops accepting, lets commands in flight finish, closes mailboxes and releases their locks; idempotent. */
    @Override
    void close();
}

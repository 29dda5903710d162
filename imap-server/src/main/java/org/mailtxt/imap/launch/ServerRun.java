package org.mailtxt.imap.launch;

import java.util.concurrent.atomic.AtomicBoolean;
import org.mailtxt.imap.auth.UserStore;
import org.mailtxt.imap.config.ServerConfig;
import org.mailtxt.imap.server.ImapServer;

/**
 * Starts {@link ImapServer} for the launcher. Stateless; thread-safe.
 */
public final class ServerRun implements ServerStarter {
    @Override
    public RunningServer start(ServerConfig config, UserStore users) throws Exception {
        ImapServer server = new ImapServer(config, users);
        try {
            server.start();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return new Started(server);
    }

    /** The started server; its close is idempotent. */
    private static final class Started implements RunningServer {
        private final ImapServer server;
        private final AtomicBoolean closed = new AtomicBoolean();

        Started(ImapServer server) {
            this.server = server;
        }

        @Override
        public int port() {
            return server.port();
        }

        @Override
        public int tlsPort() {
            return server.tlsPort();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                server.close();
            }
        }
    }
}

package org.mailtxt.imap.launch;

import org.mailtxt.imap.auth.UserStore;
import org.mailtxt.imap.config.ServerConfig;

/**
 * Starts the IMAP server for the launcher: {@link ServerRun} in production, a recorder in tests. Implementations
 * are thread-safe.
 */
@FunctionalInterface
public interface ServerStarter {
    /**
     * @param config the prepared configuration (TLS keystore present when TLS is enabled)
     * @param users the open user store, closed by the launcher after the server
     * @return the started server, bound to its ports
     * @throws Exception when the server cannot start (a port in use, a bad keystore)
     */
    RunningServer start(ServerConfig config, UserStore users) throws Exception;
}

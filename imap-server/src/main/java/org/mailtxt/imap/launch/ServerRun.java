package org.mailtxt.imap.launch;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mailtxt.imap.auth.UserStore;
import org.mailtxt.imap.config.ServerConfig;

/**
 * Starts {@code org.mailtxt.imap.server.ImapServer} (the Netty/James server core, built in its own package and
 * branch) through its public contract: {@code new ImapServer(ServerConfig, UserStore)}, {@code start()},
 * {@code port()}, {@code tlsPort()}, {@code close()}. The class is looked up by name so that the launcher builds
 * and is tested on a branch where the server core is not merged yet; once both are on one branch this is a direct
 * call of the same five members. Stateless; thread-safe.
 */
public final class ServerRun implements ServerStarter {
    /** The server core's class. */
    static final String SERVER_CLASS = "org.mailtxt.imap.server.ImapServer";

    @Override
    public RunningServer start(ServerConfig config, UserStore users) throws Exception {
        Class<?> type;
        try {
            type = Class.forName(SERVER_CLASS);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this build has no IMAP server core (" + SERVER_CLASS + " is missing);"
                    + " build the branch that has it (mvn -B -ntp install) and run ./mailtxt serve again", e);
        }
        Constructor<?> constructor = type.getConstructor(ServerConfig.class, UserStore.class);
        AutoCloseable server = (AutoCloseable) unwrap(() -> constructor.newInstance(config, users));
        Method port = type.getMethod("port");
        Method tlsPort = type.getMethod("tlsPort");
        try {
            unwrap(() -> type.getMethod("start").invoke(server));
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return new Started(server, (int) port.invoke(server), (int) tlsPort.invoke(server));
    }

    /** The started server; its close is idempotent whatever the core's is. */
    private static final class Started implements RunningServer {
        private final AutoCloseable server;
        private final int port;
        private final int tlsPort;
        private final AtomicBoolean closed = new AtomicBoolean();

        Started(AutoCloseable server, int port, int tlsPort) {
            this.server = server;
            this.port = port;
            this.tlsPort = tlsPort;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public int tlsPort() {
            return tlsPort;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                try {
                    server.close();
                } catch (Exception e) {
                    throw new IllegalStateException("the IMAP server did not close cleanly: " + e, e);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws ReflectiveOperationException;
    }

    /** Runs a reflective call and rethrows what the server itself threw, not the reflection wrapper. */
    private static Object unwrap(Call call) throws Exception {
        try {
            return call.run();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}

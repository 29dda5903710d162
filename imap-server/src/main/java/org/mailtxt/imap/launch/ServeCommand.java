package org.mailtxt.imap.launch;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.mailtxt.imap.auth.H2UserStore;
import org.mailtxt.imap.auth.LoginThrottle;
import org.mailtxt.imap.auth.PasswordHasher;
import org.mailtxt.imap.auth.UserStore;
import org.mailtxt.imap.config.ConfigException;
import org.mailtxt.imap.config.LogLevel;
import org.mailtxt.imap.config.ServerConfig;
import org.mailtxt.imap.tls.SelfSignedKeystore;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mailtxt serve}: loads the configuration, prepares the data directory, opens the user store, creates the
 * first start's {@code demo} user, generates the TLS keystore if needed, starts the server, and serves until
 * SIGTERM or SIGINT, when a shutdown hook closes server and store once. Exit status 0 after a clean stop, 2 for a
 * configuration error, 1 when the start fails. Not thread-safe (picocli runs it once).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = MailtxtVersion.class,
        sortOptions = false,
        description = "Start the IMAP server and serve until stopped (SIGTERM or Ctrl-C).")
public final class ServeCommand implements Callable<Integer> {
    /** Exit status for a configuration the server cannot start with. */
    public static final int CONFIG_ERROR = 2;
    /** Exit status for a start that failed for another reason. */
    public static final int START_FAILED = 1;

    @Mixin
    ConfigOptions configuration = new ConfigOptions();

    @Option(names = "--port", paramLabel = "PORT", description = "IMAP port (imap.port)")
    String port;

    @Option(names = "--imaps-port", paramLabel = "PORT", description = "IMAPS port, 0 to disable (imaps.port)")
    String imapsPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "address to bind (server.bind)")
    String bind;

    private final ServerStarter starter;
    private final PrintStream out;
    private final PrintStream err;
    private final Consumer<ServerLifetime> onStarted;
    private final boolean installShutdownHook;

    /** The production command: starts the real server, prints to the standard streams, stops on SIGTERM. */
    public ServeCommand() {
        this(new ServerRun(), System.out, System.err, lifetime -> { }, true);
    }

    /**
     * @param starter starts the server
     * @param out where the first start's password and the serving line go
     * @param err where errors go
     * @param onStarted called with the running server before the command waits for it to close
     * @param installShutdownHook whether to close the server from a JVM shutdown hook
     */
    public ServeCommand(ServerStarter starter, PrintStream out, PrintStream err, Consumer<ServerLifetime> onStarted,
                        boolean installShutdownHook) {
        this.starter = starter;
        this.out = out;
        this.err = err;
        this.onStarted = onStarted;
        this.installShutdownHook = installShutdownHook;
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config;
        try {
            config = loadConfig();
        } catch (ConfigException e) {
            err.println("mailtxt serve: " + e.getMessage());
            return CONFIG_ERROR;
        }
        applyLogLevel(config.logLevel());
        ServerLifetime lifetime;
        try {
            lifetime = start(config);
        } catch (Exception e) {
            err.println("mailtxt serve: cannot start: " + e.getMessage());
            LoggerFactory.getLogger(ServeCommand.class).debug("start failed", e);
            return START_FAILED;
        }
        if (installShutdownHook) {
            Runtime.getRuntime().addShutdownHook(lifetime.shutdownHook());
        }
        onStarted.accept(lifetime);
        lifetime.awaitClosed();
        return 0;
    }

    /** The configuration of this invocation: the file (which must exist), {@code --set}, then the shortcuts. */
    ServerConfig loadConfig() throws ConfigException {
        Map<String, String> shortcuts = new LinkedHashMap<>();
        shortcuts.put("imap.port", port);
        shortcuts.put("imaps.port", imapsPort);
        shortcuts.put("server.bind", bind);
        return configuration.load(shortcuts);
    }

    private ServerLifetime start(ServerConfig loaded) throws Exception {
        DataDirectory.prepare(loaded);
        UserStore users = H2UserStore.open(loaded.dataDirectory(), new LoginThrottle(loaded.loginThrottle()),
                new PasswordHasher());
        try {
            DemoUser.createIfNoUsers(users, loaded.dataDirectory(), out);
            ServerConfig config = SelfSignedKeystore.ensure(loaded);
            RunningServer server = starter.start(config, users);
            out.println("mailtxt: serving IMAP on " + config.bindAddress().getHostAddress() + ":" + server.port()
                    + (server.tlsPort() > 0 ? ", IMAPS on port " + server.tlsPort() : ", IMAPS disabled")
                    + "; data in " + config.dataDirectory() + ", mail in " + config.mailRoot());
            out.flush();
            return new ServerLifetime(server, users);
        } catch (Exception | Error e) {
            users.close();
            throw e;
        }
    }

    /** Sets the root level when Logback is the SLF4J binding (it is in the launcher's classpath). */
    static void applyLogLevel(LogLevel level) {
        org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.toLevel(level.name()));
        }
    }
}

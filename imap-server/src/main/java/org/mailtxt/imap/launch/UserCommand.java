package org.mailtxt.imap.launch;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailtxt.imap.auth.H2UserStore;
import org.mailtxt.imap.auth.LoginThrottle;
import org.mailtxt.imap.auth.PasswordHasher;
import org.mailtxt.imap.auth.UserName;
import org.mailtxt.imap.auth.UserStore;
import org.mailtxt.imap.auth.UserStoreException;
import org.mailtxt.imap.config.ConfigException;
import org.mailtxt.imap.config.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailtxt user add|passwd|delete|list}: the users of the user database in the configured data directory
 * (resolved as {@code serve} does: {@code --config}, {@code --set}, {@code --data}). Works while the server runs
 * (the two share the database, see {@link H2UserStore}): an added user can log in at once, a deleted one no longer
 * can. Passwords come from the terminal without echo or from standard input with {@code --password-stdin}, and are
 * read before the database is opened, so a slow typist never holds it. Exit status 0 when done, 1 when refused or
 * failed (the message says why and what to do), 2 for a usage or configuration error. Not thread-safe (picocli runs
 * one subcommand once).
 */
@Command(name = "user", mixinStandardHelpOptions = true, versionProvider = MailtxtVersion.class,
        header = "Manage the users who can log in: add, passwd, delete, list.",
        description = "Works while the server runs; a change applies from the next login. 'mailtxt user COMMAND"
            + " --help' shows a command's options.")
public final class UserCommand implements Runnable {
    /** Exit status for a refused or failed change. */
    public static final int REFUSED = 1;
    /** Exit status for a usage or configuration error. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private UserCommand() {
    }

    /**
     * @param io the streams the subcommands use
     * @return the {@code user} command with its subcommands, ready for {@link CommandLine#execute} or to be added to
     *     the launcher's command line
     */
    public static CommandLine commandLine(CommandIo io) {
        return new CommandLine(new UserCommand()).addSubcommand(new Add(io)).addSubcommand(new Passwd(io))
                .addSubcommand(new Delete(io)).addSubcommand(new ListUsers(io))
                .addSubcommand(new CommandLine.HelpCommand())
                .setOut(new PrintWriter(io.out(), true)).setErr(new PrintWriter(io.err(), true));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand; try: mailtxt user add|passwd|delete|list (mailtxt user --help)");
    }

    /** What every subcommand does around its own work: configuration, opening the store, errors to exit status. */
    abstract static class Subcommand implements Callable<Integer> {
        @Mixin
        ConfigOptions configuration = new ConfigOptions();

        final CommandIo io;

        Subcommand(CommandIo io) {
            this.io = io;
        }

        /** The subcommand's name, for messages ({@code user add}). */
        abstract String name();

        /** Does the work; refusals are exceptions, whose message is shown. */
        abstract void run(ServerConfig config) throws Exception;

        @Override
        public final Integer call() {
            ServerConfig config;
            try {
                config = configuration.load(Map.of());
            } catch (ConfigException e) {
                return fail(e.getMessage(), USAGE);
            }
            try {
                run(config);
                return 0;
            } catch (PasswordInput.Refused e) {
                return fail(e.getMessage(), e.status());
            } catch (IOException e) {
                return fail(e.getMessage(), REFUSED);
            } catch (Exception e) {
                return fail(e.toString(), REFUSED);
            }
        }

        private int fail(String message, int status) {
            io.err().println("mailtxt " + name() + ": " + message);
            io.err().flush();
            return status;
        }

        /** Opens the user database of {@code config}, which must already exist. */
        static UserStore openExisting(ServerConfig config) throws IOException {
            Path data = config.dataDirectory();
            if (!Files.isDirectory(data)) {
                throw new IOException("the data directory " + data + " (data.dir) does not exist or is not a"
                        + " directory; pass the server's with --data DIR or --config FILE");
            }
            checkReadable(data);
            Path database = H2UserStore.databaseFile(data);
            if (!Files.isRegularFile(database)) {
                throw new IOException("there is no user database in " + data + " (no " + database + "); add a"
                        + " user with 'mailtxt user add NAME' or start the server once, or pass the server's"
                        + " data directory with --data DIR");
            }
            return open(config);
        }

        static void checkReadable(Path data) throws IOException {
            if (!Files.isReadable(data) || !Files.isExecutable(data)) {
                throw new IOException("the data directory " + data + " (data.dir) cannot be read by this user;"
                        + " run the command as the user the server runs as");
            }
        }

        static UserStore open(ServerConfig config) throws IOException {
            return H2UserStore.open(config.dataDirectory(), new LoginThrottle(config.loginThrottle()),
                    new PasswordHasher());
        }
    }

    /** {@code user add NAME}. */
    @Command(name = "add", mixinStandardHelpOptions = true, versionProvider = MailtxtVersion.class,
            sortOptions = false,
            header = "Add a user.",
            description = "Add a user who can log in with the password given: typed twice without echo, or the"
                + " first line of standard input with --password-stdin (never an argument). Its mailboxes are"
                + " created at its first login. Refused when the user exists.")
    static final class Add extends Subcommand {
        @Parameters(paramLabel = "NAME", description = "1-64 characters of a-z 0-9 . _ - + @ (case-insensitive)")
        String user;

        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean passwordStdin;

        Add(CommandIo io) {
            super(io);
        }

        @Override
        String name() {
            return "user add";
        }

        @Override
        void run(ServerConfig config) throws Exception {
            String canonical = UserName.canonical(user);
            Path data = config.dataDirectory();
            if (Files.exists(data)) {
                if (!Files.isDirectory(data)) {
                    throw new IOException(data + " (data.dir) exists but is not a directory; move it away or pass"
                            + " the server's data directory with --data DIR");
                }
                checkReadable(data);
            }
            if (Files.isRegularFile(H2UserStore.databaseFile(data))) {
                try (UserStore users = open(config)) {
                    if (users.exists(canonical)) {
                        throw new IOException("user '" + canonical + "' already exists; choose another name, or"
                                + " change its password with 'mailtxt user passwd " + canonical + "'");
                    }
                }
            }
            // Read before anything is created, so that a refused password leaves no trace.
            char[] password = PasswordInput.read(io, passwordStdin, canonical);
            DataDirectory.prepare(config);
            try (UserStore users = open(config)) {
                users.create(canonical, password);
            } finally {
                Arrays.fill(password, '\0');
            }
            io.out().println("mailtxt: added user '" + canonical + "'; its mail will be in "
                    + config.mailDirectory(canonical));
            io.out().flush();
        }
    }

    /** {@code user passwd NAME}. */
    @Command(name = "passwd", mixinStandardHelpOptions = true, versionProvider = MailtxtVersion.class,
            sortOptions = false,
            header = "Set a user's password.",
            description = "Set a new password for an existing user: typed twice without echo, or the first line"
                + " of standard input with --password-stdin (never an argument). Sessions already logged in stay"
                + " logged in.")
    static final class Passwd extends Subcommand {
        @Parameters(paramLabel = "NAME", description = "an existing user")
        String user;

        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean passwordStdin;

        Passwd(CommandIo io) {
            super(io);
        }

        @Override
        String name() {
            return "user passwd";
        }

        @Override
        void run(ServerConfig config) throws Exception {
            String canonical = UserName.canonical(user);
            try (UserStore users = openExisting(config)) {
                if (!users.exists(canonical)) {
                    throw noSuchUser(canonical);
                }
            }
            char[] password = PasswordInput.read(io, passwordStdin, canonical);
            try (UserStore users = open(config)) {
                users.setPassword(canonical, password);
            } finally {
                Arrays.fill(password, '\0');
            }
            io.out().println("mailtxt: changed the password of '" + canonical + "'");
            io.out().flush();
        }
    }

    /** {@code user delete NAME}. */
    @Command(name = "delete", mixinStandardHelpOptions = true, versionProvider = MailtxtVersion.class,
            sortOptions = false,
            header = "Delete a user's login (its mail is kept).",
            description = "Delete a user's login. Its mail is NOT deleted: the user's mail directory stays as it"
                + " is (remove it yourself if it should go). Sessions already logged in run until they end.")
    static final class Delete extends Subcommand {
        @Parameters(paramLabel = "NAME", description = "an existing user")
        String user;

        Delete(CommandIo io) {
            super(io);
        }

        @Override
        String name() {
            return "user delete";
        }

        @Override
        void run(ServerConfig config) throws Exception {
            String canonical = UserName.canonical(user);
            try (UserStore users = openExisting(config)) {
                users.delete(canonical);
            } catch (UserStoreException e) {
                throw e.kind() == UserStoreException.Kind.NO_SUCH_USER ? noSuchUser(canonical) : e;
            }
            io.out().println("mailtxt: deleted the login of '" + canonical + "'; its mail in "
                    + config.mailDirectory(canonical) + " is kept");
            io.out().flush();
        }
    }

    /** {@code user list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = MailtxtVersion.class,
            sortOptions = false,
            header = "List the users, one name a line, sorted.")
    static final class ListUsers extends Subcommand {
        ListUsers(CommandIo io) {
            super(io);
        }

        @Override
        String name() {
            return "user list";
        }

        @Override
        void run(ServerConfig config) throws Exception {
            try (UserStore users = openExisting(config)) {
                users.list().forEach(io.out()::println);
            }
            io.out().flush();
        }
    }

    private static IOException noSuchUser(String name) {
        return new IOException("user '" + name + "' does not exist ('mailtxt user list' shows the users)");
    }
}

package org.mailtxt.imap;

import java.io.PrintWriter;
import org.mailtxt.imap.launch.CommandIo;
import org.mailtxt.imap.launch.MailtxtVersion;
import org.mailtxt.imap.launch.ServeCommand;
import org.mailtxt.imap.launch.UserCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mailtxt} command line ({@code ./mailtxt} at the root of the checkout runs it): {@code serve} starts the
 * IMAP server ({@link ServeCommand}), {@code user add|passwd|delete|list} manages the users ({@link UserCommand}),
 * {@code version} and {@code help} say what this is. Not thread-safe; {@link #main} runs once.
 */
@Command(name = "mailtxt", mixinStandardHelpOptions = true, versionProvider = MailtxtVersion.class,
        description = "IMAP server over UW c-client tenex/mtx mailbox files.",
        footer = {"", "Every command reads conf/mailtxt.properties (--config FILE, --set KEY=VALUE).",
            "'mailtxt help COMMAND' or 'mailtxt COMMAND --help' shows a command's options."})
public final class Launcher implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Launcher() {
    }

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(commandLine(CommandIo.system()).execute(args));
    }

    /**
     * @param io the streams of the {@code user} commands ({@code serve} uses the process's own)
     * @return the whole command line: serve, user, version, help
     */
    public static CommandLine commandLine(CommandIo io) {
        return new CommandLine(new Launcher()).addSubcommand(new ServeCommand())
                .addSubcommand(UserCommand.commandLine(io)).addSubcommand(new VersionCommand())
                .addSubcommand(new CommandLine.HelpCommand()).setOut(new PrintWriter(io.out(), true))
                .setErr(new PrintWriter(io.err(), true));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command; try: mailtxt serve");
    }

    /** {@code mailtxt version}: the same line as {@code mailtxt --version}. */
    @Command(name = "version", description = "Print the version of mailtxt.", mixinStandardHelpOptions = true,
            versionProvider = MailtxtVersion.class)
    static final class VersionCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().getParent().printVersionHelp(spec.commandLine().getOut());
        }
    }
}

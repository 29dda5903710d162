package org.mailtxt.imap;

import org.mailtxt.imap.launch.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mailtxt} command line ({@code ./mailtxt} at the root of the checkout runs it): {@code mailtxt serve
 * [options]} starts the IMAP server, see {@link ServeCommand}. Not thread-safe; {@link #main} runs once.
 */
@Command(name = "mailtxt", mixinStandardHelpOptions = true, versionProvider = Launcher.Version.class,
        subcommands = {ServeCommand.class, CommandLine.HelpCommand.class},
        description = "IMAP server over UW c-client tenex/mtx mailbox files.")
public final class Launcher implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Launcher()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command; try: mailtxt serve");
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Launcher.class.getPackage().getImplementationVersion();
            return new String[] {"mailtxt " + (v == null ? "(development build)" : v)};
        }
    }
}

package org.mailtxt.imap.launch;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The streams a command talks through: standard input (passwords given with {@code --password-stdin}), output,
 * errors, and the terminal when there is one (passwords typed without echo). Tests give their own streams and no
 * terminal. Immutable; as thread-safe as its streams.
 *
 * @param in standard input
 * @param out standard output: results (the user list) and confirmations
 * @param err standard error: refusals and failures
 * @param console the terminal, or null when standard input or output is not one
 */
public record CommandIo(InputStream in, PrintStream out, PrintStream err, Console console) {
    /** @return the process's standard streams and {@link System#console()} */
    public static CommandIo system() {
        return new CommandIo(System.in, System.out, System.err, System.console());
    }
}

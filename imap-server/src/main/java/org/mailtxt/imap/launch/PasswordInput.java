package org.mailtxt.imap.launch;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.mailtxt.imap.auth.H2UserStore;

/**
 * Reads a new password for {@code mailtxt user add} and {@code user passwd}: from the terminal without echo, typed
 * twice, or, with {@code --password-stdin}, as the first line of standard input (for scripts; the line end is not
 * part of it). Never from the command line, where other users can read it in the process list. The caller wipes the
 * returned array. Stateless; thread-safe.
 */
final class PasswordInput {
    private PasswordInput() {
    }

    /**
     * @param io where to read from
     * @param fromStdin read standard input instead of the terminal
     * @param user the user the password is for, for the prompt
     * @return the password, 1 to {@value H2UserStore#MAX_PASSWORD_LENGTH} characters
     * @throws Refused when nothing usable was entered, the two entries differ, or there is nothing to read from
     * @throws IOException when standard input fails
     */
    static char[] read(CommandIo io, boolean fromStdin, String user) throws Refused, IOException {
        char[] password = fromStdin ? firstLine(io.in()) : typed(io.console(), user);
        if (password.length == 0) {
            throw new Refused("the password is empty; nothing changed", UserCommand.REFUSED);
        }
        if (password.length > H2UserStore.MAX_PASSWORD_LENGTH) {
            Arrays.fill(password, '\0');
            throw new Refused("the password is longer than " + H2UserStore.MAX_PASSWORD_LENGTH
                    + " characters; nothing changed", UserCommand.REFUSED);
        }
        return password;
    }

    private static char[] typed(Console console, String user) throws Refused {
        if (console == null) {
            throw new Refused("there is no terminal to type the password on; give it on standard input with"
                    + " --password-stdin (never on the command line)", UserCommand.USAGE);
        }
        char[] first = console.readPassword("New password for %s: ", user);
        if (first == null) {
            throw new Refused("no password entered (end of input); nothing changed", UserCommand.REFUSED);
        }
        if (first.length == 0) {
            return first;
        }
        char[] again = console.readPassword("Retype the password for %s: ", user);
        try {
            if (again == null || !Arrays.equals(first, again)) {
                Arrays.fill(first, '\0');
                throw new Refused("the two passwords differ; nothing changed", UserCommand.REFUSED);
            }
            return first;
        } finally {
            if (again != null) {
                Arrays.fill(again, '\0');
            }
        }
    }

    /** The first line of {@code in} without its line end; reads at most one character past the longest password. */
    private static char[] firstLine(InputStream in) throws IOException {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        char[] buffer = new char[H2UserStore.MAX_PASSWORD_LENGTH + 2];
        int length = 0;
        while (length < buffer.length) {
            int c = reader.read();
            if (c < 0 || c == '\n') {
                break;
            }
            buffer[length++] = (char) c;
        }
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        char[] line = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, '\0');
        return line;
    }

    /** Why no password was read, and the exit status for it. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(String message, int status) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}

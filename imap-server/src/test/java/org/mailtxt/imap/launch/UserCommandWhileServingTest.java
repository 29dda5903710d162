package org.mailtxt.imap.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.imap.Launcher;

/**
 * {@code mailtxt user ...} while {@code mailtxt serve} runs in another JVM on the same data directory: the server
 * holds the user database, the command reaches it through the server's H2 (see {@code H2UserStore}), and the
 * change shows at the next IMAP LOGIN.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UserCommandWhileServingTest {
    private static final Pattern SERVING = Pattern.compile("serving IMAP on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path data;
    Process server;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stopServer() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor();
        }
    }

    @Test
    void usersAddedChangedAndDeletedWhileTheServerRunsTakeEffectAtTheNextLogin() throws Exception {
        int port = startServer();

        assertThat(user("carol pw\n", "add", "carol", "--password-stdin")).as(err()).isZero();
        assertThat(login(port, "carol", "carol pw")).as("the new user logs in at once").startsWith("a1 OK");

        assertThat(user("carol new\n", "passwd", "carol", "--password-stdin")).as(err()).isZero();
        assertThat(login(port, "carol", "carol pw")).startsWith("a1 NO");
        assertThat(login(port, "carol", "carol new")).startsWith("a1 OK");

        out.reset();
        assertThat(user("", "list")).as(err()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("carol\ndemo\n");

        assertThat(user("", "delete", "carol")).as(err()).isZero();
        assertThat(login(port, "carol", "carol new")).as("a deleted user no longer logs in").startsWith("a1 NO");

        server.destroy();
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("server stopped on SIGTERM").isTrue();
        assertThat(server.exitValue()).as("0, or 143 when the JVM ends on the signal").isIn(0, 143);
        out.reset();
        assertThat(user("", "list")).as("the database is usable after the server left").isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("demo\n");
    }

    @Test
    void refusalsWhileTheServerRunsAreTheSameAsWithout() throws Exception {
        startServer();

        assertThat(user("pw\n", "add", "demo", "--password-stdin")).isEqualTo(UserCommand.REFUSED);
        assertThat(user("", "delete", "nobody")).isEqualTo(UserCommand.REFUSED);
        assertThat(user("pw\n", "passwd", "nobody", "--password-stdin")).isEqualTo(UserCommand.REFUSED);

        assertThat(err()).contains("user 'demo' already exists").contains("user 'nobody' does not exist");
    }

    /** Starts {@code mailtxt serve} in a second JVM on {@link #data}, any free port, and returns the port. */
    private int startServer() throws IOException {
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(), "serve",
                "--config", UserCommandTest.SHIPPED.toString(), "--data", data.toString(), "--port", "0",
                "--imaps-port", "0", "--set", "tls.enabled=false", "--set", "keywords.file=" + UserCommandTest.KEYWORDS)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            seen.append(line).append('\n');
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server ended without serving; its output:\n" + seen);
    }

    private int user(String stdin, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--config", UserCommandTest.SHIPPED.toString(), "--data", data.toString(), "--set",
                "keywords.file=" + UserCommandTest.KEYWORDS));
        CommandIo io = new CommandIo(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                null);
        return UserCommand.commandLine(io).execute(all.toArray(String[]::new));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** One IMAP connection: LOGIN, then LOGOUT; returns the tagged answer to LOGIN. */
    private static String login(int port, String user, String password) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            OutputStream o = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");
            o.write(("a1 LOGIN \"" + user + "\" \"" + password + "\"\r\n").getBytes(StandardCharsets.UTF_8));
            o.flush();
            String answer;
            do {
                answer = in.readLine();
            } while (answer != null && !answer.startsWith("a1 "));
            o.write("a2 LOGOUT\r\n".getBytes(StandardCharsets.UTF_8));
            o.flush();
            return String.valueOf(answer);
        }
    }
}

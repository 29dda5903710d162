package org.mailtxt.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./mailtxt} script at the root of the checkout: its commands, {@code user} against a server it
 * started, and passwords typed on a terminal (a pseudo-terminal from util-linux {@code script}). In a reactor build
 * the imap-server jar and its classpath are fresh, so the script runs them without building; otherwise it builds
 * first, as it does for anyone.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class MailtxtScriptTest {
    private static final Path CHECKOUT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    private static final Pattern SERVING = Pattern.compile("serving IMAP on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;
    Process server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor();
        }
    }

    @Test
    void helpListsEveryCommandAndVersionAndUnknownCommandsAreUsageErrors() throws Exception {
        Run help = mailtxt("", "help");
        assertThat(help.status).as(help.err).isZero();
        assertThat(help.out).contains("serve ").contains("user ").contains("version ").contains("help ");
        assertThat(mailtxt("", "--help").out).isEqualTo(help.out);

        Run version = mailtxt("", "version");
        assertThat(version.status).isZero();
        assertThat(version.out).matches("mailtxt \\d+\\.\\d+\\.\\d+\\S*\\n");

        Run unknown = mailtxt("", "frobnicate");
        assertThat(unknown.status).isEqualTo(2);
        assertThat(unknown.err).contains("unknown command 'frobnicate'").contains("./mailtxt help");
    }

    @Test
    void aUserAddedThroughTheScriptWhileTheScriptServesLogsInAndIsThenDeleted() throws Exception {
        Path data = dir.resolve("data");
        int port = serve(data);

        Run add = mailtxt("erin's password\n", "user", "add", "erin", "--password-stdin", "--data", data.toString());
        assertThat(add.status).as(add.err).isZero();
        assertThat(add.out).contains("added user 'erin'");
        assertThat(login(port, "erin", "erin's password")).startsWith("a1 OK");

        Run again = mailtxt("other\n", "user", "add", "erin", "--password-stdin", "--data", data.toString());
        assertThat(again.status).isEqualTo(1);
        assertThat(again.err).contains("user 'erin' already exists");

        Run list = mailtxt("", "user", "list", "--data", data.toString());
        assertThat(list.out).isEqualTo("demo\nerin\n");

        Run delete = mailtxt("", "user", "delete", "erin", "--data", data.toString());
        assertThat(delete.status).as(delete.err).isZero();
        assertThat(login(port, "erin", "erin's password")).startsWith("a1 NO");
        assertThat(data.resolve("mail/erin")).as("the mail directory made at the first login stays").isDirectory();
    }

    @Test
    void theScriptsUserCommandsFailWithAMessageAndANonZeroStatus() throws Exception {
        Path data = dir.resolve("data");

        Run noTerminal = mailtxt("pw\n", "user", "add", "erin", "--data", data.toString());
        assertThat(noTerminal.status).isEqualTo(2);
        assertThat(noTerminal.err).contains("no terminal").contains("--password-stdin");

        Run noDatabase = mailtxt("", "user", "list", "--data", data.toString());
        assertThat(noDatabase.status).isEqualTo(1);
        assertThat(noDatabase.err).contains(data + " (data.dir) does not exist");
        assertThat(data).as("refused commands create nothing").doesNotExist();

        Run badName = mailtxt("pw\n", "user", "add", "../erin", "--password-stdin", "--data", data.toString());
        assertThat(badName.status).isEqualTo(1);
        assertThat(badName.err).contains("user name '../erin' contains '/'");

        Run empty = mailtxt("\n", "user", "add", "erin", "--password-stdin", "--data", data.toString());
        assertThat(empty.status).isEqualTo(1);
        assertThat(empty.err).contains("the password is empty");

        assertThat(mailtxt("pw\n", "user", "add", "erin", "--password-stdin", "--data", data.toString()).status)
                .isZero();
        Run unknown = mailtxt("pw\n", "user", "passwd", "nobody", "--password-stdin", "--data", data.toString());
        assertThat(unknown.status).isEqualTo(1);
        assertThat(unknown.err).contains("user 'nobody' does not exist");

        Run deleteUnknown = mailtxt("", "user", "delete", "nobody", "--data", data.toString());
        assertThat(deleteUnknown.status).isEqualTo(1);
        assertThat(deleteUnknown.err).contains("user 'nobody' does not exist");
    }

    @Test
    void aPasswordTypedOnATerminalIsAskedTwiceAndNotEchoed() throws Exception {
        assumeThat(Path.of("/usr/bin/script")).as("util-linux script gives the command a terminal").exists();
        Path data = dir.resolve("data");

        String typed = onTerminal(data, "frank", "passwd-typed-1", "passwd-typed-1");
        assertThat(typed).contains("New password for frank:").contains("Retype the password for frank:")
                .contains("added user 'frank'").doesNotContain("passwd-typed-1");
        assertThat(mailtxt("", "user", "list", "--data", data.toString()).out).isEqualTo("frank\n");

        String differ = onTerminal(data, "grace", "one-password", "another-one");
        assertThat(differ).contains("the two passwords differ; nothing changed").doesNotContain("one-password");
        assertThat(mailtxt("", "user", "list", "--data", data.toString()).out).isEqualTo("frank\n");
    }

    /** Runs {@code user add NAME} under a pseudo-terminal, answering each prompt once it has appeared. */
    private String onTerminal(Path data, String name, String first, String second) throws Exception {
        String command = "exec " + CHECKOUT.resolve("mailtxt") + " user add " + name + " --data " + data;
        Process p = new ProcessBuilder("script", "-qec", command, "/dev/null").directory(CHECKOUT.toFile())
                .redirectErrorStream(true).start();
        StringBuilder seen = new StringBuilder();
        try (InputStream out = p.getInputStream(); OutputStream in = p.getOutputStream()) {
            readUntil(out, seen, "New password for " + name + ": ");
            in.write((first + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            readUntil(out, seen, "Retype the password for " + name + ": ");
            in.write((second + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            seen.append(new String(out.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return seen.toString();
    }

    private static void readUntil(InputStream in, StringBuilder seen, String prompt) throws IOException {
        while (seen.indexOf(prompt) < 0) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("the command ended before asking '" + prompt + "'; it said:\n" + seen);
            }
            seen.append((char) c);
        }
    }

    /** Starts {@code ./mailtxt serve} on {@code data} (any free port, no TLS) and returns its IMAP port. */
    private int serve(Path data) throws IOException {
        server = new ProcessBuilder(CHECKOUT.resolve("mailtxt").toString(), "serve", "--data", data.toString(),
                "--port", "0", "--imaps-port", "0", "--set", "tls.enabled=false").directory(CHECKOUT.toFile())
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
        throw new AssertionError("./mailtxt serve ended without serving; it said:\n" + seen);
    }

    private Run mailtxt(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHECKOUT.resolve("mailtxt").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(CHECKOUT.toFile()).start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errors = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        errors.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("./mailtxt " + String.join(" ", args) + " ended").isTrue();
        errors.join();
        return new Run(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
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

    private record Run(int status, String out, String err) {
    }
}

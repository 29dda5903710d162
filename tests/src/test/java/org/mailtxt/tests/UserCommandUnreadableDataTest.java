package org.mailtxt.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailtxt.imap.launch.CommandIo;
import org.mailtxt.imap.launch.UserCommand;

/**
 * {@code mailtxt user} run by a user who cannot read the server's data directory (root made it, mode 0700; the
 * command runs as the unprivileged c-client test user through {@code runuser}, from a copy of the classpath that user
 * can read): a clear refusal and status 1, never a half-created database. Root reads every directory, so this is the
 * only way to see the refusal on a machine whose tests run as root.
 */
class UserCommandUnreadableDataTest {
    private static final Path CHECKOUT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    Path base;
    String otherUser;

    @BeforeEach
    void setUp() throws Exception {
        otherUser = System.getenv().getOrDefault("MAILTXT_CCLIENT_USER", "mt");
        assumeTrue("root".equals(System.getProperty("user.name")), "runs the command as another user: needs root");
        assumeTrue(run(List.of("getent", "passwd", otherUser)).status == 0, "needs the user " + otherUser);
        base = Files.createTempDirectory("mailtxt-unreadable");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void removeBase() throws IOException {
        if (base != null) {
            try (Stream<Path> all = Files.walk(base)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void aDataDirectoryThisUserCannotReadIsRefusedClearlyByEveryCommand() throws Exception {
        Path data = base.resolve("data");
        assertThat(addInProcess(data)).isZero();
        assertThat(Files.getPosixFilePermissions(data)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        String classpath = readableClasspath();

        for (List<String> args : List.of(List.of("list"), List.of("delete", "alice"),
                List.of("passwd", "alice", "--password-stdin"), List.of("add", "bob", "--password-stdin"))) {
            List<String> command = new ArrayList<>(List.of("runuser", "-u", otherUser, "--",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                    "org.mailtxt.imap.Launcher", "user"));
            command.addAll(args);
            command.addAll(List.of("--config", CHECKOUT.resolve("conf/mailtxt.properties").toString(), "--data",
                    data.toString(), "--set", "keywords.file=" + CHECKOUT.resolve("conf/keywords.cf")));

            Run r = run(command);

            assertThat(r.status).as(String.join(" ", args) + ": " + r.output).isEqualTo(UserCommand.REFUSED);
            assertThat(r.output).as(String.join(" ", args)).contains(data + " (data.dir) cannot be read by this user")
                    .contains("run the command as the user the server runs as");
        }
        assertThat(addInProcess(data)).as("still only alice, still usable by its owner").isEqualTo(1);
    }

    /** {@code user add alice} as root, in this JVM; a second call is refused because alice exists. */
    private static int addInProcess(Path data) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        CommandIo io = new CommandIo(new ByteArrayInputStream("pw\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(sink, true, StandardCharsets.UTF_8), new PrintStream(sink, true, StandardCharsets.UTF_8),
                null);
        return UserCommand.commandLine(io).execute("add", "alice", "--password-stdin", "--config",
                CHECKOUT.resolve("conf/mailtxt.properties").toString(), "--data", data.toString(), "--set",
                "keywords.file=" + CHECKOUT.resolve("conf/keywords.cf"));
    }

    /** This JVM's classpath with every jar from root's private Maven repository copied where the other user reads. */
    private String readableClasspath() throws IOException {
        Path lib = Files.createDirectory(base.resolve("lib"));
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p) && p.startsWith(System.getProperty("user.home"))) {
                Path copy = lib.resolve((n++) + "-" + p.getFileName());
                Files.copy(p, copy);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Run run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
        return new Run(p.exitValue(), output);
    }

    private record Run(int status, String output) {
    }
}

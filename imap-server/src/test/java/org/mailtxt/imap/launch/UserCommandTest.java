package org.mailtxt.imap.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.imap.auth.H2UserStore;

/**
 * {@code mailtxt user ...} run in process through picocli on real data directories and the shipped configuration:
 * every subcommand, and each way it is refused.
 */
class UserCommandTest {
    static final Path SHIPPED = ServeCommandTest.SHIPPED;
    static final Path KEYWORDS = ServeCommandTest.KEYWORDS;
    static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayInputStream in;

    @Test
    void addCreatesAUserWhoLogsInWithThePasswordFromStandardInput() throws Exception {
        Path data = dir.resolve("data");

        int status = user("pw one\nsecond line ignored\n", "add", "Alice", "--password-stdin", "--data", data);

        assertThat(status).as(err()).isZero();
        assertThat(out()).contains("added user 'alice'").contains(data.resolve("mail/alice").toString());
        assertThat(data.resolve("mail")).as("the data directory is prepared as serve does").isDirectory();
        assertLogin(data, "alice", "pw one", true);
        assertLogin(data, "alice", "pw one\nsecond line ignored", false);
    }

    @Test
    void aPasswordLineEndingInCrLfLosesBothCharacters() throws Exception {
        Path data = dir.resolve("data");

        assertThat(user("secret\r\n", "add", "bob", "--password-stdin", "--data", data)).as(err()).isZero();

        assertLogin(data, "bob", "secret", true);
    }

    @Test
    void addingAnExistingUserIsRefusedBeforeAnyPasswordIsReadAndKeepsItsPassword() throws Exception {
        Path data = dir.resolve("data");
        assertThat(user("first\n", "add", "alice", "--password-stdin", "--data", data)).isZero();

        int status = user("second\n", "add", "ALICE", "--password-stdin", "--data", data);

        assertThat(status).isEqualTo(UserCommand.REFUSED);
        assertThat(err()).contains("mailtxt user add: user 'alice' already exists").contains("user passwd alice");
        assertThat(in.available()).as("the password was not read").isPositive();
        assertLogin(data, "alice", "first", true);
        assertLogin(data, "alice", "second", false);
    }

    @Test
    void aBadNameIsRefusedWithTheRuleItBreaksAndNothingIsCreated() {
        Path data = dir.resolve("data");

        for (String bad : List.of("../etc", "a/b", ".hidden", "with space", "x".repeat(65), "")) {
            err.reset();
            int status = user("pw\n", "add", bad, "--password-stdin", "--data", data);

            assertThat(status).as(bad).isEqualTo(UserCommand.REFUSED);
            assertThat(err()).as(bad).contains("mailtxt user add: user name").contains("a-z 0-9 . _ - + @");
        }
        assertThat(data).doesNotExist();
        assertThat(user("", "passwd", "../etc", "--data", data)).isEqualTo(UserCommand.REFUSED);
        assertThat(err()).contains("contains '/'");
        assertThat(user("", "delete", "a\tb", "--data", data)).isEqualTo(UserCommand.REFUSED);
        assertThat(err()).contains("control character");
    }

    @Test
    void anEmptyPasswordIsRefusedAndTheUserIsNotCreated() throws Exception {
        Path data = dir.resolve("data");

        for (String input : List.of("", "\n", "\r\n")) {
            err.reset();
            assertThat(user(input, "add", "alice", "--password-stdin", "--data", data)).as("input %s", input)
                    .isEqualTo(UserCommand.REFUSED);
            assertThat(err()).contains("the password is empty; nothing changed");
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void aPasswordLongerThanTheStoreAcceptsIsRefused() throws Exception {
        Path data = dir.resolve("data");
        String longest = "p".repeat(H2UserStore.MAX_PASSWORD_LENGTH);

        assertThat(user(longest + "x\n", "add", "alice", "--password-stdin", "--data", data))
                .isEqualTo(UserCommand.REFUSED);
        assertThat(err()).contains("longer than " + H2UserStore.MAX_PASSWORD_LENGTH);
        assertThat(user(longest + "\n", "add", "alice", "--password-stdin", "--data", data)).as(err()).isZero();
        assertLogin(data, "alice", longest, true);
    }

    @Test
    void withoutATerminalAndWithoutPasswordStdinTheCommandSaysHowToGiveThePassword() throws Exception {
        Path data = dir.resolve("data");

        int status = user("pw\n", "add", "alice", "--data", data);

        assertThat(status).isEqualTo(UserCommand.USAGE);
        assertThat(err()).contains("no terminal").contains("--password-stdin").contains("never on the command line");
        assertThat(data).as("nothing is created without a password").doesNotExist();
    }

    @Test
    void thePasswordIsNeverAnArgument() {
        int status = user("", "add", "alice", "--password", "pw", "--data", dir.resolve("data"));

        assertThat(status).isEqualTo(UserCommand.USAGE);
        assertThat(err()).contains("Unknown options: '--password', 'pw'");
    }

    @Test
    void passwdReplacesThePasswordOfAnExistingUser() throws Exception {
        Path data = dir.resolve("data");
        assertThat(user("old\n", "add", "alice", "--password-stdin", "--data", data)).isZero();

        int status = user("new\n", "passwd", "alice", "--password-stdin", "--data", data);

        assertThat(status).as(err()).isZero();
        assertThat(out()).contains("changed the password of 'alice'");
        assertLogin(data, "alice", "new", true);
        assertLogin(data, "alice", "old", false);
    }

    @Test
    void passwdOfAnUnknownUserOrWithAnEmptyPasswordIsRefusedAndChangesNothing() throws Exception {
        Path data = dir.resolve("data");
        assertThat(user("old\n", "add", "alice", "--password-stdin", "--data", data)).isZero();

        assertThat(user("new\n", "passwd", "bob", "--password-stdin", "--data", data))
                .isEqualTo(UserCommand.REFUSED);
        assertThat(err()).contains("mailtxt user passwd: user 'bob' does not exist").contains("user list");
        assertThat(in.available()).as("no password read for an unknown user").isPositive();
        err.reset();
        assertThat(user("\n", "passwd", "alice", "--password-stdin", "--data", data))
                .isEqualTo(UserCommand.REFUSED);
        assertThat(err()).contains("the password is empty");

        assertThat(listed(data)).containsExactly("alice");
        assertLogin(data, "alice", "old", true);
    }

    @Test
    void deleteRemovesTheLoginAndKeepsTheMail() throws Exception {
        Path data = dir.resolve("data");
        assertThat(user("pw\n", "add", "alice", "--password-stdin", "--data", data)).isZero();
        assertThat(user("pw\n", "add", "bob", "--password-stdin", "--data", data)).isZero();
        Path inbox = Files.createDirectories(data.resolve("mail/alice")).resolve("INBOX");
        Files.writeString(inbox, "kept");
        out.reset();

        int status = user("", "delete", "alice", "--data", data);

        assertThat(status).as(err()).isZero();
        assertThat(out()).contains("deleted the login of 'alice'").contains("mail/alice is kept");
        assertThat(listed(data)).containsExactly("bob");
        assertLogin(data, "alice", "pw", false);
        assertThat(inbox).hasContent("kept");
    }

    @Test
    void deletingAnUnknownUserIsRefused() throws Exception {
        Path data = dir.resolve("data");
        assertThat(user("pw\n", "add", "alice", "--password-stdin", "--data", data)).isZero();

        assertThat(user("", "delete", "bob", "--data", data)).isEqualTo(UserCommand.REFUSED);

        assertThat(err()).contains("mailtxt user delete: user 'bob' does not exist");
        assertThat(listed(data)).containsExactly("alice");
    }

    @Test
    void theHelpOfDeleteSaysTheMailIsKept() {
        assertThat(user("", "delete", "--help")).isZero();

        assertThat(out()).contains("Its mail is NOT deleted");
    }

    @Test
    void listPrintsOneNameALineSorted() throws Exception {
        Path data = dir.resolve("data");
        for (String name : List.of("carol", "Alice", "bob")) {
            assertThat(user("pw\n", "add", name, "--password-stdin", "--data", data)).isZero();
        }
        out.reset();

        assertThat(user("", "list", "--data", data)).as(err()).isZero();

        assertThat(out()).isEqualTo("alice\nbob\ncarol\n");
    }

    @Test
    void commandsOnADataDirectoryWithoutUsersSayWhereTheyLookedAndCreateNothing() {
        Path data = dir.resolve("nowhere");

        for (String[] args : List.of(new String[] {"list"}, new String[] {"delete", "alice"},
                new String[] {"passwd", "alice", "--password-stdin"})) {
            err.reset();
            List<Object> all = new ArrayList<>(List.of((Object[]) args));
            all.addAll(List.of("--data", data));
            assertThat(user("pw\n", all.toArray())).as(String.join(" ", args)).isEqualTo(UserCommand.REFUSED);
            assertThat(err()).contains(data + " (data.dir) does not exist").contains("--data DIR");
        }
        assertThat(data).doesNotExist();

        Path empty = dir.resolve("empty");
        assertThat(empty.toFile().mkdir()).isTrue();
        assertThat(user("", "list", "--data", empty)).isEqualTo(UserCommand.REFUSED);
        assertThat(err()).contains("there is no user database in " + empty).contains("mailtxt user add NAME");
        assertThat(empty.resolve("users")).doesNotExist();
    }

    @Test
    void aDataDirectoryThatIsAFileIsRefusedClearly() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "not a directory");

        assertThat(user("pw\n", "add", "alice", "--password-stdin", "--data", file)).isEqualTo(UserCommand.REFUSED);
        assertThat(err()).contains(file + " (data.dir) exists but is not a directory");
        err.reset();
        assertThat(user("", "list", "--data", file)).isEqualTo(UserCommand.REFUSED);
        assertThat(err()).contains(file + " (data.dir) does not exist or is not a directory");
    }

    @Test
    void aDamagedUserDatabaseIsReportedWithItsFile() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("users"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.writeString(data.resolve("users/users.mv.db"), "this is not an H2 database");

        assertThat(user("", "list", "--data", data)).isEqualTo(UserCommand.REFUSED);

        assertThat(err()).contains("mailtxt user list: the user database " + data.resolve("users/users.mv.db"));
    }

    @Test
    void anUnreadableDataDirectoryIsRefusedClearly() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root reads every directory").isNotEqualTo("root");
        Path data = dir.resolve("data");
        assertThat(user("pw\n", "add", "alice", "--password-stdin", "--data", data)).isZero();
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("-w-------"));
        try {
            assertThat(user("", "list", "--data", data)).isEqualTo(UserCommand.REFUSED);
            assertThat(err()).contains(data + " (data.dir) cannot be read by this user");
        } finally {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aConfigurationErrorIsAUsageErrorNamingTheKey() {
        assertThat(user("", "list", "--set", "data.dirr=x")).isEqualTo(UserCommand.USAGE);
        assertThat(err()).contains("unknown configuration key 'data.dirr'");
        err.reset();
        assertThat(user("", "list", "--config", dir.resolve("nope.properties"))).isEqualTo(UserCommand.USAGE);
        assertThat(err()).contains("nope.properties").contains("--config");
    }

    @Test
    void theDataDirectoryComesFromTheConfigurationFileAndSetAsForServe() throws Exception {
        Path data = dir.resolve("from-file");
        Path config = dir.resolve("mailtxt.properties");
        Files.writeString(config, "data.dir = " + data + "\nkeywords.file = " + KEYWORDS + "\n");
        in = new ByteArrayInputStream("pw\n".getBytes(StandardCharsets.UTF_8));
        int status = UserCommand.commandLine(io()).execute("add", "alice", "--password-stdin", "--config",
                config.toString());
        assertThat(status).as(err()).isZero();
        assertLogin(data, "alice", "pw", true);

        Path other = dir.resolve("from-set");
        in = new ByteArrayInputStream("pw\n".getBytes(StandardCharsets.UTF_8));
        status = UserCommand.commandLine(io()).execute("add", "bob", "--password-stdin", "--config",
                config.toString(), "--set", "data.dir=" + other);
        assertThat(status).as(err()).isZero();
        assertThat(listed(other)).containsExactly("bob");
        assertThat(listed(data)).containsExactly("alice");
    }

    @Test
    void userWithoutASubcommandIsAUsageError() {
        in = new ByteArrayInputStream(new byte[0]);
        assertThat(UserCommand.commandLine(io()).execute()).isEqualTo(UserCommand.USAGE);
        assertThat(err()).contains("missing subcommand").contains("add|passwd|delete|list");
    }

    /** Runs {@code user ARGS} with the shipped configuration and {@code stdin}; paths are passed as strings. */
    int user(String stdin, Object... args) {
        in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        List<String> all = new ArrayList<>();
        for (Object a : args) {
            all.add(a.toString());
        }
        if (all.stream().noneMatch(a -> a.equals("--config") || a.equals("--help"))) {
            all.addAll(List.of("--config", SHIPPED.toString(), "--set", "keywords.file=" + KEYWORDS));
        }
        return UserCommand.commandLine(io()).execute(all.toArray(String[]::new));
    }

    private CommandIo io() {
        return new CommandIo(in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static List<String> listed(Path data) throws Exception {
        try (H2UserStore users = H2UserStore.open(data)) {
            return users.list();
        }
    }

    private static void assertLogin(Path data, String user, String password, boolean expected) throws Exception {
        try (H2UserStore users = H2UserStore.open(data)) {
            assertThat(users.authenticate(user, password.toCharArray(), CLIENT)).as("login %s / %s", user, password)
                    .isEqualTo(expected);
        }
    }
}

package org.mailtxt.imap.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2UserStoreTest {
    static final InetAddress CLIENT = LoginThrottleTest.A;
    static final InetAddress OTHER = LoginThrottleTest.B;

    @TempDir
    Path data;
    final LoginThrottleTest.ManualClock clock = new LoginThrottleTest.ManualClock();
    final List<Duration> slept = new ArrayList<>();
    H2UserStore store;

    @BeforeEach
    void open() throws Exception {
        store = open(new PasswordHasher());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aCreatedUserLogsInWithItsPasswordAndNotWithAnother() throws Exception {
        store.create("alice", "wonderland".toCharArray());

        assertThat(store.authenticate("alice", "wonderland".toCharArray(), CLIENT)).isTrue();
        assertThat(store.authenticate("alice", "Wonderland".toCharArray(), CLIENT)).isFalse();
        assertThat(store.authenticate("ALICE", "wonderland".toCharArray(), CLIENT)).as("names fold case").isTrue();
        assertThat(store.authenticate("bob", "wonderland".toCharArray(), CLIENT)).isFalse();
        assertThat(store.authenticate("../alice", "wonderland".toCharArray(), CLIENT)).isFalse();
        assertThat(store.authenticate("alice", new char[0], CLIENT)).isFalse();
    }

    @Test
    void twoUsersWithTheSamePasswordGetDifferentHashes() throws Exception {
        store.create("alice", "same".toCharArray());
        store.create("bob", "same".toCharArray());

        List<String> hashes = storedHashes();
        assertThat(hashes).hasSize(2).doesNotHaveDuplicates()
                .allSatisfy(h -> assertThat(h).startsWith("$pbkdf2-sha256$i=210000$"));
    }

    @Test
    void usersAreListedSortedAndExistWhateverTheCaseTheyAreAskedIn() throws Exception {
        store.create("Carol", "pw1".toCharArray());
        store.create("alice", "pw2".toCharArray());

        assertThat(store.list()).containsExactly("alice", "carol");
        assertThat(store.exists("CAROL")).isTrue();
        assertThat(store.exists("dave")).isFalse();
        assertThat(store.exists("../etc")).isFalse();
    }

    @Test
    void creatingATakenNameABadNameOrAnEmptyPasswordIsRefusedClearly() throws Exception {
        store.create("alice", "pw".toCharArray());

        assertKind(() -> store.create("Alice", "other".toCharArray()), UserStoreException.Kind.EXISTS, "alice");
        assertKind(() -> store.create("a/b", "pw".toCharArray()), UserStoreException.Kind.INVALID_NAME, "'/'");
        assertKind(() -> store.create("bob", new char[0]), UserStoreException.Kind.INVALID_PASSWORD, "1 to 1024");
        assertThat(store.list()).containsExactly("alice");
    }

    @Test
    void aNewPasswordReplacesTheOldOneAndAnUnknownUserIsRefused() throws Exception {
        store.create("alice", "old".toCharArray());
        store.setPassword("alice", "new".toCharArray());

        assertThat(store.authenticate("alice", "new".toCharArray(), CLIENT)).isTrue();
        assertThat(store.authenticate("alice", "old".toCharArray(), CLIENT)).isFalse();
        assertKind(() -> store.setPassword("bob", "x".toCharArray()), UserStoreException.Kind.NO_SUCH_USER, "bob");
    }

    @Test
    void usersSurviveAReopenInTheirOwnDatabaseFileWithASchemaVersion() throws Exception {
        store.create("alice", "pw".toCharArray());
        store.close();
        store = open(new PasswordHasher());

        assertThat(store.authenticate("alice", "pw".toCharArray(), CLIENT)).isTrue();
        assertThat(data.resolve("users/users.mv.db")).isRegularFile();
        assertThat(Files.getPosixFilePermissions(data.resolve("users")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        store.close();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("users/users")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void aSecondProcessSharesTheDatabaseThroughTheFirstAndItsUserLogsInHere() throws Exception {
        store.create("alice", "pw".toCharArray());

        String output = runSecondProcess(List.of(), "create", "bob", "builder");

        assertThat(output).contains("CREATED bob").contains("USERS [alice, bob]");
        assertThat(store.list()).containsExactly("alice", "bob");
        assertThat(store.authenticate("bob", "builder".toCharArray(), CLIENT)).isTrue();
        assertThat(data.resolve("users/users.lock.db")).as("the lock file names the sharing port").isRegularFile();
    }

    @Test
    void whenAnotherProcessHeldTheDatabaseFirstThisOneKeepsWorkingAfterItExits() throws Exception {
        store.close();
        Process holder = secondProcess(List.of(), "hold").start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(reply(lines)).startsWith("HOLDING");
            store = open(new PasswordHasher());
            store.create("alice", "pw".toCharArray());
            holder.getOutputStream().write("release\n".getBytes(StandardCharsets.UTF_8));
            holder.getOutputStream().flush();
            assertThat(reply(lines)).as("the holder saw alice, created through it").isEqualTo("RELEASED [alice]");
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).as("holder exited").isTrue();

            store.create("bob", "builder".toCharArray());
            assertThat(store.list()).containsExactly("alice", "bob");
            assertThat(store.authenticate("alice", "pw".toCharArray(), CLIENT)).isTrue();
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aJvmWhoseH2WouldServeOnEveryInterfaceIsRefusedNamingTheProperty() throws Exception {
        String output = runSecondProcess(List.of("-Dh2.bindAddress=0.0.0.0"), "create", "bob", "builder");

        assertThat(output).contains("DATABASE").contains("-Dh2.bindAddress=127.0.0.1").doesNotContain("CREATED");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aDatabaseDirectoryOpenToOtherUsersIsRefusedWithTheFix() throws Exception {
        store.close();
        Files.setPosixFilePermissions(data.resolve("users"), PosixFilePermissions.fromString("rwxr-xr-x"));

        assertKind(() -> open(new PasswordHasher()), UserStoreException.Kind.DATABASE, "chmod 700 "
                + data.resolve("users"));

        Files.setPosixFilePermissions(data.resolve("users"), PosixFilePermissions.fromString("rwx------"));
        store = open(new PasswordHasher());
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aDeletedUserNoLongerLogsInAndAnUnknownOrBadNameIsRefused() throws Exception {
        store.create("alice", "pw".toCharArray());
        store.create("bob", "pw".toCharArray());

        store.delete("ALICE");

        assertThat(store.list()).containsExactly("bob");
        assertThat(store.authenticate("alice", "pw".toCharArray(), CLIENT)).isFalse();
        assertKind(() -> store.delete("alice"), UserStoreException.Kind.NO_SUCH_USER, "'alice' does not exist");
        assertKind(() -> store.delete("../bob"), UserStoreException.Kind.INVALID_NAME, "'../bob'");
        assertThat(store.list()).containsExactly("bob");
    }

    /** The second process's next answer, past the logging library's own start-up lines. */
    private static String reply(BufferedReader lines) throws Exception {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.matches("(HOLDING|RELEASED|CREATED|USERS|OTHER|[A-Z_]+ the user database) .*")) {
                return line;
            }
        }
        return "(the second process ended without an answer)";
    }

    private String runSecondProcess(List<String> jvmOptions, String... args) throws Exception {
        Process other = secondProcess(jvmOptions, args).redirectErrorStream(true).start();
        assertThat(other.waitFor(60, TimeUnit.SECONDS)).as("second JVM finished").isTrue();
        return new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private ProcessBuilder secondProcess(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SecondProcess.class.getName(),
                data.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    }

    /**
     * The second process, on the data directory given: {@code create NAME PASSWORD} creates a user and prints the
     * users; {@code hold} opens the store, says so, and closes it when a line arrives on standard input. A failure
     * prints its kind.
     */
    static final class SecondProcess {
        public static void main(String[] args) {
            try (H2UserStore s = H2UserStore.open(Path.of(args[0]))) {
                if (args[1].equals("create")) {
                    s.create(args[2], args[3].toCharArray());
                    System.out.println("CREATED " + args[2]);
                    System.out.println("USERS " + s.list());
                } else {
                    System.out.println("HOLDING " + s);
                    System.out.flush();
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                    System.out.println("RELEASED " + s.list());
                }
            } catch (UserStoreException e) {
                System.out.println(e.kind() + " " + e.getMessage());
            } catch (Exception e) {
                System.out.println("OTHER " + e);
            }
            System.out.flush();
        }
    }

    @Test
    void failedLoginsAreThrottledPerAddressAndASuccessResetsThem() throws Exception {
        store.create("alice", "pw".toCharArray());
        for (int i = 0; i < 5; i++) {
            assertThat(store.authenticate("alice", "guess".toCharArray(), CLIENT)).isFalse();
        }
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));

        assertThat(store.authenticate("alice", "guess".toCharArray(), OTHER)).isFalse();
        assertThat(slept).as("another address starts free").hasSize(2);

        assertThat(store.authenticate("alice", "pw".toCharArray(), CLIENT)).isTrue();
        assertThat(store.authenticate("alice", "guess".toCharArray(), CLIENT)).isFalse();
        assertThat(slept).as("the success reset the count").hasSize(2);
    }

    @Test
    void aLockedOutAddressFailsEvenWithTheRightPasswordUntilTheLockoutEnds() throws Exception {
        store.create("alice", "pw".toCharArray());
        for (int i = 0; i < 10; i++) {
            store.authenticate("nobody", "guess".toCharArray(), CLIENT);
        }

        assertThat(store.authenticate("alice", "pw".toCharArray(), CLIENT)).isFalse();
        assertThat(store.authenticate("alice", "pw".toCharArray(), OTHER)).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(store.authenticate("alice", "pw".toCharArray(), CLIENT)).isTrue();
    }

    @Test
    void aHashWithFewerIterationsIsRemadeAtTheNextSuccessfulLogin() throws Exception {
        store.create("alice", "pw".toCharArray());
        store.close();
        int raised = PasswordHasher.MIN_ITERATIONS + 1000;
        store = open(new PasswordHasher(raised));

        assertThat(store.authenticate("alice", "pw".toCharArray(), CLIENT)).isTrue();
        assertThat(storedHashes()).singleElement().satisfies(h -> assertThat(h).startsWith(
                "$pbkdf2-sha256$i=" + raised + "$"));
        assertThat(store.authenticate("alice", "pw".toCharArray(), CLIENT)).isTrue();
    }

    @Test
    void closeIsIdempotentAndLaterCallsFailClearly() {
        store.close();
        store.close();

        assertKind(() -> store.list(), UserStoreException.Kind.DATABASE, "closed");
        assertThat(store.authenticate("alice", "pw".toCharArray(), CLIENT)).isFalse();
    }

    private H2UserStore open(PasswordHasher hasher) throws Exception {
        return H2UserStore.open(data, new LoginThrottle(ThrottlePolicy.defaults(), clock, slept::add), hasher);
    }

    /** Reads the hashes through the store's own connection rules: a second connection would be refused. */
    private List<String> storedHashes() throws Exception {
        store.close();
        List<String> hashes = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("users/users")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT password_hash FROM mail_user ORDER BY name")) {
            while (rows.next()) {
                hashes.add(rows.getString(1));
            }
        }
        store = open(new PasswordHasher());
        return hashes;
    }

    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    private static void assertKind(Call call, UserStoreException.Kind kind, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(UserStoreException.class,
                e -> assertThat(e.kind()).isEqualTo(kind)).hasMessageContaining(messagePart);
    }
}

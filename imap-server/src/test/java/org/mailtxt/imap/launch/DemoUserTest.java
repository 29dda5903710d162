package org.mailtxt.imap.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.imap.auth.H2UserStore;

class DemoUserTest {
    @TempDir
    Path data;

    @Test
    void theFirstStartCreatesDemoWithARandomPasswordPrintedOnceAndSavedOwnerOnly() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (H2UserStore users = H2UserStore.open(data); PrintStream out = new PrintStream(printed, true,
                StandardCharsets.UTF_8)) {
            assertThat(DemoUser.createIfNoUsers(users, data, out)).isTrue();

            Path file = data.resolve("demo-password.txt");
            String password = Files.readString(file).strip();
            assertThat(password).hasSize(20).matches("[A-Za-z2-9]+");
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(printed.toString(StandardCharsets.UTF_8)).containsOnlyOnce(password).contains("'demo'")
                    .contains(file.toString()).contains("./mailtxt user add NAME");
            assertThat(users.list()).containsExactly("demo");
            assertThat(users.authenticate("demo", password.toCharArray(), InetAddress.getLoopbackAddress())).isTrue();

            printed.reset();
            assertThat(DemoUser.createIfNoUsers(users, data, out)).isFalse();
            assertThat(printed.size()).isZero();
            assertThat(Files.readString(file).strip()).isEqualTo(password);
        }
    }

    @Test
    void aStoreThatHasUsersGetsNoDemoUser() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (H2UserStore users = H2UserStore.open(data)) {
            users.create("alice", "pw".toCharArray());

            assertThat(DemoUser.createIfNoUsers(users, data, new PrintStream(printed, true,
                    StandardCharsets.UTF_8))).isFalse();
            assertThat(users.list()).containsExactly("alice");
        }
        assertThat(printed.size()).isZero();
        assertThat(data.resolve("demo-password.txt")).doesNotExist();
    }

    @Test
    void generatedPasswordsDiffer() {
        assertThat(new String(DemoUser.newPassword())).isNotEqualTo(new String(DemoUser.newPassword()));
    }
}

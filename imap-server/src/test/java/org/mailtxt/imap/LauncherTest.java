package org.mailtxt.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mailtxt.imap.launch.CommandIo;

/** The top of the {@code mailtxt} command line: the commands it lists, version, and a missing or unknown command. */
class LauncherTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpAndDashDashHelpListEveryCommand() {
        assertThat(run("help")).isZero();
        String help = out();
        assertThat(help).contains("Usage: mailtxt").containsPattern("(?m)^  serve +Start the IMAP server")
                .containsPattern("(?m)^  user +Manage the users").containsPattern("(?m)^  version +Print the version")
                .containsPattern("(?m)^  help ");
        out.reset();

        assertThat(run("--help")).isZero();
        assertThat(out()).isEqualTo(help);
    }

    @Test
    void helpOfACommandShowsItsOptions() {
        assertThat(run("help", "user")).isZero();

        assertThat(out()).contains("add").contains("passwd").contains("delete").contains("list");
    }

    @Test
    void versionAndDashDashVersionPrintTheSameLine() {
        assertThat(run("version")).isZero();
        String version = out();
        assertThat(version).startsWith("mailtxt ");
        out.reset();

        assertThat(run("--version")).isZero();
        assertThat(out()).isEqualTo(version);
    }

    @Test
    void aMissingOrUnknownCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("missing command");
        err.reset();

        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err()).contains("Unmatched argument at index 0: 'frobnicate'");
    }

    private int run(String... args) {
        CommandIo io = new CommandIo(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                null);
        return Launcher.commandLine(io).execute(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}

package org.mailtxt.imap.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.imap.auth.UserStore;
import org.mailtxt.imap.config.ServerConfig;
import picocli.CommandLine;

/** The launcher's serve command up to the server core, with a recording stand-in for the core. */
class ServeCommandTest {
    static final Path SHIPPED = Path.of("..", "conf", "mailtxt.properties").toAbsolutePath().normalize();
    static final Path KEYWORDS = Path.of("..", "conf", "keywords.cf").toAbsolutePath().normalize();

    @TempDir
    Path data;
    final List<ServerConfig> started = new ArrayList<>();
    final AtomicInteger closes = new AtomicInteger();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    UserStore usersSeen;
    boolean demoLoggedIn;

    /** Records what it was started with, checks the demo user through the store it got, and counts closes. */
    final ServerStarter recorder = (config, users) -> {
        started.add(config);
        usersSeen = users;
        String password = Files.readString(config.dataDirectory().resolve("demo-password.txt")).strip();
        demoLoggedIn = users.authenticate("demo", password.toCharArray(), InetAddress.getLoopbackAddress());
        return new RunningServer() {
            @Override
            public int port() {
                return 11143;
            }

            @Override
            public int tlsPort() {
                return config.imapsPort() == 0 ? -1 : 11993;
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
    };

    @Test
    void theFirstStartPreparesDataUsersAndTlsStartsTheServerAndStopsItOnce() throws Exception {
        int status = serve("--config", SHIPPED.toString(), "--data", data.toString(), "--port", "0",
                "--set", "keywords.file=" + KEYWORDS);

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        ServerConfig config = started.get(0);
        assertThat(config.dataDirectory()).isEqualTo(data);
        assertThat(config.imapPort()).isZero();
        assertThat(config.keywords()).contains("$Junk");
        assertThat(config.tls()).hasValueSatisfying(tls -> {
            assertThat(tls.keystore()).isEqualTo(data.resolve("tls/keystore.p12")).isRegularFile();
            assertThat(tls.type()).isEqualTo("PKCS12");
        });
        assertThat(data.resolve("mail")).isDirectory();
        assertThat(demoLoggedIn).isTrue();
        String password = Files.readString(data.resolve("demo-password.txt")).strip();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).containsOnlyOnce(password).contains("serving IMAP on 127.0.0.1:11143, IMAPS on port 11993");
        assertThat(closes).hasValue(1);
        assertThat(catchThrowable(usersSeen::list)).as("the store was closed after the server")
                .hasMessageContaining("closed");
    }

    @Test
    void aSecondStartPrintsNoPasswordAndKeepsUserAndKeystore() throws Exception {
        String[] args = {"--config", SHIPPED.toString(), "--data", data.toString(), "--imaps-port", "0",
                "--set", "keywords.file=" + KEYWORDS};
        assertThat(serve(args)).isZero();
        String password = Files.readString(data.resolve("demo-password.txt"));
        byte[] keystore = Files.readAllBytes(data.resolve("tls/keystore.p12"));
        out.reset();

        assertThat(serve(args)).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(password.strip()).contains("IMAPS disabled");
        assertThat(Files.readString(data.resolve("demo-password.txt"))).isEqualTo(password);
        assertThat(Files.readAllBytes(data.resolve("tls/keystore.p12"))).isEqualTo(keystore);
        assertThat(demoLoggedIn).isTrue();
        assertThat(started.get(1).tls()).isEqualTo(started.get(0).tls());
    }

    @Test
    void aBadValueStopsTheStartWithStatus2AndAMessageNamingTheKey() {
        int status = serve("--config", SHIPPED.toString(), "--data", data.toString(), "--set", "imap.port=http");

        assertThat(status).isEqualTo(ServeCommand.CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("imap.port").contains("'http'")
                .contains("from 0 to 65535");
        assertThat(started).isEmpty();
        assertThat(data.resolve("users")).doesNotExist();
    }

    @Test
    void aMissingConfigurationFileIsNamedWithWhatToDo() {
        int status = serve("--config", data.resolve("nope.properties").toString());

        assertThat(status).isEqualTo(ServeCommand.CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nope.properties").contains("--config");
    }

    @Test
    void aServerThatFailsToStartEndsWithStatus1AndLeavesTheUserStoreClosed() throws Exception {
        ServerStarter failing = (config, users) -> {
            usersSeen = users;
            throw new java.net.BindException("Address already in use");
        };
        int status = new CommandLine(new ServeCommand(failing, print(out), print(err), ServerLifetime::close, false))
                .execute("--config", SHIPPED.toString(), "--data", data.toString(), "--set",
                        "keywords.file=" + KEYWORDS);

        assertThat(status).isEqualTo(ServeCommand.START_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot start").contains("Address already in use");
        assertThat(catchThrowable(usersSeen::list)).hasMessageContaining("closed");
    }

    @Test
    void theLifetimeClosesServerAndStoreOnceWhoeverAsks() throws Exception {
        assertThat(serve("--config", SHIPPED.toString(), "--data", data.toString(), "--set",
                "keywords.file=" + KEYWORDS)).isZero();
        closes.set(0);
        ServerLifetime lifetime = new ServerLifetime(recorder.start(started.get(0),
                org.mailtxt.imap.auth.H2UserStore.open(data)), usersSeen);
        Thread hook = lifetime.shutdownHook();

        hook.start();
        lifetime.close();
        hook.join(10_000);

        assertThat(lifetime.isClosed()).isTrue();
        assertThat(closes).hasValue(1);
    }

    private int serve(String... args) {
        return new CommandLine(new ServeCommand(recorder, print(out), print(err), ServerLifetime::close, false))
                .execute(args);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}

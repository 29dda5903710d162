package org.mailtxt.tests;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real c-client tools (Debian's uw-mailutils: mailutil, tmail, dmail, and a holder program built against
 * libc-client) run as an unprivileged user on files in that user's home, as spec/c-client-locking.md §9 requires:
 * Debian's c-client resolves names against the home directory and misbehaves as root.
 *
 * <p>The user is {@code $MAILTXT_CCLIENT_USER} (default {@code mt}; {@code .ci/run} creates it). Tests that need
 * c-client call {@link #require()}: on CI ({@code CI=true}) a missing tool is a failure, elsewhere the test is
 * skipped with the reason.
 */
final class CClient implements AutoCloseable {
    final String user;
    final Path home;
    /** A fresh directory under the user's home, owned by the user; removed on close. */
    final Path work;

    private CClient(String user, Path home, Path work) {
        this.user = user;
        this.home = home;
        this.work = work;
    }

    static CClient require() throws IOException, InterruptedException {
        String user = System.getenv().getOrDefault("MAILTXT_CCLIENT_USER", "mt");
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("mailutil", "tmail", "dmail", "gcc", "runuser")) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (!Files.exists(Path.of("/usr/include/c-client/c-client.h"))) {
            missing.add("libc-client2007e-dev");
        }
        String passwd = run(List.of("getent", "passwd", user)).trim();
        if (passwd.isEmpty()) {
            missing.add("user " + user);
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("running as root (needed to run c-client as " + user + ")");
        }
        if (!missing.isEmpty()) {
            String why = "c-client interop needs: " + String.join(", ", missing) + " (bash .ci/run installs them)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            assumeTrue(false, why);
        }
        Path home = Path.of(passwd.split(":")[5]);
        Path work = home.resolve("mailtxt-test-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectory(work, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        CClient c = new CClient(user, home, work);
        c.chown(work);
        return c;
    }

    /** The name c-client programs use for a file under {@link #work}: relative to the user's home. */
    String nameOf(Path file) {
        return home.relativize(file).toString();
    }

    /** Gives a file or directory to the c-client user. */
    void chown(Path p) throws IOException, InterruptedException {
        String out = run(List.of("chown", user + ":", p.toString()));
        if (!out.isBlank()) {
            throw new IOException("chown " + p + ": " + out);
        }
    }

    /** Runs a c-client tool as the user in its home; returns stdout+stderr. */
    String runAsUser(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        cmd.addAll(List.of(command));
        return run(cmd, home);
    }

    /** Starts a process as the user in its home. */
    Process startAsUser(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        cmd.addAll(List.of(command));
        return new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).start();
    }

    /** Compiles the libc-client holder program into the work directory (owned by the user). */
    Path buildHolder() throws IOException, InterruptedException {
        Path src = Path.of(System.getProperty("mailtxt.test.sourceDir", "src/test"), "c", "cclient-holder.c");
        Path bin = work.resolve("cclient-holder");
        String out = run(List.of("gcc", "-O1", "-o", bin.toString(), src.toAbsolutePath().toString(),
                "-I/usr/include/c-client", "-lc-client"));
        if (!Files.isExecutable(bin)) {
            throw new IOException("could not build the c-client holder: " + out);
        }
        chown(bin);
        return bin;
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        return run(cmd, null);
    }

    private static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(work)) {
            return;
        }
        try (Stream<Path> s = Files.walk(work)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

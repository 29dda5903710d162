package org.mailtxt.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 acceptance, hostile input over the socket: overlong lines, huge literals, binary garbage, commands in the
 * wrong state, mailbox names that try to leave the user's directory, and symbolic links planted in it. Each must get
 * BAD or NO or a clean close; afterwards the server still logs a new connection in, and no file outside the user's
 * mail directory has been created or changed (every test compares a snapshot of the test directory, the user's own
 * directory and the index data left out).
 */
class ImapHostileInputTest {
    private static final byte[] MESSAGE = "Subject: hostile\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;
    TestImapServer server;
    Path alice;
    Map<String, String> before;

    @BeforeEach
    void setUp() throws Exception {
        Path mailRoot = tmp.resolve("mail");
        server = TestImapServer.start(tmp.resolve("data"), mailRoot, Map.of("alice", "secret", "bob", "secret",
                "carol", "secret"));
        try (RawImap c = RawImap.login(server.port(), "bob", "secret")) {
            assertThat(c.command("CREATE INBOX").status()).isIn("OK", "NO");
            assertThat(c.append("INBOX", "()", MESSAGE).ok()).isTrue();
        }
        try (RawImap c = RawImap.login(server.port(), "alice", "secret")) {
            assertThat(c.command("CREATE INBOX").status()).isIn("OK", "NO");
            assertThat(c.append("INBOX", "()", MESSAGE).ok()).isTrue();
        }
        alice = server.userDir("alice");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "not a mailbox; must not change\n");
        Files.copy(alice.resolve("INBOX"), outside.resolve("mailbox")); // a valid mtx file, tempting to open
        Files.createDirectories(outside.resolve("dir"));
        before = snapshotOutsideAlice();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Every path under the test directory but alice's mail directory and the index, with a digest of its content. */
    private Map<String, String> snapshotOutsideAlice() throws Exception {
        Map<String, String> out = new TreeMap<>();
        Path data = tmp.resolve("data");
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : s.filter(p -> !p.startsWith(alice) && !p.startsWith(data)).toList()) {
                String what;
                if (Files.isSymbolicLink(p)) {
                    what = "link " + Files.readSymbolicLink(p);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    what = "dir";
                } else {
                    what = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)))
                            + " " + Files.getLastModifiedTime(p);
                }
                out.put(tmp.relativize(p).toString(), what);
            }
        }
        return out;
    }

    private void assertNothingOutsideAliceChangedAndTheServerStillServes() throws Exception {
        assertThat(snapshotOutsideAlice()).as("files outside alice's mail directory").isEqualTo(before);
        assertThat(server.acceptsLogin("alice", "secret")).as("a new connection logs in").isTrue();
        assertThat(Files.exists(tmp.resolve("etc"))).isFalse();
    }

    private static void assertRefused(RawImap.Reply r) {
        assertThat(r.status()).as(r.all()).isIn("NO", "BAD", "CLOSED");
    }

    /** The server's answer to a line it cannot take: an untagged or tagged BAD/NO/BYE, or end of stream. */
    private static void assertBadOrClosed(RawImap c) throws IOException {
        String answer = c.awaitLine(l -> l.matches("(\\*|t\\d+) (BAD|NO|BYE).*"), 5_000);
        if (answer == null) {
            assertThat(c.closedWithin(1_000)).as("neither BAD/NO nor a close").isTrue();
        }
    }

    @Test
    void anOverlongCommandLineGetsBadOrACloseAndTheServerStaysUp() throws Exception {
        try (RawImap c = RawImap.login(server.port(), "alice", "secret")) {
            c.write("t5 SELECT " + "x".repeat(TestImapServer.MAX_LINE * 8) + "\r\n");
            assertBadOrClosed(c);
        }
        try (RawImap c = RawImap.connect(server.port())) {
            byte[] megabyte = new byte[1 << 20];
            java.util.Arrays.fill(megabyte, (byte) 'A');
            try {
                c.write("t0 LOGIN alice ");
                c.write(megabyte);
                c.write("\r\nt1 SELECT INBOX\r\n");
            } catch (IOException closedWhileWriting) {
                return; // hung up before the megabyte was through: a clean close
            }
            assertBadOrClosed(c);
            RawImap.Reply select = c.readReply("t1");
            assertThat(select.status()).as("not logged in by an overlong LOGIN").isIn("NO", "BAD", "CLOSED");
        }
        assertNothingOutsideAliceChangedAndTheServerStillServes();
    }

    /** RFC 7888 §4 / RFC 3501 §7.5: a literal above the server's limit is refused before the client sends it. */
    @Test
    void aHugeAnnouncedSynchronizingLiteralIsRefusedWithoutAContinuation() throws Exception {
        for (String size : new String[] {String.valueOf(TestImapServer.LITERAL_LIMIT * 2), "4294967296",
                "99999999999999999999"}) {
            try (RawImap c = RawImap.login(server.port(), "alice", "secret")) {
                c.write("t9 APPEND INBOX () {" + size + "}\r\n");
                String answer = c.readLine();
                assertThat(answer).as("answer to a {" + size + "} literal (limit " + TestImapServer.LITERAL_LIMIT
                        + ")").satisfiesAnyOf(a -> assertThat(a).isNull(),
                                a -> assertThat(a).matches("(t9|\\*) (NO|BAD|BYE).*"));
            }
        }
        assertNothingOutsideAliceChangedAndTheServerStillServes();
    }

    /**
     * Whatever the server does with a literal above its limit, the literal's bytes are message text, never
     * commands: a message that quotes IMAP commands (say, a mail about IMAP saved to Sent) must not run them.
     */
    @Test
    void theBytesOfATooLargeLiteralAreNeverExecutedAsCommands() throws Exception {
        for (boolean synchronizing : new boolean[] {true, false}) {
            java.io.ByteArrayOutputStream msg = new java.io.ByteArrayOutputStream();
            msg.write("Subject: about IMAP\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 20; i++) {
                msg.write(("s" + i + " CREATE Smuggled" + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            String pad = "z".repeat(1000) + "\r\n";
            while (msg.size() < TestImapServer.LITERAL_LIMIT * 2) {
                msg.write(pad.getBytes(StandardCharsets.US_ASCII));
            }
            byte[] m = msg.toByteArray();
            try (RawImap c = RawImap.login(server.port(), "alice", "secret")) {
                c.write("t9 APPEND INBOX () {" + m.length + (synchronizing ? "" : "+") + "}\r\n");
                boolean send = true;
                if (synchronizing) {
                    String cont = c.readLine();
                    send = cont != null && cont.startsWith("+");
                }
                if (send) {
                    try {
                        c.write(m);
                        c.write("\r\nt10 NOOP\r\n");
                    } catch (IOException closedWhileWriting) {
                        // a clean close
                    }
                    c.awaitLine(l -> l.startsWith("t10 "), 5_000);
                }
            }
            try (RawImap c = RawImap.login(server.port(), "alice", "secret")) {
                assertThat(c.command("LIST \"\" Smuggled*").untagged()).as("synchronizing " + synchronizing)
                        .isEmpty();
                RawImap.Reply select = c.command("SELECT INBOX");
                assertThat(select.untagged()).contains("* 1 EXISTS");
            }
            try (Stream<Path> s = Files.list(alice)) {
                assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("Smuggled"));
            }
        }
        assertNothingOutsideAliceChangedAndTheServerStillServes();
    }

    @Test
    void binaryGarbageAndNulBytesGetBadOrACloseAndTheServerStaysUp() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 5; round++) {
            try (RawImap c = RawImap.connect(server.port())) {
                byte[] garbage = new byte[4096];
                random.nextBytes(garbage);
                garbage[0] = 0;
                try {
                    c.write(garbage);
                    c.write("\r\n\0\0\0 LOGIN alice secret\r\nt1 NOOP\r\n");
                } catch (IOException closedWhileWriting) {
                    continue;
                }
                RawImap.Reply r = c.readReply("t1");
                assertThat(r.untagged()).as("seed " + seed).noneMatch(l -> l.contains("LOGIN completed"));
                assertThat(r.status()).as("seed " + seed).isIn("OK", "BAD", "CLOSED");
            }
        }
        try (RawImap c = RawImap.login(server.port(), "alice", "secret")) {
            assertRefused(c.command("SELECT \"IN\0BOX\""));
            assertRefused(c.command("FETCH 1:* (BODY[]\0)"));
            assertThat(c.command("NOOP").status()).isIn("OK", "CLOSED");
        }
        assertNothingOutsideAliceChangedAndTheServerStillServes();
    }

    @Test
    void commandsInTheWrongStateAreRefused() throws Exception {
        try (RawImap c = RawImap.connect(server.port())) {
            assertRefused(c.command("SELECT INBOX"));
            assertRefused(c.command("FETCH 1 (BODY[])"));
            assertRefused(c.command("APPEND INBOX {5}"));
            assertRefused(c.command("LIST \"\" *"));
            assertThat(c.command("LOGIN alice secret").ok()).isTrue();
            assertRefused(c.command("FETCH 1 (BODY[])"));
            assertRefused(c.command("STORE 1 +FLAGS (\\Deleted)"));
            assertRefused(c.command("EXPUNGE"));
            assertRefused(c.command("UID COPY 1 INBOX"));
            assertRefused(c.command("LOGIN alice secret"));
            assertThat(c.command("SELECT INBOX").ok()).isTrue();
        }
        assertNothingOutsideAliceChangedAndTheServerStillServes();
    }

    @Test
    void mailboxNamesThatWouldLeaveTheUsersDirectoryOrHideInItAreRefused() throws Exception {
        try (RawImap c = RawImap.login(server.port(), "alice", "secret")) {
            for (String name : new String[] {"../../etc/evil", "\"../../etc/evil\"", "\"..\"", "\".\"",
                    "\"/etc/evil\"", "\"a/../../../etc/evil\"", ".hidden", "\".hidden\"", "\"x..y\"",
                    "\"\"", "\"tab\there\"", "\"a\u0001bc\"", "\"esc\u001b[2J\"",
                    "\"del\u007f\""}) {
                assertRefused(c.command("CREATE " + name));
                assertRefused(c.command("SELECT " + name));
                assertRefused(c.append(name, "()", MESSAGE));
            }
            assertRefused(c.command("CREATE {4+}\r\na\u0001bc"));
            assertRefused(c.command("CREATE {5+}\r\nnl\r\nx"));
            assertRefused(c.command("SELECT ../bob/INBOX"));
            assertRefused(c.command("SELECT \"../bob/INBOX\""));
            assertRefused(c.command("STATUS \"../bob/INBOX\" (MESSAGES)"));
            assertRefused(c.command("RENAME INBOX \"../bob/stolen\""));
            assertRefused(c.command("RENAME INBOX ../../etc/evil"));
            assertRefused(c.command("DELETE \"../bob/INBOX\""));
            assertRefused(c.command("DELETE ../bob"));
            assertThat(c.command("SELECT INBOX").ok()).isTrue();
            assertRefused(c.command("COPY 1 \"../bob/INBOX\""));
            assertRefused(c.command("MOVE 1 ../../etc/evil"));
            RawImap.Reply list = c.command("LIST \"\" *");
            assertThat(list.all()).doesNotContain("hidden", "etc", "bob");
        }
        try (Stream<Path> s = Files.walk(alice)) {
            assertThat(s.map(p -> alice.relativize(p).toString()))
                    .noneMatch(n -> n.contains("evil") || n.contains("hidden") || n.contains("stolen"));
        }
        assertNothingOutsideAliceChangedAndTheServerStillServes();
    }

    @Test
    void symbolicLinksPlantedInTheUsersDirectoryAreNeverFollowed() throws Exception {
        Path outside = tmp.resolve("outside");
        Files.createSymbolicLink(alice.resolve("Evil"), outside.resolve("mailbox"));
        Files.createSymbolicLink(alice.resolve("Precious"), outside.resolve("precious"));
        Files.createSymbolicLink(alice.resolve("Dir"), outside.resolve("dir"));
        Files.createSymbolicLink(alice.resolve("Dangling"), outside.resolve("new-file"));
        before = snapshotOutsideAlice();
        try (RawImap c = RawImap.login(server.port(), "alice", "secret")) {
            for (String name : new String[] {"Evil", "Precious", "Dangling", "Dir.Sub"}) {
                assertRefused(c.command("SELECT " + name));
                assertRefused(c.command("EXAMINE " + name));
                assertRefused(c.command("STATUS " + name + " (MESSAGES UIDNEXT)"));
                assertRefused(c.append(name, "(\\Seen)", MESSAGE));
                assertRefused(c.command("CREATE " + name));
                assertRefused(c.command("DELETE " + name));
                assertRefused(c.command("RENAME " + name + " Renamed" + name.replace(".", "")));
            }
            assertRefused(c.command("CREATE Dir.New"));
            assertRefused(c.command("RENAME INBOX Dir.Inbox"));
            assertRefused(c.command("RENAME INBOX Dangling"));
            assertThat(c.command("SELECT INBOX").ok()).isTrue();
            assertRefused(c.command("COPY 1 Evil"));
            assertRefused(c.command("MOVE 1 Dir.Moved"));
            assertRefused(c.command("COPY 1 Dangling"));
            assertThat(c.command("FETCH 1 (UID)").ok()).as("INBOX still has its message").isTrue();
            RawImap.Reply list = c.command("LIST \"\" *");
            assertThat(list.all()).doesNotContain("Evil", "Precious", "Dangling", "\"Dir");
        }
        assertThat(outside.resolve("new-file")).doesNotExist();
        try (Stream<Path> s = Files.list(outside.resolve("dir"))) {
            assertThat(s).isEmpty();
        }
        assertNothingOutsideAliceChangedAndTheServerStillServes();
    }

    @Test
    void aUsersMailDirectoryThatIsASymbolicLinkIsNotUsed() throws Exception {
        Path target = tmp.resolve("outside/dir");
        Files.createSymbolicLink(server.userDir("carol"), target);
        before = snapshotOutsideAlice();
        try (RawImap c = RawImap.connect(server.port())) {
            RawImap.Reply login = c.command("LOGIN carol secret");
            if (login.ok()) {
                assertRefused(c.command("CREATE Stolen"));
                assertRefused(c.append("INBOX", "()", MESSAGE));
                assertRefused(c.command("SELECT INBOX"));
            }
        }
        try (Stream<Path> s = Files.list(target)) {
            assertThat(s).isEmpty();
        }
        assertNothingOutsideAliceChangedAndTheServerStillServes();
    }
}

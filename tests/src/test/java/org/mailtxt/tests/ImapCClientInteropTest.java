package org.mailtxt.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.locking.ProcLocks;

/**
 * Issue 4 acceptance, c-client while IMAP sessions are connected: real {@code mailutil} and {@code dmail} (run as the
 * unprivileged c-client user) change mailbox files the server serves. A session idling on the mailbox hears of
 * deliveries within 2 s with UIDs above all earlier ones; c-client's expunge is refused while a session has the
 * mailbox selected and works once the server has let the file go, leaving the survivors' UIDs unchanged.
 */
class ImapCClientInteropTest {
    private static final Pattern UID = Pattern.compile("UID (\\d+)");

    @TempDir
    Path tmp;
    CClient cc;
    CClientMail tools;
    TestImapServer server;
    Path alice;

    @BeforeEach
    void setUp() throws Exception {
        cc = CClient.require();
        tools = new CClientMail(cc);
        Path mailRoot = Files.createDirectory(cc.work.resolve("mail"));
        cc.chown(mailRoot);
        server = TestImapServer.start(tmp.resolve("data"), mailRoot, Map.of("alice", "secret"));
        alice = server.userDir("alice");
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (cc != null) {
                cc.close();
            }
        }
    }

    /** Creates a mailbox through IMAP with the given messages (flags per message), then gives the files to the user. */
    private void mailboxWith(String name, String... flagsPerMessage) throws Exception {
        try (RawImap c = RawImap.login(server.port(), "alice", "secret")) {
            RawImap.Reply created = c.command("CREATE " + name);
            assertThat(created.ok() || created.tagged().contains("already exists")).as(created.all()).isTrue();
            for (int i = 0; i < flagsPerMessage.length; i++) {
                byte[] msg = CClientMail.message("<" + name.toLowerCase() + (i + 1) + "@mailtxt.test>",
                        name + " " + (i + 1), "body " + (i + 1) + "\r\n");
                assertThat(c.append(name, "(" + flagsPerMessage[i] + ")", msg).ok()).isTrue();
            }
        }
        giveToUser();
    }

    /** c-client's files must belong to its user: the user's mail directory and every mailbox file in it. */
    private void giveToUser() throws Exception {
        try (Stream<Path> s = Files.walk(alice)) {
            for (Path p : s.toList()) {
                cc.chown(p);
            }
        }
    }

    private static List<Long> uids(RawImap.Reply fetch) {
        List<Long> out = new ArrayList<>();
        for (String line : fetch.untagged()) {
            Matcher m = UID.matcher(line);
            if (line.startsWith("* ") && line.contains(" FETCH ") && m.find()) {
                out.add(Long.parseLong(m.group(1)));
            }
        }
        return out;
    }

    private static byte[] mbox(String messageId, String subject) {
        return ("From sender@example.org Tue Jan  2 03:04:05 2024\n" + "From: sender@example.org\nSubject: " + subject
                + "\nMessage-ID: " + messageId + "\n\nappended by mailutil\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void anIdlingSessionHearsOfMailutilAndDmailAppendsWithinTwoSecondsAndTheyGetHigherUids() throws Exception {
        mailboxWith("INBOX", "\\Seen", "");
        String inbox = cc.nameOf(alice.resolve("INBOX"));
        try (RawImap c = RawImap.login(server.port(), "alice", "secret")) {
            RawImap.Reply select = c.command("SELECT INBOX");
            assertThat(select.ok()).as(select.all()).isTrue();
            assertThat(select.untagged()).contains("* 2 EXISTS");
            List<Long> before = uids(c.command("UID FETCH 1:* (UID)"));
            assertThat(before).hasSize(2);

            c.write("i1 IDLE\r\n");
            assertThat(c.readLine()).startsWith("+");

            Path source = tools.messageFile(mbox("<mailutil-1@mailtxt.test>", "via mailutil"));
            assertThat(tools.mailutil("append", cc.nameOf(source), inbox))
                    .doesNotContain("failed", "Can't", "rror");
            assertThat(c.awaitLine(l -> l.equals("* 3 EXISTS"), 2_000)).as("EXISTS after mailutil append")
                    .isNotNull();

            assertThat(tools.dmail(inbox, CClientMail.message("<dmail-1@mailtxt.test>", "via dmail", "hi\r\n")))
                    .contains("delivered to");
            assertThat(c.awaitLine(l -> l.equals("* 4 EXISTS"), 2_000)).as("EXISTS after dmail").isNotNull();

            c.write("DONE\r\n");
            RawImap.Reply done = c.readReply("i1");
            assertThat(done.ok()).as(done.all()).isTrue();
            RawImap.Reply fetch = c.command("FETCH 1:* (UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])");
            List<Long> after = uids(fetch);
            assertThat(after).hasSize(4).startsWith(before.get(0), before.get(1));
            assertThat(after.get(2)).isGreaterThan(before.get(1));
            assertThat(after.get(3)).isGreaterThan(after.get(2));
            assertThat(fetch.all()).contains("<mailutil-1@mailtxt.test>", "<dmail-1@mailtxt.test>");
        }
        assertThat(tools.mailutil("check", inbox)).contains("4 total in " + inbox);
    }

    @Test
    void cClientsPruneIsRefusedWhileASessionHasTheMailboxSelected() throws Exception {
        mailboxWith("Held", "", "\\Deleted");
        Path file = alice.resolve("Held");
        try (RawImap c = RawImap.login(server.port(), "alice", "secret")) {
            assertThat(c.command("SELECT Held").ok()).isTrue();
            long size = Files.size(file);
            assertThat(tools.mailutil("prune", cc.nameOf(file), "deleted"))
                    .contains("Can't expunge because mailbox is in use by another process", "0 message(s) purged");
            assertThat(Files.size(file)).isEqualTo(size);
            assertThat(uids(c.command("UID FETCH 1:* (UID)"))).hasSize(2);
        }
    }

    @Test
    void cClientsPruneOfAnUnselectedMailboxIsSeenByTheNextSelectWithTheSurvivorsUidsUnchanged() throws Exception {
        mailboxWith("Prune", "", "\\Deleted", "\\Flagged");
        Path file = alice.resolve("Prune");
        List<Long> before;
        try (RawImap c = RawImap.login(server.port(), "alice", "secret")) {
            assertThat(c.command("EXAMINE Prune").ok()).isTrue();
            before = uids(c.command("UID FETCH 1:* (UID)"));
            assertThat(before).hasSize(3);
            assertThat(c.command("UNSELECT").ok()).isTrue();

            long me = ProcessHandle.current().pid();
            Await.until(Duration.ofSeconds(15), () -> ProcLocks.on(file).stream().noneMatch(h -> h.pid() == me),
                    "the server to let go of the unselected mailbox");

            assertThat(tools.mailutil("prune", cc.nameOf(file), "deleted")).contains("1 message(s) purged")
                    .doesNotContain("in use");
            assertThat(StoredRecords.read(file)).extracting(StoredRecords.Record::messageId)
                    .containsExactly("<prune1@mailtxt.test>", "<prune3@mailtxt.test>");

            RawImap.Reply select = c.command("SELECT Prune");
            assertThat(select.ok()).as(select.all()).isTrue();
            assertThat(select.untagged()).contains("* 2 EXISTS");
            RawImap.Reply fetch = c.command("FETCH 1:* (UID FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])");
            assertThat(uids(fetch)).containsExactly(before.get(0), before.get(2));
            assertThat(fetch.all()).contains("<prune1@mailtxt.test>", "<prune3@mailtxt.test>")
                    .doesNotContain("<prune2@mailtxt.test>").contains("\\Flagged");
        }
    }
}

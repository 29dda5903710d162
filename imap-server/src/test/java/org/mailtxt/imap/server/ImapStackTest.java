package org.mailtxt.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.imap.mailbox.MailboxLayout;
import org.mailtxt.mailstore.MailStore;
import org.mailtxt.mailstore.MailStoreConfig;
import org.mailtxt.mailstore.format.MailboxFormat;

class ImapStackTest {
    @TempDir
    Path dir;
    MailStore store;
    ImapStack server;
    Path mailRoot;

    @BeforeEach
    void start() throws Exception {
        Path locks = Files.createDirectories(dir.resolve("locks"));
        store = MailStore.open(MailStoreConfig.defaults(dir.resolve("data")).withLockDirectory(locks));
        mailRoot = dir.resolve("mail");
        server = new ImapStack(ImapStack.Settings.builder().plainAuthWithoutTls(true).build(), store,
                new MailboxLayout(mailRoot), MailboxFormat.MTX,
                (user, password) -> List.of("alice", "carol").contains(user.asString())
                        && password.toString().equals("secret"));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        store.close();
    }

    @Test
    void aClientLogsInAppendsSelectsFetchesStoresAndExpungesOnAnMtxFile() throws Exception {
        try (ImapClient c = new ImapClient(server.port())) {
            assertThat(c.greeting).startsWith("* OK");
            assertThat(ImapClient.last(c.send("LOGIN alice wrong"))).contains("NO");
            assertThat(ImapClient.last(c.send("LOGIN alice secret"))).contains("OK");
            assertThat(ImapClient.last(c.send("CREATE INBOX"))).matches(".*(OK|NO).*");
            String msg = "From: bob@example.org\r\nSubject: hello\r\n\r\nHi Alice!\r\n";
            List<String> appended = c.append("INBOX", "(\\Seen)", msg);
            assertThat(ImapClient.last(appended)).contains("OK").contains("APPENDUID");
            List<String> select = c.send("SELECT INBOX");
            assertThat(select).contains("* 1 EXISTS");
            assertThat(ImapClient.last(select)).contains("OK [READ-WRITE]");
            List<String> fetch = c.send("FETCH 1 (UID FLAGS RFC822.SIZE BODY.PEEK[])");
            assertThat(String.join("\n", fetch)).contains("RFC822.SIZE " + msg.length()).contains("Hi Alice!")
                    .contains("\\Seen");
            assertThat(ImapClient.last(c.send("STORE 1 +FLAGS (\\Deleted $Important)"))).contains("OK");
            List<String> expunge = c.send("EXPUNGE");
            assertThat(expunge).contains("* 1 EXPUNGE");
            // Under load James 3.8.1 now and then closes the connection before its LOGOUT answer is flushed (seen about
            // once in eight runs of this module): the session is over either way.
            List<String> logout = c.send("LOGOUT");
            assertThat(logout.isEmpty() || ImapClient.last(logout).contains("OK")).as("LOGOUT: %s", logout).isTrue();
        }
        Path inbox = mailRoot.resolve("alice/INBOX");
        assertThat(inbox).exists();
        assertThat(Files.size(inbox)).isZero();
    }

    @Test
    void anExpungeRefusedBecauseAnotherProcessHoldsTheFileAnswersNoInUseAndSecondSessionsDoNotBlockIt() throws Exception {
        try (ImapClient a = new ImapClient(server.port()); ImapClient b = new ImapClient(server.port())) {
            a.send("LOGIN alice secret");
            b.send("LOGIN alice secret");
            a.send("CREATE Work");
            a.append("Work", "(\\Deleted)", "Subject: gone\r\n\r\nx\r\n");
            a.append("Work", "(\\Deleted)", "Subject: gone too\r\n\r\ny\r\n");
            a.append("Work", "()", "Subject: stays\r\n\r\nz\r\n");
            a.send("SELECT Work");
            b.send("SELECT Work");
            Path file = mailRoot.resolve("alice/Work");
            Process holder = new ProcessBuilder("flock", "-s", file.toString(), "-c", "echo locked; exec sleep 60").start();
            try {
                assertThat(new String(holder.getInputStream().readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("locked\n");
                String answer = ImapClient.last(a.send("EXPUNGE"));
                assertThat(answer).contains("NO [INUSE]").contains("pid " + holder.pid() + " (flock)");
            } finally {
                for (ProcessHandle child : holder.descendants().toList()) {
                    child.destroyForcibly();
                    child.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                }
                holder.destroyForcibly().waitFor();
            }
            List<String> expunged = a.send("EXPUNGE");
            assertThat(expunged).contains("* 1 EXPUNGE");
            assertThat(ImapClient.last(expunged)).contains("OK");
            assertThat(String.join("\n", b.send("NOOP"))).contains("EXPUNGE");
        }
    }

    @Test
    void aCommandWhoseLiteralIsFollowedByABareLineFeedIsAnsweredInsteadOfHanging() throws Exception {
        try (ImapClient c = new ImapClient(server.port())) {
            c.send("LOGIN alice secret");
            String msg = "Subject: bare LF\r\n\r\nbody\r\n";
            // James's framer alone waited for a CR LF after the literal for ever (the read timeout fails the test)
            c.write("x1 APPEND INBOX {" + msg.length() + "+}\r\n" + msg + "\n");
            assertThat(untilTagged(c, "x1")).contains("OK").contains("APPEND completed");
            c.write("x2 NOOP\n");
            assertThat(untilTagged(c, "x2")).contains("x2 OK");
            List<String> fetch = c.send("EXAMINE INBOX");
            assertThat(fetch).contains("* 1 EXISTS");
            assertThat(String.join("\n", c.send("FETCH 1 BODY.PEEK[TEXT]"))).contains("{6}", "body");
        }
    }

    private static String untilTagged(ImapClient c, String tag) throws java.io.IOException {
        for (String line = c.readLine(); line != null; line = c.readLine()) {
            if (line.startsWith(tag + " ")) {
                return line;
            }
        }
        return "(connection closed)";
    }

    @Test
    void aNewUserGetsExactlyInboxAndTheFiveSpecialUseMailboxesWithTheirAttributes() throws Exception {
        try (ImapClient c = new ImapClient(server.port())) {
            c.send("LOGIN alice secret");
            List<String> list = c.send("LIST \"\" \"*\" RETURN (SPECIAL-USE)");
            assertThat(list.subList(0, list.size() - 1)).containsExactlyInAnyOrder(
                    "* LIST (\\HasNoChildren) \".\" \"INBOX\"",
                    "* LIST (\\HasNoChildren \\Sent) \".\" \"Sent\"",
                    "* LIST (\\HasNoChildren \\Drafts) \".\" \"Drafts\"",
                    "* LIST (\\HasNoChildren \\Trash) \".\" \"Trash\"",
                    "* LIST (\\HasNoChildren \\Junk) \".\" \"Junk\"",
                    "* LIST (\\HasNoChildren \\Archive) \".\" \"Archive\"");
            assertThat(c.send("LSUB \"\" \"*\"")).contains("* LSUB () \".\" \"Junk\"", "* LSUB () \".\" \"Sent\"");
            // a second login provisions nothing more, and a deleted special-use mailbox stays deleted
            assertThat(ImapClient.last(c.send("DELETE Archive"))).contains("OK");
        }
        try (ImapClient c = new ImapClient(server.port())) {
            c.send("LOGIN alice secret");
            assertThat(String.join("\n", c.send("LIST \"\" \"*\""))).doesNotContain("Archive", "Spam", "Outbox");
        }
    }

    @Test
    void aUserProvisionedBeforeKeepsSpamAsTheJunkMailboxAndGetsNoNewMailboxes() throws Exception {
        // carol's INBOX and Spam exist already (provisioned by an earlier mailtxt, which used James's names)
        Path carol = mailRoot.resolve("carol");
        store.create(carol.resolve("INBOX"), MailboxFormat.MTX);
        store.create(carol.resolve("Spam"), MailboxFormat.MTX);
        try (ImapClient c = new ImapClient(server.port())) {
            c.send("LOGIN carol secret");
            List<String> list = c.send("LIST \"\" \"*\" RETURN (SPECIAL-USE)");
            assertThat(list.subList(0, list.size() - 1)).containsExactlyInAnyOrder(
                    "* LIST (\\HasNoChildren) \".\" \"INBOX\"",
                    "* LIST (\\HasNoChildren \\Junk) \".\" \"Spam\"");
            // a folder named like a special-use mailbox below the top level has no attribute
            c.send("CREATE Work.Sent");
            assertThat(String.join("\n", c.send("LIST \"\" \"Work.*\" RETURN (SPECIAL-USE)")))
                    .contains("(\\HasNoChildren) \".\" \"Work.Sent\"");
        }
        assertThat(carol.resolve("Junk")).doesNotExist();
        assertThat(carol.resolve("Sent")).doesNotExist();
    }

    @Test
    void saveDateIsWhenTheMessageWasSavedNotItsInternalDateAndSearchUsesIt() throws Exception {
        try (ImapClient c = new ImapClient(server.port())) {
            c.send("LOGIN alice secret");
            c.append("INBOX", "() \"01-Jan-2000 00:00:00 +0000\"", "Subject: old\r\n\r\nx\r\n");
            c.send("SELECT INBOX");
            String fetch = String.join("\n", c.send("FETCH 1 (INTERNALDATE SAVEDATE)"));
            assertThat(fetch).contains("INTERNALDATE \"01-Jan-2000 00:00:00 +0000\"").doesNotContain("SAVEDATE NIL")
                    .doesNotContain("SAVEDATE \"01-Jan-2000");
            assertThat(c.send("SEARCH SAVEDSINCE 1-Jan-2020")).contains("* SEARCH 1");
            assertThat(c.send("SEARCH SAVEDBEFORE 1-Jan-2020")).contains("* SEARCH");
            assertThat(c.send("SEARCH SENTBEFORE 1-Jan-1999 SAVEDBEFORE 1-Jan-2020")).doesNotContain("* SEARCH 1");
            c.send("CREATE Kept");
            c.send("COPY 1 Kept");
            c.send("SELECT Kept");
            assertThat(c.send("SEARCH SAVEDSINCE 1-Jan-2020")).contains("* SEARCH 1");
            assertThat(ImapClient.last(c.send("SEARCH SAVEDSINCE 31-Foo-2020"))).contains("BAD");
        }
    }

    @Test
    void aSessionEndedByTheServerGetsItsByeBeforeTheConnectionCloses() throws Exception {
        // James 3.8.1 over Netty closed these connections before its BYE was written
        try (ImapClient c = new ImapClient(server.port())) {
            c.write("x1 BOGUS\r\n");
            assertThat(c.readLine()).isEqualTo("* BYE Unknown command.");
            assertThat(c.readLine()).as("then the connection is closed").isNull();
        }
        try (ImapClient c = new ImapClient(server.port())) {
            assertThat(ImapClient.last(c.send("LOGIN alice wrong1"))).contains("NO");
            assertThat(ImapClient.last(c.send("LOGIN alice wrong2"))).contains("NO");
            c.write("x3 LOGIN alice wrong3\r\n");
            assertThat(c.readLine()).isEqualTo("* BYE Login failed too many times.");
            assertThat(c.readLine()).isNull();
        }
        try (ImapClient c = new ImapClient(server.port())) {
            assertThat(c.send("LOGOUT")).contains("* BYE IMAP4rev1 Server logging out");
        }
    }

    @Test
    void aSessionWhoseSelectedMailboxIsDeletedElsewhereIsEndedWithBye() throws Exception {
        try (ImapClient a = new ImapClient(server.port()); ImapClient b = new ImapClient(server.port())) {
            a.send("LOGIN alice secret");
            b.send("LOGIN alice secret");
            a.send("CREATE Doomed");
            a.append("Doomed", "()", "Subject: bye\r\n\r\nx\r\n");
            assertThat(ImapClient.last(a.send("SELECT Doomed"))).contains("OK [READ-WRITE]");
            assertThat(ImapClient.last(b.send("DELETE Doomed"))).contains("OK");
            a.write("x1 NOOP\r\n");
            assertThat(a.readLine()).isEqualTo("* BYE Selected mailbox has been deleted");
            assertThat(a.readLine()).as("the command is not run; the connection closes").isNull();
            assertThat(ImapClient.last(b.send("NOOP"))).contains("OK"); // the deleting session goes on
        }
    }

    @Test
    void theCapabilitiesAdvertisedAreTheOnesMailtxtBacks() throws Exception {
        try (ImapClient c = new ImapClient(server.port())) {
            String caps = String.join(" ", c.send("CAPABILITY"));
            assertThat(caps).contains("SAVEDATE");
            assertThat(caps).contains("IMAP4rev1".toUpperCase()).contains("IDLE", "UIDPLUS", "MOVE", "CONDSTORE",
                    "QRESYNC", "NAMESPACE", "ID", "ENABLE", "LITERAL+", "SPECIAL-USE", "LIST-EXTENDED", "LIST-STATUS",
                    "ESEARCH", "SASL-IR", "UNSELECT", "APPENDLIMIT");
            assertThat(caps).doesNotContain(" ACL", "LIST-MYRIGHTS", "XLIST", "METADATA", "OBJECTID");
        }
    }

    @Test
    void renamingAFolderMovesItsInferiorMailboxesWithIt() throws Exception {
        try (ImapClient c = new ImapClient(server.port())) {
            c.send("LOGIN alice secret");
            assertThat(ImapClient.last(c.send("CREATE mbx1.mbx2.mbx3"))).contains("OK");
            c.append("mbx1.mbx2.mbx3", "()", "Subject: deep\r\n\r\nx\r\n");
            c.append("mbx1.mbx2.mbx3", "()", "Subject: deeper\r\n\r\ny\r\n");
            String before = uidValidity(c.send("SELECT mbx1.mbx2.mbx3"));
            c.send("UNSELECT");
            assertThat(ImapClient.last(c.send("RENAME mbx1 top"))).contains("OK");
            String list = String.join("\n", c.send("LIST \"\" \"*\""));
            assertThat(list).contains("\"top\"", "\"top.mbx2\"", "\"top.mbx2.mbx3\"").doesNotContain("mbx1");
            // the inferior kept its messages, UIDs and UIDVALIDITY
            List<String> sel = c.send("SELECT top.mbx2.mbx3");
            assertThat(sel).contains("* 2 EXISTS");
            assertThat(uidValidity(sel)).isEqualTo(before);
            assertThat(String.join("\n", c.send("UID FETCH 1:* (UID)"))).contains("UID 1)", "UID 2)");
            // renaming a folder into itself, or onto an existing name, is refused and moves nothing
            c.send("CREATE other");
            assertThat(ImapClient.last(c.send("RENAME top top.mbx2.inner"))).contains("NO");
            assertThat(ImapClient.last(c.send("RENAME top other"))).contains("NO");
        }
        assertThat(mailRoot.resolve("alice/top/mbx2/mbx3")).isRegularFile();
        assertThat(mailRoot.resolve("alice/mbx1")).doesNotExist();
    }

    private static String uidValidity(List<String> select) {
        return select.stream().filter(l -> l.contains("[UIDVALIDITY ")).findFirst().orElseThrow()
                .replaceAll(".*\\[UIDVALIDITY (\\d+)\\].*", "$1");
    }

    @Test
    void uidsStayTheSameAcrossServerRestartsUnlikeUwImapd() throws Exception {
        String uidValidity;
        try (ImapClient c = new ImapClient(server.port())) {
            c.send("LOGIN alice secret");
            c.send("CREATE Archive");
            c.append("Archive", "()", "Subject: one\r\n\r\n1\r\n");
            c.append("Archive", "()", "Subject: two\r\n\r\n2\r\n");
            List<String> sel = c.send("SELECT Archive");
            uidValidity = sel.stream().filter(l -> l.contains("UIDVALIDITY")).findFirst().orElseThrow();
            assertThat(String.join("\n", c.send("UID FETCH 1:* (UID)"))).contains("UID 1").contains("UID 2");
            c.send("LOGOUT");
        }
        server.close();
        store.close();
        start();
        try (ImapClient c = new ImapClient(server.port())) {
            c.send("LOGIN alice secret");
            List<String> sel = c.send("SELECT Archive");
            assertThat(sel).contains(uidValidity);
            assertThat(String.join("\n", c.send("UID FETCH 2 (BODY.PEEK[TEXT])"))).contains("2\r\n".trim());
        }
        assertThat(Files.readString(mailRoot.resolve("alice/Archive"), StandardCharsets.US_ASCII)).contains("Subject: two");
    }
}

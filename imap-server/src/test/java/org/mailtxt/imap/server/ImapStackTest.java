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
        server = new ImapStack(ImapStack.Settings.builder().plainAuthWithoutTls(true).build(), store, new MailboxLayout(mailRoot), MailboxFormat.MTX,
                (user, password) -> user.asString().equals("alice") && password.toString().equals("secret"));
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
    void theCapabilitiesAdvertisedAreTheOnesMailtxtBacks() throws Exception {
        try (ImapClient c = new ImapClient(server.port())) {
            String caps = String.join(" ", c.send("CAPABILITY"));
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
            assertThat(ImapClient.last(c.send("RENAME mbx1 top"))).contains("OK");
            String list = String.join("\n", c.send("LIST \"\" \"*\""));
            assertThat(list).contains("\"top\"", "\"top.mbx2\"", "\"top.mbx2.mbx3\"").doesNotContain("mbx1");
            List<String> sel = c.send("SELECT top.mbx2.mbx3");
            assertThat(sel).contains("* 1 EXISTS");
        }
        assertThat(mailRoot.resolve("alice/top/mbx2/mbx3")).isRegularFile();
        assertThat(mailRoot.resolve("alice/mbx1")).doesNotExist();
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

package org.mailtxt.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 item 5: every capability mailtxt advertises really works. One test per capability, each over a real socket
 * against a server on mtx files, asserting the answer the capability's RFC requires (not just an OK).
 */
class AdvertisedCapabilitiesTest {
    private static final long APPEND_LIMIT = 8192;
    private static final String MESSAGE = "From: a@example.org\r\nSubject: hello\r\nMessage-ID: <m1@example.org>\r\n"
            + "\r\nbody\r\n";

    @TempDir
    Path dir;
    AliceServer alice;

    @BeforeEach
    void start() throws Exception {
        alice = AliceServer.start(dir, ImapStack.Settings.builder().appendLimit(APPEND_LIMIT));
    }

    @AfterEach
    void stop() throws Exception {
        alice.close();
    }

    private ImapClient login() throws Exception {
        return alice.login();
    }

    private static String all(List<String> lines) {
        return String.join("\n", lines);
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in %s", regex, text).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void uidplusReportsTheRealPersistentUidsOfAppendAndCopyAndUidExpungeTouchesOnlyTheGivenUids() throws Exception {
        try (ImapClient c = login()) {
            c.send("CREATE Box");
            c.send("CREATE Other");
            long validity = number(all(c.send("STATUS Box (UIDVALIDITY)")), "UIDVALIDITY (\\d+)");
            String a1 = ImapClient.last(c.append("Box", "()", MESSAGE));
            String a2 = ImapClient.last(c.append("Box", "()", MESSAGE));
            assertThat(a1).contains("[APPENDUID " + validity + " 1]");
            assertThat(a2).contains("[APPENDUID " + validity + " 2]");
            c.send("SELECT Box");
            long otherValidity = number(all(c.send("STATUS Other (UIDVALIDITY)")), "UIDVALIDITY (\\d+)");
            assertThat(ImapClient.last(c.send("UID COPY 1:2 Other"))).contains("[COPYUID " + otherValidity + " 1:2 1:2]");
            c.send("UID STORE 1:2 +FLAGS.SILENT (\\Deleted)");
            List<String> expunge = c.send("UID EXPUNGE 2");
            assertThat(all(expunge)).contains("* 2 EXPUNGE").doesNotContain("* 1 EXPUNGE");
            assertThat(all(c.send("UID FETCH 1:* (UID)"))).contains("UID 1)").doesNotContain("UID 2)");
        }
    }

    @Test
    void moveMovesTheMessageWithCopyuidAndExpungesItFromTheSource() throws Exception {
        try (ImapClient c = login()) {
            c.send("CREATE Src");
            c.send("CREATE Dst");
            c.append("Src", "(\\Flagged)", MESSAGE);
            c.append("Src", "()", MESSAGE.replace("hello", "second"));
            long dst = number(all(c.send("STATUS Dst (UIDVALIDITY)")), "UIDVALIDITY (\\d+)");
            c.send("SELECT Src");
            List<String> move = c.send("UID MOVE 2 Dst");
            assertThat(all(move)).contains("[COPYUID " + dst + " 2 1]").contains("* 2 EXPUNGE");
            assertThat(ImapClient.last(move)).contains("OK");
            assertThat(all(c.send("STATUS Src (MESSAGES)"))).contains("MESSAGES 1");
            c.send("SELECT Dst");
            assertThat(all(c.send("UID FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])"))).contains("second");
        }
    }

    @Test
    void condstoreGivesModseqsAndRefusesAStoreOnAMessageChangedSinceTheClientLooked() throws Exception {
        try (ImapClient c = login()) {
            c.send("CREATE Cs");
            c.append("Cs", "()", MESSAGE);
            c.append("Cs", "()", MESSAGE);
            assertThat(all(c.send("ENABLE CONDSTORE"))).contains("* ENABLED CONDSTORE");
            List<String> select = c.send("SELECT Cs");
            long highest = number(all(select), "HIGHESTMODSEQ (\\d+)");
            long modseq1 = number(all(c.send("FETCH 1 (MODSEQ)")), "MODSEQ \\((\\d+)\\)");
            assertThat(modseq1).isLessThanOrEqualTo(highest);
            List<String> store1 = c.send("STORE 1 (UNCHANGEDSINCE " + modseq1 + ") +FLAGS (\\Seen)");
            assertThat(ImapClient.last(store1)).contains("OK");
            long modseq1b = number(all(store1), "MODSEQ \\((\\d+)\\)");
            assertThat(modseq1b).isGreaterThan(modseq1);
            // The client's view is stale now: the server must refuse and name the message.
            List<String> stale = c.send("STORE 1 (UNCHANGEDSINCE " + modseq1 + ") +FLAGS (\\Flagged)");
            assertThat(ImapClient.last(stale)).startsWith("a9 OK [MODIFIED 1]"); // RFC 7162 3.1.3, not James's "0 1"
            List<String> staleUid = c.send("UID STORE 1 (UNCHANGEDSINCE " + modseq1 + ") +FLAGS (\\Flagged)");
            assertThat(ImapClient.last(staleUid)).contains("OK [MODIFIED 1]");
            assertThat(all(c.send("FETCH 1 (FLAGS)"))).doesNotContain("\\Flagged");
            long modseq2 = number(all(c.send("FETCH 2 (MODSEQ)")), "MODSEQ \\((\\d+)\\)");
            assertThat(modseq2).isLessThan(modseq1b);
            assertThat(all(c.send("FETCH 1:* (FLAGS) (CHANGEDSINCE " + modseq2 + ")")))
                    .contains("* 1 FETCH").doesNotContain("* 2 FETCH");
        }
    }

    @Test
    void qresyncTellsAReconnectingClientWhichUidsVanished() throws Exception {
        long validity;
        long modseq;
        try (ImapClient c = login()) {
            c.send("CREATE Q");
            for (int i = 0; i < 3; i++) {
                c.append("Q", "()", MESSAGE);
            }
            c.send("ENABLE QRESYNC");
            List<String> select = c.send("SELECT Q");
            validity = number(all(select), "UIDVALIDITY (\\d+)");
            modseq = number(all(select), "HIGHESTMODSEQ (\\d+)");
            c.send("UID STORE 2 +FLAGS.SILENT (\\Deleted)");
            c.send("EXPUNGE");
            c.send("LOGOUT");
        }
        try (ImapClient c = login()) {
            assertThat(all(c.send("ENABLE QRESYNC"))).contains("ENABLED").contains("QRESYNC");
            List<String> select = c.send("SELECT Q (QRESYNC (" + validity + " " + modseq + "))");
            assertThat(ImapClient.last(select)).contains("OK");
            assertThat(all(select)).contains("* VANISHED (EARLIER) 2");
        }
    }

    @Test
    void esearchAnswersMinMaxCountAndAll() throws Exception {
        try (ImapClient c = login()) {
            c.send("CREATE Es");
            for (int i = 0; i < 4; i++) {
                c.append("Es", i % 2 == 0 ? "(\\Seen)" : "()", MESSAGE);
            }
            c.send("SELECT Es");
            String answer = all(c.send("UID SEARCH RETURN (MIN MAX COUNT ALL) SEEN"));
            assertThat(answer).contains("* ESEARCH").contains("UID").contains("MIN 1").contains("MAX 3")
                    .contains("COUNT 2").contains("ALL 1,3");
            assertThat(all(c.send("SEARCH RETURN (COUNT) UNSEEN"))).contains("COUNT 2");
        }
    }

    @Test
    void listExtendedAndListStatusAnswerSubscriptionsChildrenAndStatusInOneCommand() throws Exception {
        try (ImapClient c = login()) {
            c.send("CREATE Team.Plans");
            c.send("CREATE Solo");
            c.append("Solo", "()", MESSAGE);
            c.send("SUBSCRIBE Solo");
            String subscribed = all(c.send("LIST (SUBSCRIBED) \"\" \"*\""));
            assertThat(subscribed).contains("\\Subscribed").contains("Solo").doesNotContain("Plans");
            String children = all(c.send("LIST \"\" \"Team\" RETURN (CHILDREN)"));
            assertThat(children).contains("\\HasChildren");
            String status = all(c.send("LIST \"\" \"Solo\" RETURN (STATUS (MESSAGES UIDNEXT))"));
            assertThat(status).contains("* LIST").containsPattern("\\* STATUS \"?Solo\"? \\(MESSAGES 1 UIDNEXT 2\\)");
        }
    }

    @Test
    void specialUseMailboxesOfANewUserCarryTheirAttributes() throws Exception {
        try (ImapClient c = login()) {
            String list = all(c.send("LIST \"\" \"*\" RETURN (SPECIAL-USE)"));
            assertThat(list).containsPattern("\\\\Sent[^\\n]*Sent").containsPattern("\\\\Drafts[^\\n]*Drafts")
                    .containsPattern("\\\\Trash[^\\n]*Trash");
            String only = all(c.send("LIST (SPECIAL-USE) \"\" \"*\""));
            assertThat(only).contains("\\Sent").doesNotContain("INBOX");
        }
    }

    @Test
    void namespaceIdAndEnableAnswerAsTheirRfcsSay() throws Exception {
        try (ImapClient c = login()) {
            assertThat(all(c.send("NAMESPACE"))).containsPattern("\\* NAMESPACE \\(\\(\"[^\"]*\" \"[./]\"\\)\\)");
            assertThat(all(c.send("ID (\"name\" \"capability-test\")"))).contains("* ID ");
            assertThat(all(c.send("ENABLE CONDSTORE"))).contains("* ENABLED CONDSTORE");
            assertThat(all(c.send("ENABLE X-NOT-A-THING"))).doesNotContain("X-NOT-A-THING");
        }
    }

    @Test
    void literalPlusAcceptsANonSynchronizingLiteralWithoutAContinuation() throws Exception {
        try (ImapClient c = login()) {
            c.send("CREATE Lp");
            byte[] body = MESSAGE.getBytes(StandardCharsets.ISO_8859_1);
            c.write("lp1 APPEND Lp () {" + body.length + "+}\r\n" + MESSAGE + "\r\n");
            String line;
            String tagged = null;
            while ((line = c.readLine()) != null) {
                assertThat(line).doesNotStartWith("+");
                if (line.startsWith("lp1 ")) {
                    tagged = line;
                    break;
                }
            }
            assertThat(tagged).contains("OK");
            assertThat(all(c.send("STATUS Lp (MESSAGES)"))).contains("MESSAGES 1");
        }
    }

    @Test
    void saslIrLogsInWithTheInitialResponseOnTheCommandLineAndRefusesABadOne() throws Exception {
        try (ImapClient c = new ImapClient(alice.port())) {
            String bad = Base64.getEncoder().encodeToString("\0alice\0wrong".getBytes(StandardCharsets.UTF_8));
            assertThat(ImapClient.last(c.send("AUTHENTICATE PLAIN " + bad))).contains("NO");
            String good = Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
            assertThat(ImapClient.last(c.send("AUTHENTICATE PLAIN " + good))).contains("OK");
            assertThat(ImapClient.last(c.send("SELECT INBOX"))).contains("OK");
        }
    }

    @Test
    void unselectLeavesDeletedMessagesInPlaceWhereCloseWouldExpungeThem() throws Exception {
        try (ImapClient c = login()) {
            c.send("CREATE Un");
            c.append("Un", "()", MESSAGE);
            c.send("SELECT Un");
            c.send("STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertThat(ImapClient.last(c.send("UNSELECT"))).contains("OK");
            assertThat(all(c.send("STATUS Un (MESSAGES)"))).contains("MESSAGES 1");
            assertThat(ImapClient.last(c.send("FETCH 1 (FLAGS)"))).containsPattern("(NO|BAD).*not valid in this state");
            c.send("SELECT Un");
            c.send("CLOSE");
            assertThat(all(c.send("STATUS Un (MESSAGES)"))).contains("MESSAGES 0");
        }
    }

    @Test
    void appendlimitIsAdvertisedAndAnOverLimitMessageIsRefusedWithToobigBeforeItsOctetsAreSent() throws Exception {
        try (ImapClient c = login()) {
            assertThat(all(c.send("CAPABILITY"))).contains("APPENDLIMIT=" + APPEND_LIMIT);
            c.send("CREATE Big");
            String big = MESSAGE + "x".repeat((int) APPEND_LIMIT);
            List<String> refused = c.append("Big", "()", big);
            assertThat(ImapClient.last(refused)).contains("NO").contains("[TOOBIG]");
            String fits = MESSAGE + "y".repeat((int) APPEND_LIMIT / 2);
            assertThat(ImapClient.last(c.append("Big", "()", fits))).contains("OK");
            assertThat(all(c.send("STATUS Big (MESSAGES)"))).contains("MESSAGES 1");
            assertThat(ImapClient.last(c.send("NOOP"))).contains("OK"); // the connection is still in step
        }
    }
}

package org.mailtxt.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.SubjectTerm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.mailstore.format.SystemFlags;

/**
 * Issue 4 acceptance, real Java client: Eclipse Angus Mail (Jakarta Mail 2) against mailtxt's IMAP server over a plain
 * loopback connection, running the flows a mail client runs, and checking the results both through the client and in
 * the mtx files.
 */
class AngusMailEndToEndTest {
    @TempDir
    Path tmp;
    TestImapServer server;
    Store store;

    @BeforeEach
    void setUp() throws Exception {
        server = TestImapServer.start(tmp.resolve("data"), tmp.resolve("mail"), Map.of("alice", "secret", "bob", "hunter2"));
        store = connect("alice", "secret");
        Folder inbox = store.getFolder("INBOX");
        if (!inbox.exists()) {
            assertThat(inbox.create(Folder.HOLDS_MESSAGES)).isTrue();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private Session session(PrintStream debug) {
        Properties p = new Properties();
        p.setProperty("mail.store.protocol", "imap");
        p.setProperty("mail.imap.host", "127.0.0.1");
        p.setProperty("mail.imap.port", String.valueOf(server.port()));
        p.setProperty("mail.imap.ssl.enable", "false");
        p.setProperty("mail.imap.starttls.enable", "false");
        p.setProperty("mail.imap.connectiontimeout", "5000");
        p.setProperty("mail.imap.timeout", "20000");
        Session s = Session.getInstance(p);
        if (debug != null) {
            s.setDebugOut(debug);
            s.setDebug(true);
        }
        return s;
    }

    private Store connect(String user, String password) throws MessagingException {
        Store s = session(null).getStore("imap");
        s.connect("127.0.0.1", server.port(), user, password);
        return s;
    }

    /** A message with CR LF line ends as a client would send it, including lines mbox would have to escape. */
    private static byte[] rfc822(String subject, String body) {
        return ("From: Bob <bob@example.org>\r\nTo: Alice <alice@example.org>\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replace(' ', '.') + "@mailtxt.test>\r\nX-Mailtxt-Test: yes\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
    }

    private Message parsed(byte[] raw, Flags flags) throws MessagingException {
        MimeMessage m = new MimeMessage(session(null), new ByteArrayInputStream(raw));
        if (flags != null) {
            m.setFlags(flags, true);
        }
        return m;
    }

    private static byte[] rawOf(Message m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var in = ((IMAPMessage) m).getMimeStream()) {
            in.transferTo(out);
        }
        return out.toByteArray();
    }

    /**
     * The decoded body text. Not {@code getContent()}: James's javax.mail 1.6 on the test class path puts its own
     * META-INF/mailcap (com.sun.mail handlers) before Angus's, which Jakarta Activation then fails to cast.
     */
    private static String text(Message m) throws Exception {
        try (var in = m.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private IMAPFolder folder(Store s, String name, int mode) throws MessagingException {
        IMAPFolder f = (IMAPFolder) s.getFolder(name);
        f.open(mode);
        return f;
    }

    @Test
    void aWrongPasswordIsRefusedAndTheRightOneLogsIn() throws Exception {
        assertThatThrownBy(() -> connect("alice", "wrong")).isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> connect("mallory", "secret")).isInstanceOf(AuthenticationFailedException.class);
        Store s = connect("alice", "secret");
        try {
            assertThat(s.isConnected()).isTrue();
        } finally {
            s.close();
        }
    }

    @Test
    void aNewUsersFirstLoginProvisionsInboxAndTheSpecialUseMailboxesAsEmptyMtxFiles() throws Exception {
        // Issue 4: SPECIAL-USE mailboxes (Sent, Drafts, Trash, Junk, Archive) exist for every new user, marked with
        // their RFC 6154 attributes; nothing else (James 3.8.1 alone would make Spam and Outbox).
        Store bob = connect("bob", "hunter2");
        try {
            assertThat(Arrays.stream(bob.getDefaultFolder().list("*")).map(Folder::getFullName))
                    .containsExactlyInAnyOrder("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive");
        } finally {
            bob.close();
        }
        try (RawImap raw = RawImap.login(server.port(), "bob", "hunter2")) {
            String list = raw.command("LIST \"\" \"*\" RETURN (SPECIAL-USE)").all();
            assertThat(list).contains("\\Sent) \".\" \"Sent\"", "\\Drafts) \".\" \"Drafts\"",
                    "\\Trash) \".\" \"Trash\"", "\\Junk) \".\" \"Junk\"", "\\Archive) \".\" \"Archive\"");
            assertThat(raw.command("LSUB \"\" \"*\"").all()).contains("\"Sent\"", "\"Drafts\"", "\"Trash\"",
                    "\"Junk\"", "\"Archive\"");
        }
        Path dir = server.userDir("bob");
        for (String name : java.util.List.of("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive")) {
            assertThat(dir.resolve(name)).as(name).isRegularFile();
            assertThat(Files.size(dir.resolve(name))).isZero();
        }
        assertThat(dir.resolve("Spam")).doesNotExist();
        assertThat(dir.resolve("Outbox")).doesNotExist();
    }

    @Test
    void createdFoldersAreListedAndAreMtxFilesAndDirectoriesInTheUsersMailDirectory() throws Exception {
        Folder root = store.getDefaultFolder();
        char sep = root.getSeparator();
        assertThat(store.getFolder("Outgoing").create(Folder.HOLDS_MESSAGES)).isTrue();
        Folder reports = store.getFolder("Work" + sep + "Reports");
        assertThat(reports.create(Folder.HOLDS_MESSAGES)).isTrue();
        assertThat(store.getFolder("Outgoing").exists()).isTrue();
        assertThat(store.getFolder("Outgoing").create(Folder.HOLDS_MESSAGES)).as("a second CREATE").isFalse();

        assertThat(Arrays.stream(root.list("*")).map(Folder::getFullName))
                .contains("INBOX", "Outgoing", "Work", "Work" + sep + "Reports");
        assertThat(Arrays.stream(root.list("%")).map(Folder::getFullName))
                .contains("INBOX", "Outgoing", "Work").doesNotContain("Work" + sep + "Reports");
        assertThat(Arrays.stream(store.getFolder("Work").list()).map(Folder::getFullName))
                .containsExactly("Work" + sep + "Reports");

        Path alice = server.userDir("alice");
        assertThat(alice.resolve("INBOX")).isRegularFile();
        assertThat(alice.resolve("Outgoing")).isRegularFile();
        assertThat(alice.resolve("Work")).isDirectory();
        assertThat(alice.resolve("Work/Reports")).isRegularFile();
    }

    @Test
    void appendedMessagesComeBackByteForByteWithTheirFlagsHeadersAndBodies() throws Exception {
        byte[] first = rfc822("first", "Hello Alice,\r\nFrom here on, a line mbox would escape.\r\n.\r\n\r\nBye\r\n");
        byte[] second = rfc822("second", "no newline at the end");
        Flags seenAndKeyword = new Flags(Flags.Flag.SEEN);
        seenAndKeyword.add("$Label1");
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        AppendUID[] uids = inbox.appendUIDMessages(new Message[] {parsed(first, seenAndKeyword),
                parsed(second, new Flags(Flags.Flag.FLAGGED))});
        assertThat(uids).hasSize(2).doesNotContainNull();
        assertThat(uids[1].uid).isGreaterThan(uids[0].uid);

        inbox.open(Folder.READ_ONLY);
        try {
            assertThat(inbox.getMessageCount()).isEqualTo(2);
            Message[] msgs = inbox.getMessages();
            FetchProfile fp = new FetchProfile();
            fp.add(FetchProfile.Item.ENVELOPE);
            fp.add(FetchProfile.Item.FLAGS);
            fp.add(FetchProfile.Item.SIZE);
            fp.add(UIDFolder.FetchProfileItem.UID);
            fp.add("X-Mailtxt-Test");
            inbox.fetch(msgs, fp);

            assertThat(inbox.getUID(msgs[0])).isEqualTo(uids[0].uid);
            assertThat(inbox.getUID(msgs[1])).isEqualTo(uids[1].uid);
            assertThat(inbox.getUIDValidity()).isEqualTo(uids[0].uidvalidity);
            assertThat(msgs[0].getSubject()).isEqualTo("first");
            assertThat(msgs[0].getFrom()[0].toString()).isEqualTo("Bob <bob@example.org>");
            assertThat(msgs[0].getHeader("X-Mailtxt-Test")).containsExactly("yes");
            assertThat(msgs[0].getSize()).isEqualTo(first.length);
            assertThat(msgs[1].getSize()).isEqualTo(second.length);
            assertThat(msgs[0].getFlags().contains(Flags.Flag.SEEN)).isTrue();
            assertThat(msgs[0].getFlags().contains("$Label1")).isTrue();
            assertThat(msgs[0].getFlags().contains(Flags.Flag.FLAGGED)).isFalse();
            assertThat(msgs[1].getFlags().contains(Flags.Flag.FLAGGED)).isTrue();
            assertThat(msgs[1].getFlags().contains(Flags.Flag.SEEN)).isFalse();

            assertThat(rawOf(msgs[0])).isEqualTo(first);
            assertThat(rawOf(msgs[1])).isEqualTo(second);
            assertThat(text(msgs[0])).isEqualTo(
                    "Hello Alice,\r\nFrom here on, a line mbox would escape.\r\n.\r\n\r\nBye\r\n");
            assertThat(text(msgs[1])).isEqualTo("no newline at the end");
        } finally {
            inbox.close(false);
        }
        String file = Files.readString(server.userDir("alice").resolve("INBOX"), StandardCharsets.ISO_8859_1);
        assertThat(file).contains(new String(first, StandardCharsets.ISO_8859_1))
                .contains(new String(second, StandardCharsets.ISO_8859_1));
    }

    @Test
    void searchFindsMessagesBySubjectBySystemFlagAndByKeyword() throws Exception {
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        Flags flaggedImportant = new Flags(Flags.Flag.FLAGGED);
        flaggedImportant.add("$Important");
        inbox.appendMessages(new Message[] {parsed(rfc822("quarterly report", "numbers\r\n"), null),
                parsed(rfc822("lunch", "noon?\r\n"), flaggedImportant),
                parsed(rfc822("report draft", "draft\r\n"), new Flags(Flags.Flag.SEEN))});
        inbox.open(Folder.READ_ONLY);
        try {
            assertThat(subjects(inbox.search(new SubjectTerm("report"))))
                    .containsExactlyInAnyOrder("quarterly report", "report draft");
            assertThat(subjects(inbox.search(new FlagTerm(new Flags(Flags.Flag.FLAGGED), true))))
                    .containsExactly("lunch");
            assertThat(subjects(inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))))
                    .containsExactlyInAnyOrder("quarterly report", "lunch");
            assertThat(subjects(inbox.search(new FlagTerm(new Flags("$Important"), true))))
                    .containsExactly("lunch");
            assertThat(subjects(inbox.search(new AndTerm(new SubjectTerm("report"),
                    new FlagTerm(new Flags(Flags.Flag.SEEN), true))))).containsExactly("report draft");
            assertThat(inbox.search(new SubjectTerm("nothing like this"))).isEmpty();
        } finally {
            inbox.close(false);
        }
    }

    private static List<String> subjects(Message[] found) throws MessagingException {
        String[] s = new String[found.length];
        for (int i = 0; i < found.length; i++) {
            s[i] = found[i].getSubject();
        }
        return List.of(s);
    }

    @Test
    void storedFlagsAndKeywordsAreSeenByASecondConnectionAndByTheFilesFlagBits() throws Exception {
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.appendMessages(new Message[] {parsed(rfc822("one", "1\r\n"), null),
                parsed(rfc822("two", "2\r\n"), null)});
        inbox.open(Folder.READ_WRITE);
        long uidOne;
        try {
            Message one = inbox.getMessage(1);
            uidOne = inbox.getUID(one);
            one.setFlag(Flags.Flag.SEEN, true);
            one.setFlag(Flags.Flag.ANSWERED, true);
            inbox.setFlags(new Message[] {one}, new Flags("$Work"), true);
            Message two = inbox.getMessage(2);
            two.setFlag(Flags.Flag.FLAGGED, true);
            two.setFlag(Flags.Flag.FLAGGED, false);
        } finally {
            inbox.close(false);
        }

        Store other = connect("alice", "secret");
        try {
            IMAPFolder seen = folder(other, "INBOX", Folder.READ_ONLY);
            Message one = seen.getMessageByUID(uidOne);
            assertThat(one.getFlags().contains(Flags.Flag.SEEN)).isTrue();
            assertThat(one.getFlags().contains(Flags.Flag.ANSWERED)).isTrue();
            assertThat(one.getFlags().contains("$Work")).isTrue();
            Message two = seen.getMessage(2);
            assertThat(two.getFlags().contains(Flags.Flag.FLAGGED)).isFalse();
            assertThat(two.getFlags().getUserFlags()).isEmpty();
            seen.close(false);
        } finally {
            other.close();
        }
        // mtx keeps the system flags in the header line's last two octal digits, c-client's bits
        List<StoredRecords.Record> records = StoredRecords.read(server.userDir("alice").resolve("INBOX"));
        assertThat(records).hasSize(2);
        assertThat(records.get(0).systemFlags() & (SystemFlags.SEEN | SystemFlags.ANSWERED))
                .isEqualTo(SystemFlags.SEEN | SystemFlags.ANSWERED);
        assertThat(records.get(0).userFlags()).as("one keyword bit").isNotZero();
        assertThat(records.get(1).systemFlags() & SystemFlags.FLAGGED).isZero();
    }

    @Test
    void copyAndMoveTransferMessagesWithTheirFlagsAndExpungeRemovesOnlyDeletedOnes() throws Exception {
        assertThat(((IMAPStore) store).hasCapability("MOVE")).isTrue();
        assertThat(store.getFolder("Keep").create(Folder.HOLDS_MESSAGES)).isTrue();
        assertThat(store.getFolder("Bin").create(Folder.HOLDS_MESSAGES)).isTrue();
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        byte[] keep = rfc822("keep", "stays\r\n");
        byte[] copied = rfc822("copied", "copied to Keep\r\n");
        byte[] moved = rfc822("moved", "moved to Bin\r\n");
        byte[] deleted = rfc822("deleted", "expunged\r\n");
        inbox.appendMessages(new Message[] {parsed(keep, null), parsed(copied, new Flags(Flags.Flag.FLAGGED)),
                parsed(moved, new Flags(Flags.Flag.SEEN)), parsed(deleted, null)});

        inbox.open(Folder.READ_WRITE);
        try {
            Message[] msgs = inbox.getMessages();
            AppendUID[] copies = inbox.copyUIDMessages(new Message[] {msgs[1]}, store.getFolder("Keep"));
            assertThat(copies).hasSize(1).doesNotContainNull();
            AppendUID[] moves = inbox.moveUIDMessages(new Message[] {msgs[2]}, store.getFolder("Bin"));
            assertThat(moves).hasSize(1).doesNotContainNull();
            assertThat(msgs[2].isExpunged()).as("MOVE's untagged EXPUNGE reached the client").isTrue();

            assertThat(msgs[3].getSubject()).isEqualTo("deleted");
            msgs[3].setFlag(Flags.Flag.DELETED, true);
            // Angus also returns the messages its earlier MOVE expunged
            assertThat(inbox.expunge()).contains(msgs[3]).doesNotContain(msgs[0], msgs[1]);
            assertThat(msgs[3].isExpunged()).isTrue();
        } finally {
            inbox.close(false);
        }
        inbox.open(Folder.READ_ONLY);
        try {
            assertThat(subjects(inbox.getMessages())).containsExactly("keep", "copied");
        } finally {
            inbox.close(false);
        }

        IMAPFolder keepFolder = folder(store, "Keep", Folder.READ_ONLY);
        try {
            assertThat(keepFolder.getMessageCount()).isEqualTo(1);
            assertThat(rawOf(keepFolder.getMessage(1))).isEqualTo(copied);
            assertThat(keepFolder.getMessage(1).getFlags().contains(Flags.Flag.FLAGGED)).isTrue();
        } finally {
            keepFolder.close(false);
        }
        IMAPFolder bin = folder(store, "Bin", Folder.READ_ONLY);
        try {
            assertThat(bin.getMessageCount()).isEqualTo(1);
            assertThat(rawOf(bin.getMessage(1))).isEqualTo(moved);
            assertThat(bin.getMessage(1).getFlags().contains(Flags.Flag.SEEN)).isTrue();
        } finally {
            bin.close(false);
        }
        Path alice = server.userDir("alice");
        assertThat(StoredRecords.read(alice.resolve("INBOX"))).extracting(StoredRecords.Record::messageId)
                .containsExactly("<keep@mailtxt.test>", "<copied@mailtxt.test>");
        assertThat(StoredRecords.read(alice.resolve("Keep"))).extracting(StoredRecords.Record::messageId)
                .containsExactly("<copied@mailtxt.test>");
        assertThat(StoredRecords.read(alice.resolve("Bin"))).extracting(StoredRecords.Record::messageId)
                .containsExactly("<moved@mailtxt.test>");
    }

    @Test
    void anIdlingClientIsToldOfAMessageAppendedByASecondConnection() throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        Store idler = session(new PrintStream(trace, true, StandardCharsets.UTF_8)).getStore("imap");
        idler.connect("127.0.0.1", server.port(), "alice", "secret");
        IMAPFolder inbox = folder(idler, "INBOX", Folder.READ_WRITE);
        CountDownLatch added = new CountDownLatch(1);
        AtomicReference<Message> news = new AtomicReference<>();
        inbox.addMessageCountListener(new MessageCountAdapter() {
            @Override
            public void messagesAdded(MessageCountEvent e) {
                news.set(e.getMessages()[0]);
                added.countDown();
            }
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread idle = new Thread(() -> {
            try {
                inbox.idle(true);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "angus-idle");
        idle.start();
        try {
            Await.until(Duration.ofSeconds(10), () -> trace.toString(StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT).contains("+ idling"),
                    "the server to accept IDLE");
            store.getFolder("INBOX").appendMessages(new Message[] {parsed(rfc822("while idle", "ping\r\n"), null)});
            assertThat(added.await(5, TimeUnit.SECONDS)).as("messagesAdded during IDLE").isTrue();
            idle.join(5_000);
            assertThat(idle.isAlive()).isFalse();
            assertThat(failure.get()).isNull();
            assertThat(news.get().getSubject()).isEqualTo("while idle");
            assertThat(inbox.getMessageCount()).isEqualTo(1);
        } finally {
            inbox.close(false);
            idler.close();
            idle.join(5_000);
        }
    }
}

package org.mailtxt.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mailtxt.imap.config.TlsKeystore;
import org.mailtxt.imap.server.ImapStack;
import org.mailtxt.imap.tls.SelfSignedKeystore;

/**
 * Issue 4 acceptance, real Java client over TLS: Angus Mail runs a mail client's whole session (login, list, create,
 * append, fetch, search, store, copy, move, expunge, IDLE) over STARTTLS on the plain port and over implicit TLS on
 * the IMAPS port. The client trusts only the server's generated self-signed certificate (loaded from the server's
 * keystore) and checks the server's identity against it: a real handshake, no trust-all shortcut. Without TLS the
 * same server refuses to log in.
 */
class AngusMailOverTlsTest {
    enum Transport { STARTTLS, IMPLICIT_TLS }

    @TempDir
    Path tmp;
    TestImapServer server;
    SSLSocketFactory trusting;

    @BeforeEach
    void setUp() throws Exception {
        TlsKeystore ks = SelfSignedKeystore.generate(tmp.resolve("tls/keystore.p12"),
                tmp.resolve("tls/keystore.p12.password"), Optional.empty());
        server = TestImapServer.startWithTls(tmp.resolve("data"), tmp.resolve("mail"), Map.of("alice", "secret"),
                new ImapStack.Tls(ks.keystore(), ks.secret()));
        KeyStore trust = KeyStore.getInstance(TlsKeystore.TYPE);
        try (InputStream in = Files.newInputStream(ks.keystore())) {
            trust.load(in, ks.secret().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        trusting = ctx.getSocketFactory();
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
    }

    private Store connect(Transport t, String user, String password) throws MessagingException {
        return connect(t, user, password, null);
    }

    private Store connect(Transport t, String user, String password, PrintStream trace) throws MessagingException {
        Properties p = new Properties();
        String protocol = t == Transport.IMPLICIT_TLS ? "imaps" : "imap";
        p.setProperty("mail.store.protocol", protocol);
        p.setProperty("mail." + protocol + ".connectiontimeout", "5000");
        p.setProperty("mail." + protocol + ".timeout", "20000");
        p.setProperty("mail." + protocol + ".ssl.checkserveridentity", "true");
        p.put("mail." + protocol + ".ssl.socketFactory", trusting);
        if (t == Transport.STARTTLS) {
            p.setProperty("mail.imap.starttls.enable", "true");
            p.setProperty("mail.imap.starttls.required", "true");
        }
        Session session = Session.getInstance(p);
        if (trace != null) {
            session.setDebugOut(trace);
            session.setDebug(true);
        }
        Store s = session.getStore(protocol);
        s.connect("127.0.0.1", t == Transport.IMPLICIT_TLS ? server.tlsPort() : server.port(), user, password);
        return s;
    }

    private static Message message(Session session, String subject, String body) throws MessagingException {
        byte[] raw = ("From: Bob <bob@example.org>\r\nTo: Alice <alice@example.org>\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replace(' ', '.') + "@mailtxt.test>\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
        return new MimeMessage(session, new ByteArrayInputStream(raw));
    }

    private static String body(Message m) throws Exception {
        try (InputStream in = m.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aWholeMailClientSessionRunsOverTls(Transport transport) throws Exception {
        assertThatThrownBy(() -> connect(transport, "alice", "wrong")).isInstanceOf(AuthenticationFailedException.class);
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        Store store = connect(transport, "alice", "secret", new PrintStream(trace, true, StandardCharsets.UTF_8));
        Store second = connect(transport, "alice", "secret");
        try {
            assertThat(((IMAPStore) store).hasCapability("STARTTLS")).isFalse(); // encrypted: no second STARTTLS
            Session session = Session.getInstance(new Properties());
            Folder inbox = store.getFolder("INBOX");
            assertThat(Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName))
                    .contains("INBOX", "Sent", "Drafts", "Trash");
            Folder work = store.getFolder("Work");
            assertThat(work.create(Folder.HOLDS_MESSAGES)).isTrue();
            assertThat(Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName)).contains("Work");

            inbox.appendMessages(new Message[] {message(session, "first over tls", "one\r\n"),
                message(session, "second over tls", "two\r\n"), message(session, "third over tls", "three\r\n")});
            IMAPFolder in = (IMAPFolder) store.getFolder("INBOX");
            in.open(Folder.READ_WRITE);
            assertThat(in.getMessageCount()).isEqualTo(3);
            assertThat(body(in.getMessage(2))).isEqualTo("two\r\n");
            Message[] found = in.search(new SubjectTerm("third"));
            assertThat(found).hasSize(1);
            assertThat(in.getUID(found[0])).isEqualTo(3);

            in.setFlags(new int[] {1}, new Flags(Flags.Flag.FLAGGED), true);
            IMAPFolder seenBySecond = (IMAPFolder) second.getFolder("INBOX");
            seenBySecond.open(Folder.READ_ONLY);
            assertThat(seenBySecond.getMessage(1).isSet(Flags.Flag.FLAGGED)).isTrue();
            seenBySecond.close(false);

            Message first = in.getMessage(1);
            Message secondMessage = in.getMessage(2);
            in.copyMessages(new Message[] {first}, work);
            in.moveMessages(new Message[] {secondMessage}, work);
            assertThat(secondMessage.isExpunged()).as("MOVE's untagged EXPUNGE reached the client").isTrue();
            first.setFlag(Flags.Flag.DELETED, true);
            // Angus keeps expunged messages counted until expunge(), which also returns the one MOVE expunged
            assertThat(in.expunge()).containsExactlyInAnyOrder(first, secondMessage);
            assertThat(in.getMessageCount()).isEqualTo(1);
            assertThat(in.getMessage(1).getSubject()).isEqualTo("third over tls");

            work.open(Folder.READ_ONLY);
            assertThat(Arrays.stream(work.getMessages()).map(m -> {
                try {
                    return m.getSubject();
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            })).containsExactly("first over tls", "second over tls");
            assertThat(work.getMessage(1).isSet(Flags.Flag.FLAGGED)).isTrue();
            work.close(false);

            // IDLE over TLS: a message appended through the second connection is pushed to the idling one.
            CountDownLatch added = new CountDownLatch(1);
            AtomicReference<String> subject = new AtomicReference<>();
            in.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    try {
                        subject.set(e.getMessages()[0].getSubject());
                    } catch (MessagingException ex) {
                        subject.set(ex.toString());
                    }
                    added.countDown();
                }
            });
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread idle = new Thread(() -> {
                try {
                    in.idle(true);
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "angus-idle-" + transport);
            idle.start();
            Await.until(java.time.Duration.ofSeconds(10), () -> trace.toString(StandardCharsets.UTF_8)
                    .toLowerCase(java.util.Locale.ROOT).contains("+ idling"), "the server to accept IDLE");
            second.getFolder("INBOX").appendMessages(new Message[] {message(session, "while idle", "ping\r\n")});
            assertThat(added.await(10, TimeUnit.SECONDS)).as("messagesAdded while idling over " + transport).isTrue();
            idle.join(10_000);
            assertThat(failure.get()).isNull();
            assertThat(subject.get()).isEqualTo("while idle");
            in.close(false);
        } finally {
            second.close();
            store.close();
        }
    }

    @Test
    void withoutTlsTheServerRefusesToLogIn() throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.imap.starttls.enable", "false");
        p.setProperty("mail.imap.connectiontimeout", "5000");
        p.setProperty("mail.imap.timeout", "20000");
        Store s = Session.getInstance(p).getStore("imap");
        assertThatThrownBy(() -> s.connect("127.0.0.1", server.port(), "alice", "secret"))
                .isInstanceOf(MessagingException.class);
        assertThat(s.isConnected()).isFalse();
    }
}

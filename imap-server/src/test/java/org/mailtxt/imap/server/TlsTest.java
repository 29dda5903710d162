package org.mailtxt.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.imap.config.TlsKeystore;
import org.mailtxt.imap.mailbox.MailboxLayout;
import org.mailtxt.imap.tls.SelfSignedKeystore;
import org.mailtxt.mailstore.MailStore;
import org.mailtxt.mailstore.MailStoreConfig;
import org.mailtxt.mailstore.format.MailboxFormat;

/** STARTTLS on the plain port and implicit TLS on the IMAPS port, with the generated self-signed certificate. */
class TlsTest {
    @TempDir
    Path dir;
    MailStore store;
    ImapStack server;

    @BeforeEach
    void start() throws Exception {
        TlsKeystore ks = SelfSignedKeystore.generate(dir.resolve("tls/keystore.p12"), dir.resolve("tls/keystore.p12.password"),
                Optional.empty());
        Path locks = Files.createDirectories(dir.resolve("locks"));
        store = MailStore.open(MailStoreConfig.defaults(dir.resolve("data")).withLockDirectory(locks));
        server = new ImapStack(ImapStack.Settings.builder()
                .tls(new ImapStack.Tls(ks.keystore(), ks.secret())).plainAuthWithoutTls(false).build(),
                store, new MailboxLayout(dir.resolve("mail")), MailboxFormat.MTX,
                (user, password) -> user.asString().equals("alice") && password.toString().equals("secret"));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        store.close();
    }

    static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] c, String a) { }
            @Override public void checkServerTrusted(X509Certificate[] c, String a) { }
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        return ctx;
    }

    static List<String> send(BufferedReader in, OutputStream out, String tag, String command) throws Exception {
        out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        List<String> lines = new ArrayList<>();
        String l;
        while ((l = in.readLine()) != null) {
            lines.add(l);
            if (l.startsWith(tag + " ")) {
                break;
            }
        }
        return lines;
    }

    @Test
    void plaintextLoginIsDisabledUntilStarttlsAndWorksAfterIt() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", server.port())) {
            plain.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = plain.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");
            String caps = String.join(" ", send(in, out, "a1", "CAPABILITY"));
            assertThat(caps).contains("STARTTLS").contains("LOGINDISABLED").doesNotContain("AUTH=PLAIN");
            assertThat(send(in, out, "a2", "LOGIN alice secret").get(0)).contains("NO");
            assertThat(send(in, out, "a3", "STARTTLS").get(0)).startsWith("a3 OK");
            try (SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, "localhost",
                    server.port(), true)) {
                tls.startHandshake();
                BufferedReader tin = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream tout = tls.getOutputStream();
                assertThat(String.join(" ", send(tin, tout, "b1", "CAPABILITY"))).contains("AUTH=PLAIN")
                        .doesNotContain("LOGINDISABLED");
                assertThat(send(tin, tout, "b2", "LOGIN alice secret").get(0)).contains("b2 OK");
                assertThat(tls.getSession().getPeerCertificates()[0].toString()).contains("localhost");
            }
        }
    }

    @Test
    void implicitTlsServesLoginOnTheImapsPort() throws Exception {
        try (SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket("127.0.0.1", server.tlsPort())) {
            tls.setSoTimeout(20_000);
            tls.startHandshake();
            BufferedReader in = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = tls.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");
            assertThat(send(in, out, "a1", "LOGIN alice secret").get(0)).contains("a1 OK");
            assertThat(String.join("\n", send(in, out, "a2", "LIST \"\" *"))).contains("INBOX");
        }
    }
}

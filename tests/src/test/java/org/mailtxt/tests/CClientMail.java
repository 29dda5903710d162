package org.mailtxt.tests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The c-client mail tools as the interop tests of the mailstore use them: {@code mailutil}, {@code dmail} (as the
 * c-client user) and {@code tmail} (as root, delivering to the user's INBOX), on files under {@link CClient#work}.
 * Outputs are returned for assertions, since mailutil's exit status is not reliable (spec/c-client-locking.md §9).
 */
final class CClientMail {
    private final CClient cc;

    CClientMail(CClient cc) {
        this.cc = cc;
    }

    /** {@code mailutil ARGS…} as the user; stdout and stderr together. */
    String mailutil(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mailutil"));
        cmd.addAll(List.of(args));
        return cc.runAsUser(cmd.toArray(String[]::new));
    }

    /** {@code dmail [OPTIONS…] +FOLDER < message} as the user. */
    String dmail(String folder, byte[] message, String... options) throws IOException, InterruptedException {
        Path msg = messageFile(message);
        StringBuilder cmd = new StringBuilder("dmail");
        for (String o : options) {
            cmd.append(' ').append(quote(o));
        }
        cmd.append(" +").append(quote(folder)).append(" < ").append(quote(msg.toString()));
        return cc.runAsUser("sh", "-c", cmd.toString());
    }

    /** {@code tmail USER < message} as root: delivers to the user's INBOX (spec §6 item 5). */
    String tmailAsRoot(byte[] message) throws IOException, InterruptedException {
        Path msg = messageFile(message);
        return CClient.run(List.of("sh", "-c", "tmail " + quote(cc.user) + " < " + quote(msg.toString())));
    }

    /** Copies a test resource into the work directory, owned by the user; returns the file. */
    Path resource(String name) throws IOException, InterruptedException {
        Path target = cc.work.resolve(name);
        try (InputStream in = CClientMail.class.getResourceAsStream("/cclient/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /cclient/" + name);
            }
            Files.copy(in, target);
        }
        cc.chown(target);
        return target;
    }

    /** Writes bytes to a new file in the work directory, owned by the user. */
    Path messageFile(byte[] message) throws IOException, InterruptedException {
        Path msg = cc.work.resolve("msg-" + UUID.randomUUID() + ".eml");
        Files.write(msg, message);
        cc.chown(msg);
        return msg;
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** A small message with CR LF newlines and the given Message-ID and subject. */
    static byte[] message(String messageId, String subject, String body) {
        return ("From: sender@example.org\r\nTo: mt@example.org\r\nSubject: " + subject + "\r\nMessage-ID: "
                + messageId + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }
}

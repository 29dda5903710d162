package org.mailtxt.tests.load;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the messages the load appends: plain-text RFC 5322 messages with CRLF line ends, a Message-ID unique to the
 * run ({@code <run.cN.K@load.mailtxt.test>}), and a body of 1–16 KiB (most near 3 KiB) of words. No body line starts
 * with "From " so that an mbox server stores the octets without escaping them (sizes stay comparable). Thread-safe.
 */
final class MessageMaker {
    private static final String[] WORDS = {"lorem", "ipsum", "dolor", "sit", "amet", "mailbox", "tenex", "mtx",
        "client", "server", "append", "fetch", "search", "store", "expunge", "idle", "quarterly", "report", "meeting",
        "budget", "invoice", "holiday", "schedule", "review", "draft", "release", "notes", "agenda"};
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.ROOT);

    /** A message and its Message-ID. */
    record Message(String messageId, byte[] bytes) {
    }

    private final String run;
    private final AtomicLong sequence = new AtomicLong();
    private final String date = ZonedDateTime.now().format(DATE);

    MessageMaker(String run) {
        this.run = run;
    }

    Message next(int client, SplittableRandom random) {
        String messageId = "<" + run + ".c" + client + "." + sequence.incrementAndGet() + "@load.mailtxt.test>";
        int target = Math.min(16 * 1024, 1024 + (int) (-Math.log(1 - random.nextDouble()) * 2048));
        StringBuilder sb = new StringBuilder(target + 512);
        sb.append("From: Load Client ").append(client).append(" <client").append(client).append("@load.mailtxt.test>\r\n")
                .append("To: user@load.mailtxt.test\r\n")
                .append("Subject: ").append(word(random)).append(' ').append(word(random)).append(" #")
                .append(sequence.get()).append("\r\n")
                .append("Date: ").append(date).append("\r\n")
                .append("Message-ID: ").append(messageId).append("\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
        while (sb.length() < target) {
            int lineStart = sb.length();
            while (sb.length() - lineStart < 66) {
                sb.append(word(random)).append(' ');
            }
            sb.setLength(sb.length() - 1);
            sb.append("\r\n");
        }
        return new Message(messageId, sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static String word(SplittableRandom random) {
        return WORDS[random.nextInt(WORDS.length)];
    }
}

package org.mailtxt.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.mailstore.MailStore;
import org.mailtxt.mailstore.MailStoreConfig;
import org.mailtxt.mailstore.MessageInfo;
import org.mailtxt.mailstore.OpenMailbox;
import org.mailtxt.mailstore.format.MailboxFormat;

/**
 * Issue 3's crash test: a child JVM appending, changing flags and expunging is killed with SIGKILL at a random
 * instant; then mailtxt reopens the mailbox (finishing any interrupted expunge from its journal, quarantining a torn
 * tail), and every acknowledged message that was not being expunged is there exactly once and intact, with the UID it
 * was given, and c-client's {@code mailutil check} opens the file without error. Trials: {@code -Dmailtxt.crash.trials}
 * (default 12; the nightly profile runs 200). The seed of every trial is printed so that a failure can be replayed.
 */
class CrashTest {
    @TempDir
    Path temp;
    CClient cc;

    @BeforeEach
    void setUp() throws Exception {
        cc = CClient.require();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (cc != null) {
            cc.close();
        }
    }

    @Test
    void killingTheWriterAtRandomInstantsLosesNoAcknowledgedMessageAndLeavesAFileCClientOpens() throws Exception {
        int trials = Integer.getInteger("mailtxt.crash.trials", 12);
        long base = Long.getLong("mailtxt.crash.seed", System.nanoTime() % 100_000);
        for (int t = 0; t < trials; t++) {
            long seed = base + t;
            MailboxFormat format = t % 2 == 0 ? MailboxFormat.MTX : MailboxFormat.TENEX;
            trial(seed, format);
        }
    }

    private void trial(long seed, MailboxFormat format) throws Exception {
        String what = "trial seed " + seed + " (" + format + "), replay with -Dmailtxt.crash.seed=" + seed
                + " -Dmailtxt.crash.trials=1";
        Path box = cc.work.resolve("crash-" + seed);
        Path data = temp.resolve("data-" + seed);
        try (MailStore s = MailStore.open(MailStoreConfig.defaults(data))) {
            s.create(box, format);
        }
        cc.chown(box);
        Random rnd = new Random(seed);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, CrashWorkload.class.getName(), box.toString(), data.toString(), Long.toString(seed))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, Long> acknowledged = new HashMap<>();
        Map<Long, String> idOfUid = new HashMap<>();
        Set<Long> beingExpunged = new HashSet<>();
        Set<Long> expunged = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.US_ASCII))) {
            assertThat(out.readLine()).as(what).isEqualTo("READY");
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50 + rnd.nextInt(700));
            Thread killer = new Thread(() -> {
                while (System.nanoTime() < killAt) {
                    Thread.onSpinWait();
                }
                child.toHandle().destroyForcibly(); // SIGKILL, without closing our end of its stdout
            });
            killer.start();
            List<Long> pending = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null) {
                String[] w = line.split(" ");
                switch (w[0]) {
                    case "APPENDED" -> {
                        acknowledged.put(w[2], Long.parseLong(w[1]));
                        idOfUid.put(Long.parseLong(w[1]), w[2]);
                    }
                    case "EXPUNGING" -> {
                        pending.clear();
                        for (int i = 1; i < w.length; i++) {
                            pending.add(Long.parseLong(w[i]));
                        }
                        beingExpunged.addAll(pending);
                    }
                    case "EXPUNGED" -> expunged.addAll(pending);
                    default -> { }
                }
            }
            killer.join();
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        try (MailStore s = MailStore.open(MailStoreConfig.defaults(data)); OpenMailbox m = s.open(box, false)) {
            Map<String, Integer> seen = new HashMap<>();
            for (MessageInfo info : m.messages()) {
                String text = new String(m.content(info.uid()), StandardCharsets.US_ASCII);
                String id = text.substring(text.indexOf("Subject: ") + 9, text.indexOf("\r\n", text.indexOf("Subject: ")));
                assertThat(m.content(info.uid())).as(what + ": message " + id + " intact")
                        .isEqualTo(CrashWorkload.message(id));
                seen.merge(id, 1, Integer::sum);
                Long ackUid = acknowledged.get(id);
                if (ackUid != null) {
                    assertThat(info.uid()).as(what + ": UID of " + id + " unchanged").isEqualTo(ackUid);
                    assertThat(expunged).as(what + ": " + id + " was expunged").doesNotContain(ackUid);
                }
            }
            assertThat(seen.values()).as(what + ": no duplicates").allMatch(n -> n == 1);
            for (Map.Entry<String, Long> e : acknowledged.entrySet()) {
                if (!beingExpunged.contains(e.getValue())) {
                    assertThat(seen).as(what + ": acknowledged " + e.getKey() + " survives").containsKey(e.getKey());
                }
            }
        }
        if (Files.size(box) == 0) {
            Files.delete(box); // everything expunged: c-client sees an empty non-INBOX file as no mailbox (§7.1)
            return;
        }
        String check = cc.runAsUser("mailutil", "check", cc.nameOf(box));
        assertThat(check).as(what + ": mailutil check").contains("total in " + cc.nameOf(box))
                .doesNotContain("runs past", "Unable to parse", "shrank");
        Files.deleteIfExists(box);
    }
}

package org.mailtxt.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mailtxt.mailstore.AppendRequest;
import org.mailtxt.mailstore.MessageInfo;
import org.mailtxt.mailstore.OpenMailbox;
import org.mailtxt.mailstore.format.MailboxFormat;

/**
 * Issue 3 acceptance, c-client side, under load: mailtxt's threads and c-client's appenders (dmail and mailutil,
 * each a loop of separate processes) append to one mailbox at the same time. c-client and mailtxt serialise appends
 * on the parse/append lock (spec/c-client-locking.md §4.4), so every message must land exactly once, whole, with
 * UIDs that only grow, and c-client must still read the file.
 */
class MailstoreConcurrentInteropTest extends CClientStoreTest {
    static final int THREADS = 20;
    static final int PER_THREAD = 15;
    static final int DMAILS = 100;
    static final int MBOX_FILES = 50;
    static final int PER_MBOX = 2;


    @Test
    void twentyMailtxtThreadsAndTwoCClientAppendersLoseAndDuplicateNothing() throws Exception {
        Path box = cc.work.resolve("busy.mtx");
        String name = cc.nameOf(box);
        store.create(box, MailboxFormat.MTX);
        cc.chown(box);
        List<String> expectedIds = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<String, Long> mailtxtUids = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> announced = new ConcurrentLinkedQueue<>();
        try (OpenMailbox m = store.open(box, false)) {
            // dmail would write mbox into an empty non-INBOX file (format doc §7.1)
            m.append(List.of(AppendRequest.of(CClientMail.message("<seed@mailtxt.test>", "seed", "x\r\n"))));
            expectedIds.add("<seed@mailtxt.test>");
            m.addListener(c -> c.added().forEach(i -> announced.add(i.uid())));

            expectedIds.addAll(writeMboxSources());
            for (int i = 1; i <= DMAILS; i++) {
                expectedIds.add("<dmail-" + i + "@cc.test>");
            }
            String msg = cc.nameOf(cc.work) + "/dmail.eml";
            Process dmails = cc.startAsUser("bash", "-c", "for i in $(seq 1 " + DMAILS + "); do printf "
                    + "'From: a@example.org\\nSubject: dmail %d\\nMessage-ID: <dmail-%d@cc.test>\\n\\nbody %d\\n' "
                    + "$i $i $i > " + msg + "; out=$(dmail +" + CClientMail.quote(name) + " < " + msg + " 2>&1) || "
                    + "echo \"dmail $i failed: $(echo $out)\"; done; echo finished");
            Process mailutils = cc.startAsUser("bash", "-c", "for f in " + cc.nameOf(cc.work) + "/src-*.mbox; do "
                    + "out=$(mailutil append \"$f\" " + CClientMail.quote("#driver.mtx/" + name) + " 2>&1); "
                    + "[ -n \"$out\" ] && echo \"mailutil $f failed: $(echo $out)\"; done; echo finished");
            try {
                appendConcurrently(m, mailtxtUids, expectedIds);
                for (Process p : List.of(dmails, mailutils)) {
                    List<String> lines = outputOf(p).get(40, TimeUnit.SECONDS).strip().lines().toList();
                    assertThat(lines).as("c-client appender output").last().isEqualTo("finished");
                    failures.addAll(lines.subList(0, lines.size() - 1));
                }
            } finally {
                for (Process p : List.of(dmails, mailutils)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            }
            // What c-client could not deliver is not in the file (it truncates back, §9.1); account for it exactly,
            // check everything else, and fail on the refusals last, so that one run tells all.
            expectedIds.removeAll(idsOf(failures));

            m.check();
            List<MessageInfo> all = m.messages();
            assertThat(all).hasSize(expectedIds.size());
            List<Long> uids = all.stream().map(MessageInfo::uid).toList();
            for (int i = 1; i < uids.size(); i++) {
                assertThat(uids.get(i)).as("UID at position %d", i + 1).isGreaterThan(uids.get(i - 1));
            }
            Map<String, List<Long>> byId = new TreeMap<>();
            for (MessageInfo i : all) {
                byId.computeIfAbsent(StoredRecords.messageIdOf(m.content(i.uid())), k -> new ArrayList<>())
                        .add(i.uid());
            }
            assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(expectedIds);
            assertThat(byId).allSatisfy((id, list) -> assertThat(list).as(id).hasSize(1));
            assertThat(mailtxtUids).hasSize(THREADS * PER_THREAD)
                    .allSatisfy((id, uid) -> assertThat(byId.get(id)).as(id).containsExactly(uid));
            assertThat(announced).as("every new message announced to the listener once")
                    .containsExactlyInAnyOrderElementsOf(uids.subList(1, uids.size()));
        }
        int total = expectedIds.size();
        assertThat(tools.mailutil("check", name).strip())
                .isEqualTo(total + " new message(s) (" + total + " unseen), " + total + " total in " + name);
        List<StoredRecords.Record> stored = StoredRecords.read(box);
        assertThat(stored).hasSize(total);
        assertThat(stored.stream().map(StoredRecords.Record::messageId)
                .collect(Collectors.toMap(Function.identity(), x -> 1, Integer::sum)))
                .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(failures).as("c-client deliveries refused while mailtxt appended (e.g. 'Unable to lock append"
                + " mailbox': a parse-lock file of mailtxt's that c-client cannot open, spec §2.2 step 3)").isEmpty();
    }

    /** The Message-IDs of the messages c-client reported as not delivered. */
    private static List<String> idsOf(List<String> failures) {
        List<String> ids = new ArrayList<>();
        for (String line : failures) {
            Matcher d = Pattern.compile("^dmail (\\d+) failed").matcher(line);
            Matcher u = Pattern.compile("^mailutil \\S*src-(\\d+)\\.mbox failed").matcher(line);
            if (d.find()) {
                ids.add("<dmail-" + d.group(1) + "@cc.test>");
            } else if (u.find()) {
                for (int k = 0; k < PER_MBOX; k++) {
                    ids.add("<mailutil-" + Integer.parseInt(u.group(1)) + "-" + k + "@cc.test>");
                }
            } else {
                throw new AssertionError("unexpected c-client output: " + line);
            }
        }
        return ids;
    }

    /** {@link #THREADS} threads of mailtxt, each appending {@link #PER_THREAD} messages one by one, all at once. */
    private static void appendConcurrently(OpenMailbox m, Map<String, Long> uids, List<String> expectedIds)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int k = 0; k < PER_THREAD; k++) {
                        String id = "<mailtxt-" + thread + "-" + k + "@mailtxt.test>";
                        long uid = m.append(List.of(AppendRequest.of(CClientMail.message(id, "thread " + thread,
                                "k=" + k + "\r\n")))).uids().get(0);
                        uids.put(id, uid);
                    }
                    return null;
                }));
                for (int k = 0; k < PER_THREAD; k++) {
                    expectedIds.add("<mailtxt-" + t + "-" + k + "@mailtxt.test>");
                }
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(40, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** mbox sources for mailutil append: {@link #MBOX_FILES} files of {@link #PER_MBOX} messages; their IDs. */
    private List<String> writeMboxSources() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int f = 0; f < MBOX_FILES; f++) {
            StringBuilder mbox = new StringBuilder();
            for (int k = 0; k < PER_MBOX; k++) {
                String id = "<mailutil-" + f + "-" + k + "@cc.test>";
                ids.add(id);
                mbox.append("From b@example.org Thu Jan  4 10:00:00 2024 +0000\n")
                        .append("From: b@example.org\nSubject: mailutil ").append(f).append('-').append(k)
                        .append("\nMessage-ID: ").append(id).append("\n\nbody\n\n");
            }
            Path src = cc.work.resolve(String.format("src-%03d.mbox", f));
            Files.writeString(src, mbox, StandardCharsets.US_ASCII);
            cc.chown(src);
        }
        return ids;
    }

    private static CompletableFuture<String> outputOf(Process p) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(40, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return out + "\n(timed out)";
                }
                return out;
            } catch (Exception e) {
                p.destroyForcibly();
                return "failed: " + e;
            }
        });
    }
}

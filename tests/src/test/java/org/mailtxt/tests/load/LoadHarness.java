package org.mailtxt.tests.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The IMAP load harness (TESTING.md rung 7): N concurrent raw-socket clients drive any IMAP server through a weighted
 * mix of APPEND, SELECT, FETCH (headers, full body), SEARCH, STORE and EXPUNGE for a bounded time and/or command
 * count, one more session IDLEs and counts the EXISTS pushed to it, and at the end every mailbox is fetched and
 * accounted for by Message-ID ({@link Ledger}). Prints commands/s and latency percentiles per command; exits 1 if the
 * accounting fails, a command failed (NO, BAD, no reply within --timeout) or a client died. A benchmark, not a test: run it with {@code bench/imap-load.sh} or by hand,
 * e.g. {@code --host 127.0.0.1 --port 1143 --user u --password p --clients 8 --duration 30s}.
 */
@Command(name = "imap-load", mixinStandardHelpOptions = true, description = "IMAP load and correctness harness")
public final class LoadHarness implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1") String host;
    @Option(names = "--port", required = true) int port;
    @Option(names = "--user", required = true) String user;
    @Option(names = "--password", required = true) String password;
    @Option(names = "--clients", defaultValue = "8") int clients;
    @Option(names = "--mailboxes", defaultValue = "2", description = "mailboxes shared by the clients (client i uses i mod M)")
    int mailboxes;
    @Option(names = "--duration", defaultValue = "30s", description = "measured time, e.g. 30s, 2m, 500ms")
    String duration;
    @Option(names = "--warmup", defaultValue = "0s", description = "load before measuring (not recorded)")
    String warmup;
    @Option(names = "--max-commands", defaultValue = "" + Long.MAX_VALUE, description = "stop after this many operations in all")
    long maxCommands;
    @Option(names = "--mix", defaultValue = "append=2,select=1,fetch-headers=5,fetch-body=3,search=2,store=3,expunge=1")
    String mix;
    @Option(names = "--preload", defaultValue = "50", description = "messages each client appends before the run (untimed)")
    int preload;
    @Option(names = "--idle", defaultValue = "true", negatable = true) boolean idle;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--timeout", defaultValue = "60s", description = "socket read timeout per command") String timeout;
    @Option(names = "--label", defaultValue = "server") String label;
    @Option(names = "--report", description = "write the figures as TSV to this file") Path report;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadHarness()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Mix weights = new Mix(mix);
        LoadClient.Target target = new LoadClient.Target(host, port, user, password,
                (int) parse(timeout).toMillis());
        String run = "r" + Long.toString(System.currentTimeMillis(), 36);
        List<String> boxes = createMailboxes(target, run);
        Ledger ledger = new Ledger();
        MessageMaker maker = new MessageMaker(run);
        AtomicLong budget = new AtomicLong(maxCommands);
        long warmupNanos = parse(warmup).toNanos();
        long measureNanos = parse(duration).toNanos();
        long[] measureStart = {Long.MAX_VALUE};
        long[] stopAt = {Long.MAX_VALUE};
        List<LoadClient> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            workers.add(new LoadClient(target, i, boxes.get(i % boxes.size()), weights, ledger, maker, budget,
                    () -> System.nanoTime() < stopAt[0], () -> System.nanoTime() >= measureStart[0], seed * 1000 + i));
        }
        System.out.printf("%s: %d clients on %d mailboxes (%s), mix %s, preload %d each, warm-up %s, %s%n", label,
                clients, boxes.size(), run, weights, preload, warmup, duration);
        for (LoadClient w : workers) {
            w.prepare(preload);
        }
        IdleWatcher watcher = idle ? new IdleWatcher(target, boxes.get(0)) : null;
        Thread idleThread = watcher == null ? null : start(new Thread(watcher, "idle"));
        long t0 = System.nanoTime();
        measureStart[0] = t0 + warmupNanos;
        stopAt[0] = measureStart[0] + measureNanos;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            threads.add(start(new Thread(workers.get(i), "client-" + i)));
        }
        for (Thread t : threads) {
            t.join();
        }
        long end = Math.min(System.nanoTime(), stopAt[0]);
        double seconds = Math.max(1e-3, (end - Math.min(measureStart[0], end)) / 1e9);
        if (watcher != null) {
            watcher.stop();
            idleThread.join(target.timeoutMillis() + 5000L);
        }
        LoadReport result = new LoadReport(LatencyLog.merge(workers.stream().map(LoadClient::log).toList()), seconds);
        Ledger.Verdict v = ledger.verify(finalContents(target, boxes));
        result.note("server", label);
        result.note("measured_s", String.format(java.util.Locale.ROOT, "%.1f", seconds));
        result.note("correctness", (v.ok() ? "OK" : "FAILED") + ": expected " + v.expected() + ", present "
                + v.present() + ", lost " + v.lost() + ", duplicated " + v.duplicated() + ", unexpected "
                + v.unknown() + ", size mismatch " + v.sizeMismatch() + ", wrongly \\Deleted "
                + v.flaggedButExpectedClean() + "; deleted-but-unexpunged " + v.deletedStillThere()
                + "; append outcome unknown " + ledger.count(Ledger.State.UNCERTAIN));
        for (String p : v.problems()) {
            result.note("problem", p);
        }
        if (watcher != null) {
            result.note("idle", watcher.summary());
        }
        int dead = 0;
        for (LoadClient w : workers) {
            if (w.fatal() != null) {
                dead++;
                result.note("client_died", w.fatal().toString());
            }
        }
        LatencyLog merged = LatencyLog.merge(workers.stream().map(LoadClient::log).toList());
        int failures = 0;
        for (Operation op : Operation.values()) {
            failures += merged.failures(op);
        }
        for (String f : merged.failureTexts()) {
            result.note("failure", f);
        }
        System.out.print(result.table());
        if (report != null) {
            result.write(report);
        }
        return v.ok() && dead == 0 && failures == 0 ? 0 : 1;
    }

    private List<String> createMailboxes(LoadClient.Target target, String run) throws IOException {
        List<String> boxes = new ArrayList<>();
        try (ImapConnection c = login(target)) {
            for (int i = 0; i < mailboxes; i++) {
                String name = "load-" + run + "-" + i;
                ImapConnection.Reply r = c.command("CREATE " + name);
                if (!r.ok()) {
                    throw new IOException("CREATE " + name + " refused: " + r.status());
                }
                boxes.add(name);
            }
            c.command("LOGOUT");
        }
        return boxes;
    }

    private static Map<String, List<String>> finalContents(LoadClient.Target target, List<String> boxes)
            throws IOException {
        Map<String, List<String>> contents = new LinkedHashMap<>();
        try (ImapConnection c = login(target)) {
            for (String box : boxes) {
                ImapConnection.Reply sel = c.command("EXAMINE " + box);
                if (!sel.ok()) {
                    throw new IOException("EXAMINE " + box + " refused: " + sel.status());
                }
                List<String> lines = List.of();
                if (c.exists() > 0) {
                    ImapConnection.Reply r = c.command(
                            "FETCH 1:* (UID RFC822.SIZE FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])");
                    if (!r.ok()) {
                        throw new IOException("final FETCH of " + box + " refused: " + r.status());
                    }
                    lines = r.untagged();
                }
                contents.put(box, lines);
            }
            c.command("LOGOUT");
        }
        return contents;
    }

    private static ImapConnection login(LoadClient.Target target) throws IOException {
        ImapConnection c = new ImapConnection(target.host(), target.port(), target.timeoutMillis());
        ImapConnection.Reply r = c.command("LOGIN " + LoadClient.quote(target.user()) + " "
                + LoadClient.quote(target.password()));
        if (!r.ok()) {
            c.close();
            throw new IOException("LOGIN refused for " + target.user() + ": " + r.status());
        }
        return c;
    }

    private static Thread start(Thread t) {
        t.start();
        return t;
    }

    static Duration parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            default -> throw new IllegalArgumentException("duration '" + text + "': use e.g. 30s, 2m or 500ms");
        };
    }
}

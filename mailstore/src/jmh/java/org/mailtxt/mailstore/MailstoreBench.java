package org.mailtxt.mailstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.mailtxt.mailstore.format.SystemFlags;

/**
 * One-shot timings of the mailstore on a given mailbox, for {@code bench/mailstore-bench.sh} (which runs c-client's
 * {@code mailutil check} on the same file in the same run). Prints one line per measure: name, median ms, min ms.
 * Usage: MailstoreBench MAILBOX WORKDIR REPETITIONS (measured; ten cold opens before them warm the JVM up)
 */
public final class MailstoreBench {
    /** Cold opens done first and not counted (JMH-style warm-up; -Dmailtxt.bench.warmups=N to change). */
    private static final int WARM_UPS = 10;

    private MailstoreBench() {
    }

    public static void main(String[] args) throws Exception {
        Path box = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int measured = Integer.parseInt(args[2]);
        if (measured < 1) {
            throw new IllegalArgumentException("REPETITIONS must be at least 1");
        }
        int warmUps = Integer.getInteger("mailtxt.bench.warmups", WARM_UPS);
        int reps = warmUps + measured;
        Files.createDirectories(work);
        // Cold open: the mailbox has never been indexed. The store (its H2 database, created empty here) is started
        // first and timed apart: a server starts it once, then opens many mailboxes. The first repetitions pay the
        // JVM's warm-up (class loading, then the JIT compiling the scan in tiers), which a running server has paid
        // long before: they are reported on their own line and left out of the median, as a JMH warm-up would be.
        // Each repetition starts after a full collection (below).
        long[] cold = new long[reps];
        long[] storeStart = new long[reps];
        for (int r = 0; r < reps; r++) {
            Path data = work.resolve("cold-" + r);
            // The repetition before left the garbage of its index writing (hundreds of MB for 100k messages): it is
            // collected here, outside the timing, not by a pause inside this repetition's open (as JMH can do too).
            System.gc();
            long t0 = System.nanoTime();
            try (MailStore s = MailStore.open(MailStoreConfig.defaults(data))) {
                long t1 = System.nanoTime();
                storeStart[r] = t1 - t0;
                try (OpenMailbox m = s.open(box, false)) {
                    cold[r] = System.nanoTime() - t1;
                    if (m.status().messages() == 0) {
                        throw new IllegalStateException("empty mailbox");
                    }
                }
            }
            if (r < reps - 1) {
                delete(data);
            }
        }
        StringBuilder first = new StringBuilder();
        for (int r = 0; r < warmUps; r++) {
            first.append(String.format(" %.2f", cold[r] / 1e6));
        }
        System.out.printf("cold open, the first %d in this JVM (warm-up: class loading, JIT), ms:%s%n", warmUps, first);
        report("store start (new empty H2 index)", Arrays.copyOfRange(storeStart, warmUps, reps));
        cold = Arrays.copyOfRange(cold, warmUps, reps);
        report("cold open+parse (no index)", cold);
        Path data = work.resolve("cold-" + (reps - 1));
        long[] warm = new long[measured];
        for (int r = 0; r < measured; r++) {
            try (MailStore s = MailStore.open(MailStoreConfig.defaults(data))) {
                long t0 = System.nanoTime();
                try (OpenMailbox m = s.open(box, false)) {
                    warm[r] = System.nanoTime() - t0;
                    if (m.status().messages() == 0) {
                        throw new IllegalStateException("empty mailbox");
                    }
                }
            }
        }
        report("warm open (index current)", warm);
        Path copy = work.resolve("append-target");
        Files.deleteIfExists(copy);
        byte[] msg = ("From: a@example.org\r\nTo: b@example.org\r\nSubject: bench\r\n\r\n" + "x".repeat(2000)
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (MailStore s = MailStore.open(MailStoreConfig.defaults(work.resolve("append-data")))) {
            s.create(copy, org.mailtxt.mailstore.format.MailboxFormat.MTX);
            try (OpenMailbox m = s.open(copy, false)) {
                int n = 1000;
                long[] one = new long[n];
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    m.append(List.of(AppendRequest.of(msg)));
                    one[i] = System.nanoTime() - t0;
                }
                report("append 1 msg/batch, fsync each (latency)", one);
                System.out.printf("append 1 msg/batch, fsync each: %.0f msgs/s%n", n / (sum(one) / 1e9));
                List<AppendRequest> ten = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    ten.add(AppendRequest.of(msg));
                }
                long[] batch = new long[200];
                for (int i = 0; i < batch.length; i++) {
                    long t0 = System.nanoTime();
                    m.append(ten);
                    batch[i] = System.nanoTime() - t0;
                }
                System.out.printf("append 10 msgs/batch, fsync each batch: %.0f msgs/s%n",
                        batch.length * 10 / (sum(batch) / 1e9));
                int threads = 8;
                int perThread = 250;
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
                long c0 = System.nanoTime();
                List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    fs.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            m.append(List.of(AppendRequest.of(msg)));
                        }
                        return null;
                    }));
                }
                for (var f : fs) {
                    f.get();
                }
                pool.shutdown();
                System.out.printf("append 1 msg/batch from %d threads, fsync per group commit: %.0f msgs/s%n", threads,
                        threads * perThread / ((System.nanoTime() - c0) / 1e9));
                long[] store = new long[1000];
                List<MessageInfo> all = m.messages();
                for (int i = 0; i < store.length; i++) {
                    long uid = all.get(i % all.size()).uid();
                    long t0 = System.nanoTime();
                    m.updateFlags(List.of(uid), new FlagChange(i % 2 == 0 ? FlagChange.Mode.ADD : FlagChange.Mode.REMOVE,
                            SystemFlags.FLAGGED, Set.of()));
                    store[i] = System.nanoTime() - t0;
                }
                report("flag update, 1 message, fsync (latency)", store);
            }
        }
    }

    private static long sum(long[] a) {
        return Arrays.stream(a).sum();
    }

    private static void report(String name, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%s: median %.2f ms, min %.2f ms, p99 %.2f ms (n=%d)%n", name, s[s.length / 2] / 1e6,
                s[0] / 1e6, s[Math.min(s.length - 1, (int) (s.length * 0.99))] / 1e6, s.length);
    }

    private static void delete(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}

package org.mailtxt.mailstore.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The index's costs on the paths that matter (issue 3 item 4): a warm load of
 * a 100,000-message mailbox (the open of a large mailbox), the same load right
 * after opening the database (H2's page cache cold, the OS's warm), appending
 * one message (one transaction), and rewriting the offsets of all 100,000
 * messages (what an external expunge of the first message costs). Not part of
 * the test build. Run from the repository root:
 * <pre>
 * mvn -B -q -ntp -Pbench -pl mailstore test-compile
 * mvn -q -Pbench -pl mailstore dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp mailstore/target/test-classes:mailstore/target/classes:$(cat /tmp/cp.txt) org.openjdk.jmh.Main \
 *     org.mailtxt.mailstore.index.IndexBenchmark -f 1 -wi 5 -w 2s -i 5 -r 2s -jvmArgs -Xmx1g
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IndexBenchmark {

    static final int MESSAGES = 100_000;
    static final String BIG = "/srv/mail/u/mail/big";
    static final String APPENDS = "/srv/mail/u/INBOX";

    /** An open index with a 100,000-message mailbox and an empty one to append to. */
    @State(Scope.Benchmark)
    public static class OpenIndex {
        Path dir;
        MailboxIndex index;
        List<IndexedMessage> original;
        List<IndexedMessage> shifted;
        MailboxState bigState;
        long nextUid = 1;
        boolean moved;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "/tmp")), "mailtxt-indexbench");
            index = H2MailboxIndex.open(dir);
            fill(index);
            original = index.load(BIG).orElseThrow().messages();
            shifted = new ArrayList<>(MESSAGES);
            for (IndexedMessage m : original) {
                shifted.add(m.withOffset(m.offset() + 1000));
            }
            bigState = index.load(BIG).orElseThrow().state();
            index.create(APPENDS, 1, snapshot(0));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            index.close();
            delete(dir);
        }
    }

    /** A closed index holding a 100,000-message mailbox. */
    @State(Scope.Benchmark)
    public static class ClosedIndex {
        Path dir;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "/tmp")), "mailtxt-indexbench");
            try (MailboxIndex index = H2MailboxIndex.open(dir)) {
                fill(index);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            delete(dir);
        }
    }

    @Benchmark
    public IndexedMailbox warmLoadOfHundredThousandMessages(OpenIndex state) throws IndexException {
        return state.index.load(BIG).orElseThrow();
    }

    @Benchmark
    public IndexedMailbox openDatabaseThenLoadHundredThousandMessages(ClosedIndex state) throws IndexException {
        try (MailboxIndex index = H2MailboxIndex.open(state.dir)) {
            return index.load(BIG).orElseThrow();
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void appendOneMessage(OpenIndex state) throws IndexException {
        long uid = state.nextUid++;
        IndexedMessage message = new IndexedMessage(uid, uid, (uid - 1) * 1000, 40, 960, 972,
                1_700_000_000L + uid, 60, uid * 0x9E37_79B9_7F4A_7C15L, 0, 0);
        state.index.apply(APPENDS, IndexChange.appended(
                new MailboxState(1, uid + 1, uid, snapshot(uid * 1000)), message));
    }

    @Benchmark
    public void moveAllHundredThousandMessages(OpenIndex state) throws IndexException {
        state.moved = !state.moved;
        state.index.apply(BIG, new IndexChange(state.bigState, List.of(),
                state.moved ? state.shifted : state.original, List.of()));
    }

    static void fill(MailboxIndex index) throws IndexException {
        List<IndexedMessage> messages = new ArrayList<>(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            long uid = i + 1;
            messages.add(new IndexedMessage(uid, uid, i * 1000L, 40, 960, 972, 1_700_000_000L + uid, 60,
                    uid * 0x9E37_79B9_7F4A_7C15L, 0, 16));
        }
        index.create(BIG, 1, snapshot(0));
        index.reset(BIG, new MailboxState(2, MESSAGES + 1, MESSAGES, snapshot(MESSAGES * 1000L)), messages);
    }

    static FileSnapshot snapshot(long size) {
        return new FileSnapshot(2049, 131_072, size, 1_700_000_000_123_456_789L, 1_700_000_000_000_000_000L,
                FileSnapshot.TENEX);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

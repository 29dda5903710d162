package org.mailtxt.mailstore.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailtxt.mailstore.index.Fixtures.message;
import static org.mailtxt.mailstore.index.Fixtures.snapshot;
import static org.mailtxt.mailstore.index.Fixtures.stateAfter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract of {@link MailboxIndex}: any thread, any operation, each one whole. */
class MailboxIndexConcurrencyTest {

    private static final int WRITERS = 4;
    private static final int APPENDS = 150;

    @TempDir
    Path dir;
    MailboxIndex index;
    ExecutorService threads;

    @BeforeEach
    void open() throws IndexException {
        index = H2MailboxIndex.open(dir);
        threads = Executors.newFixedThreadPool(WRITERS + 2);
    }

    @AfterEach
    void close() throws Exception {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        index.close();
    }

    @Test
    void writersOnTheirOwnMailboxesAndReadersNeverSeeAHalfAppliedChange() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> readers = new ArrayList<>();
        List<Future<Void>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String key = "/srv/mail/u" + w + "/INBOX";
            index.create(key, 1, snapshot(0));
            writers.add(threads.submit(() -> {
                start.await();
                for (int n = 1; n <= APPENDS; n++) {
                    index.apply(key, IndexChange.appended(stateAfter(1, n), message(n, n - 1)));
                }
                return null;
            }));
        }
        for (int r = 0; r < 2; r++) {
            readers.add(threads.submit(consistentLoads(start)));
        }
        start.countDown();

        for (Future<Void> writer : writers) {
            writer.get(120, TimeUnit.SECONDS);
        }
        for (Future<Integer> reader : readers) {
            assertThat(reader.get(120, TimeUnit.SECONDS)).as("loads made by a reader").isPositive();
        }
        for (int w = 0; w < WRITERS; w++) {
            IndexedMailbox mailbox = index.load("/srv/mail/u" + w + "/INBOX").orElseThrow();
            assertThat(mailbox.messages()).hasSize(APPENDS);
            assertThat(mailbox.state().uidNext()).isEqualTo(APPENDS + 1);
        }
    }

    @Test
    void threadsDefiningOverlappingKeywordsAgreeOnTheirNumbers() throws Exception {
        index.create(Fixtures.INBOX, 1, snapshot(0));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (int t = 0; t < WRITERS; t++) {
            int offset = t;
            results.add(threads.submit(() -> {
                start.await();
                List<Integer> numbers = new ArrayList<>();
                for (int k = 0; k < 20; k++) {
                    // every thread defines the same 20 names, in a different order and case
                    String name = "kw" + ((k + offset * 5) % 20);
                    numbers.add(index.defineKeyword(Fixtures.INBOX, offset % 2 == 0 ? name : name.toUpperCase()));
                }
                return numbers;
            }));
        }
        start.countDown();
        Set<Integer> all = new HashSet<>();
        for (Future<List<Integer>> result : results) {
            all.addAll(result.get(60, TimeUnit.SECONDS));
        }

        KeywordTable table = index.load(Fixtures.INBOX).orElseThrow().keywords();
        assertThat(table.size()).isEqualTo(20);
        assertThat(all).hasSize(20);
        for (int k = 0; k < 20; k++) {
            assertThat(table.numberOf("KW" + k)).isPresent();
        }
    }

    @Test
    void closeWaitsForTheRunningOperationAndLaterOnesAreRefused() throws Exception {
        index.create(Fixtures.INBOX, 1, snapshot(0));
        Future<Void> reset = threads.submit(() -> {
            index.reset(Fixtures.INBOX, stateAfter(2, 20_000), Fixtures.messages(20_000));
            return null;
        });
        Future<Void> closing = threads.submit(() -> {
            index.close();
            return null;
        });

        closing.get(60, TimeUnit.SECONDS);
        // the reset either ran entirely before close, or was refused as closed; never cut off
        try {
            reset.get(60, TimeUnit.SECONDS);
            index = H2MailboxIndex.open(dir);
            assertThat(index.load(Fixtures.INBOX).orElseThrow().messages()).hasSize(20_000);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOfSatisfying(IndexException.class,
                    failure -> assertThat(failure.kind()).isEqualTo(IndexException.Kind.CLOSED));
            index = H2MailboxIndex.open(dir);
            assertThat(index.load(Fixtures.INBOX).orElseThrow().messages()).isEmpty();
        }
    }

    /** Loads every writer's mailbox until the writers are done; each load must be a whole state. */
    private Callable<Integer> consistentLoads(CountDownLatch start) {
        return () -> {
            start.await();
            int loads = 0;
            boolean done = false;
            // a failed writer never finishes: stop when the test's executor is shut down
            while (!done && !Thread.currentThread().isInterrupted()) {
                done = true;
                for (int w = 0; w < WRITERS; w++) {
                    IndexedMailbox mailbox = index.load("/srv/mail/u" + w + "/INBOX").orElseThrow();
                    // appended one by one from uid 1: UIDNEXT and the messages must match in every load
                    assertThat(mailbox.messages()).hasSize((int) mailbox.state().uidNext() - 1);
                    done &= mailbox.messages().size() == APPENDS;
                    loads++;
                }
            }
            return loads;
        };
    }
}

package org.mailtxt.mailstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.mailstore.format.MailboxFormat;

/**
 * Another process appends while this one keeps checking for new mail. Whatever the interleaving, once the other
 * process is done, one more check must show every message: the file state a check remembers as seen must be one taken
 * before it read the file, never after (an append landing between the read and a later stat would otherwise be taken
 * as seen, and missed for good; c-client's appenders met it in MailstoreConcurrentInteropTest).
 */
class ForeignAppendRaceTest {
    private static final int APPENDS = 300;
    private static final int SEEDED = 3000;

    @TempDir
    Path dir;
    MailStore ours;
    MailStore theirs;

    @AfterEach
    void close() throws Exception {
        if (ours != null) {
            ours.close();
        }
        if (theirs != null) {
            theirs.close();
        }
    }

    @Test
    void aCheckAfterTheOtherProcessStoppedSeesEveryMessageItAppended() throws Exception {
        Path box = dir.resolve("race.mtx");
        ours = StoreFixture.store(dir, "ours");
        theirs = StoreFixture.store(dir, "theirs");
        ours.create(box, MailboxFormat.MTX);
        try (OpenMailbox mine = ours.open(box, false)) {
            // the other process can only open a non-empty file as mtx (an empty one is mtx to the index that made it)
            // and enough messages that re-reading every flag (after a foreign flag change) takes a while
            List<AppendRequest> seed = new java.util.ArrayList<>();
            for (int i = 0; i < SEEDED; i++) {
                seed.add(AppendRequest.of(("Subject: seed " + i + "\r\n\r\nseed\r\n").getBytes(StandardCharsets.US_ASCII)));
            }
            mine.append(seed);
        }
        try (OpenMailbox mine = ours.open(box, false); OpenMailbox other = theirs.open(box, false)) {
            AtomicBoolean done = new AtomicBoolean();
            CompletableFuture<Void> appender = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < APPENDS; i++) {
                        other.append(List.of(AppendRequest.of(("Subject: " + i + "\r\n\r\nbody " + i + "\r\n")
                                .getBytes(StandardCharsets.US_ASCII))));
                        // and a flag change, as c-client's programs make too: it sends the checker re-reading flags
                        other.updateFlags(List.of(1L + i % SEEDED), new FlagChange(i % 2 == 0 ? FlagChange.Mode.ADD
                                : FlagChange.Mode.REMOVE, org.mailtxt.mailstore.format.SystemFlags.FLAGGED,
                                java.util.Set.of()));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    done.set(true);
                }
            });
            while (!done.get()) {
                mine.check();
            }
            appender.get(60, TimeUnit.SECONDS);
            mine.check();
            assertThat(mine.messages()).hasSize(APPENDS + SEEDED);
        }
    }
}

package org.mailtxt.mailstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.locking.FileStat;
import org.mailtxt.mailstore.format.InternalDate;
import org.mailtxt.mailstore.format.MailboxFormat;

/**
 * The journaled compaction stopped at every step it has (as a crash would stop it: whatever was written stays,
 * nothing else happens) and finished by recovery: the result is always exactly the kept records, including records
 * a c-client program appended between the crash and the recovery.
 */
class CompactionCrashTest {
    @TempDir
    Path dir;

    static final class Crash extends IOException {
        private static final long serialVersionUID = 1L;

        Crash(String where) {
            super("crash " + where);
        }
    }

    /** A crash point that fires at its n-th call. */
    static Compactor.CrashPoint at(int n, List<String> seen) {
        return where -> {
            seen.add(where);
            if (seen.size() == n) {
                throw new Crash(where);
            }
        };
    }

    record Mailbox(List<byte[]> records, boolean[] keep) {
        byte[] all() {
            return concat(records, null);
        }

        byte[] expected() {
            return concat(records, keep);
        }

        CompactionPlan plan() {
            long offset = 0;
            long dest = -1;
            List<long[]> ranges = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                long len = records.get(i).length;
                if (!keep[i] && dest < 0) {
                    dest = offset;
                } else if (keep[i] && dest >= 0) {
                    long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
                    if (last != null && last[0] + last[1] == offset) {
                        last[1] += len;
                    } else {
                        ranges.add(new long[] {offset, len});
                    }
                }
                offset += len;
            }
            return new CompactionPlan(dest, ranges.stream().mapToLong(r -> r[0]).toArray(),
                    ranges.stream().mapToLong(r -> r[1]).toArray());
        }

        private static byte[] concat(List<byte[]> rs, boolean[] keep) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < rs.size(); i++) {
                if (keep == null || keep[i]) {
                    out.writeBytes(rs.get(i));
                }
            }
            return out.toByteArray();
        }
    }

    static Mailbox randomMailbox(Random rnd) throws Exception {
        int n = 3 + rnd.nextInt(12);
        List<byte[]> records = new ArrayList<>();
        boolean[] keep = new boolean[n];
        boolean anyDeleted = false;
        for (int i = 0; i < n; i++) {
            StringBuilder body = new StringBuilder("Subject: m" + i + "\r\n\r\n");
            int len = rnd.nextInt(3) == 0 ? 20 + rnd.nextInt(40) : 100 + rnd.nextInt(3000);
            while (body.length() < len) {
                body.append((char) ('a' + rnd.nextInt(26)));
            }
            records.add(MailboxFormat.MTX.codec().appendRecord(InternalDate.forAppend("2-Jan-2024 03:04:05 +0000"), 0,
                    0, body.toString().getBytes(StandardCharsets.US_ASCII)));
            keep[i] = rnd.nextInt(3) != 0;
            anyDeleted |= !keep[i];
        }
        if (!anyDeleted) {
            keep[rnd.nextInt(n)] = false;
        }
        return new Mailbox(records, keep);
    }

    private int runUntilCrash(Path box, Mailbox mb, int chunk, int crashAt) throws IOException {
        List<String> seen = new ArrayList<>();
        FileStat id = identity(box);
        try (FileChannel ch = FileChannel.open(box, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ExpungeJournal j = ExpungeJournal.begin(box, id.device(), id.inode(), ch.size(), mb.plan());
            try {
                new Compactor(ch, j, mb.plan(), chunk).run(0, null, at(crashAt, seen));
                j.finish();
                return seen.size();
            } catch (Crash c) {
                j.close(); // the process dies: the journal stays behind
                return -1;
            }
        }
    }

    private static FileStat identity(Path p) throws IOException {
        var a = Files.readAttributes(p, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
        return new FileStat((Long) a.get("dev"), (Long) a.get("ino"), 1, 0, 0, 0, 0, 0, 0);
    }

    private void recover(Path box) throws IOException {
        try (FileChannel ch = FileChannel.open(box, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertThat(ExpungeRecovery.recover(box, ch, identity(box))).isTrue();
        }
        assertThat(ExpungeJournal.pathFor(box)).doesNotExist();
    }

    @RepeatedTest(15)
    void aCrashAtAnyStepIsFinishedByRecoveryToExactlyTheKeptRecords(RepetitionInfo info) throws Exception {
        long seed = 1000L + info.getCurrentRepetition();
        Random rnd = new Random(seed);
        Mailbox mb = randomMailbox(rnd);
        int chunk = 16 + rnd.nextInt(2048);
        Path box = dir.resolve("box" + seed);
        Files.write(box, mb.all());
        int steps = runUntilCrash(box, mb, chunk, Integer.MAX_VALUE);
        assertThat(Files.readAllBytes(box)).as("seed %d without crash", seed).isEqualTo(mb.expected());
        for (int crashAt = 1; crashAt <= steps; crashAt++) {
            Files.write(box, mb.all());
            assertThat(runUntilCrash(box, mb, chunk, crashAt)).isEqualTo(-1);
            recover(box);
            assertThat(Files.readAllBytes(box)).as("seed %d crash at step %d of %d", seed, crashAt, steps)
                    .isEqualTo(mb.expected());
        }
    }

    @Test
    void recordsAppendedAfterTheCrashAreCarriedAlong() throws Exception {
        Random rnd = new Random(7);
        for (int crashAt = 1; crashAt <= 6; crashAt++) {
            Mailbox mb = randomMailbox(rnd);
            Path box = dir.resolve("late" + crashAt);
            Files.write(box, mb.all());
            if (runUntilCrash(box, mb, 64, crashAt) != -1) {
                continue;
            }
            byte[] late = MailboxFormat.MTX.codec().appendRecord(InternalDate.forAppend("3-Jan-2024 00:00:00 +0000"),
                    0, 0, "Subject: late\r\n\r\nappended by tmail after the crash\r\n".getBytes(StandardCharsets.US_ASCII));
            Files.write(box, late, StandardOpenOption.APPEND);
            recover(box);
            ByteArrayOutputStream want = new ByteArrayOutputStream();
            want.writeBytes(mb.expected());
            want.writeBytes(late);
            assertThat(Files.readAllBytes(box)).as("crash at %d", crashAt).isEqualTo(want.toByteArray());
        }
    }

    @Test
    void aJournalOfAnotherFileIsMovedAsideAndNothingIsTouched() throws Exception {
        Mailbox mb = randomMailbox(new Random(3));
        Path box = dir.resolve("box");
        Files.write(box, mb.all());
        FileStat id = identity(box);
        ExpungeJournal.begin(box, id.device(), id.inode() + 1, Files.size(box), mb.plan()).close();
        try (FileChannel ch = FileChannel.open(box, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertThat(ExpungeRecovery.recover(box, ch, id)).isFalse();
        }
        assertThat(Files.readAllBytes(box)).isEqualTo(mb.all());
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.contains(".mailtxt-expunge.orphan-"));
        }
    }

    @Test
    void aTornJournalHeaderMeansTheMailboxWasNeverTouched() throws Exception {
        Mailbox mb = randomMailbox(new Random(5));
        Path box = dir.resolve("box");
        Files.write(box, mb.all());
        Files.write(ExpungeJournal.pathFor(box), new byte[] {0, 0, 1, 0, 1, 2, 3});
        try (FileChannel ch = FileChannel.open(box, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertThat(ExpungeRecovery.recover(box, ch, identity(box))).isFalse();
        }
        assertThat(Files.readAllBytes(box)).isEqualTo(mb.all());
        assertThat(ExpungeJournal.pathFor(box)).doesNotExist();
    }
}

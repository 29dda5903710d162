package org.mailtxt.mailstore.format;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The parse loop of spec §7.2 over mailboxes built here: many records, all sizes, incremental scans. */
class RecordScannerTest {

    @TempDir
    Path dir;

    /** A record the test appended, with where it must be found. */
    private record Expected(long offset, int lineLength, long size, int userFlags, int systemFlags, String date) {
    }

    private final List<Expected> expected = new ArrayList<>();

    /** Writes {@code count} records of pseudo-random sizes (a few bytes to 100 KB) and flags. */
    private Path mailbox(MailboxFormat format, int count, long seed) throws Exception {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MailboxCodec codec = format.codec();
        for (int i = 0; i < count; i++) {
            int length = switch (random.nextInt(10)) {
                case 0 -> 30_000 + random.nextInt(70_000);
                case 1 -> 1 + random.nextInt(10);
                default -> 20 + random.nextInt(3_000);
            };
            byte[] text = ("Subject: " + i + "\r\n\r\n" + "b".repeat(length) + "\r\n").getBytes(ISO_8859_1);
            InternalDate date = InternalDate.forAppend((1 + random.nextInt(28)) + "-Mar-2024 10:11:12 +0100");
            int user = random.nextInt(1 << 30);
            int system = random.nextInt(64) & ~SystemFlags.OLD;
            byte[] record = codec.appendRecord(date, user, system, text);
            int lineLength = record.length - codec.encodeForAppend(text).length;
            expected.add(new Expected(out.size(), lineLength, record.length - lineLength, user, system, date.text()));
            out.write(record);
        }
        Path file = dir.resolve("box." + format);
        Files.write(file, out.toByteArray());
        return file;
    }

    private static RecordList scan(Path file, MailboxFormat format, long start, long end) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new RecordScanner(file, format).scan(channel, start, end);
        }
    }

    private void assertMatches(RecordList records, int firstExpected) {
        for (int i = 0; i < records.size(); i++) {
            Expected e = expected.get(firstExpected + i);
            assertThat(records.offset(i)).as("record %d", i).isEqualTo(e.offset());
            assertThat(records.lineLength(i)).isEqualTo(e.lineLength());
            assertThat(records.textSize(i)).isEqualTo(e.size());
            assertThat(records.userFlags(i)).isEqualTo(e.userFlags());
            assertThat(records.systemFlags(i)).isEqualTo(e.systemFlags());
            assertThat(records.internalDate(i).text()).isEqualTo(e.date());
        }
    }

    @ParameterizedTest
    @EnumSource(MailboxFormat.class)
    void everyRecordOfAMailboxWithSmallAndLargeMessagesIsFound(MailboxFormat format) throws Exception {
        Path file = mailbox(format, 400, 42);
        RecordList records = scan(file, format, 0, Files.size(file));
        assertThat(records).hasSize(400);
        assertThat(records.end()).isEqualTo(Files.size(file));
        assertMatches(records, 0);
    }

    @Test
    void thousandsOfTinyRecordsAreReadAheadInBlocksAndAllFound() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 5000; i++) {
            byte[] record = MailboxFormat.TENEX.codec().appendRecord(
                    InternalDate.forAppend("2-Jan-2024 03:04:05 -0800"), 0, i % 64 & ~SystemFlags.OLD,
                    ("m" + i + "\n").getBytes(ISO_8859_1));
            out.write(record);
        }
        Path file = dir.resolve("tiny");
        Files.write(file, out.toByteArray());
        RecordList records = scan(file, MailboxFormat.TENEX, 0, Files.size(file));
        assertThat(records).hasSize(5000);
        assertThat(records.get(4999).size()).isEqualTo(6);
        assertThat(records.end()).isEqualTo(Files.size(file));
    }

    @ParameterizedTest
    @EnumSource(MailboxFormat.class)
    void scanningTheGrownPartFromThePreviousEndFindsOnlyTheNewRecords(MailboxFormat format) throws Exception {
        Path file = mailbox(format, 60, 7);
        long middle = expected.get(25).offset();
        RecordList first = scan(file, format, 0, middle);
        RecordList rest = scan(file, format, first.end(), Files.size(file));
        assertThat(first).hasSize(25);
        assertThat(rest).hasSize(35);
        assertThat(rest.start()).isEqualTo(middle);
        assertMatches(rest, 25);
    }

    @Test
    void anEmptyRangeHasNoRecords() throws Exception {
        Path file = mailbox(MailboxFormat.MTX, 3, 1);
        RecordList records = scan(file, MailboxFormat.MTX, Files.size(file), Files.size(file));
        assertThat(records).isEmpty();
        assertThat(records.end()).isEqualTo(Files.size(file));
    }

    @Test
    void theScannerLeavesTheChannelPositionAloneAndCanBeReused() throws Exception {
        Path file = mailbox(MailboxFormat.TENEX, 20, 3);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(5);
            RecordScanner scanner = new RecordScanner(file, MailboxFormat.TENEX);
            RecordList once = scanner.scan(channel, 0, channel.size());
            RecordList twice = scanner.scan(channel, 0, channel.size());
            assertThat(twice).isEqualTo(once);
            assertThat(channel.position()).isEqualTo(5);
        }
    }

    @Test
    void datesWithoutZoneAreReadInTheScannersClockZone() throws Exception {
        Path file = dir.resolve("nozone");
        Files.write(file, "3-Jan-2024 10:00,5;000000000000\nhello".getBytes(ISO_8859_1));
        Clock kolkata = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneId.of("Asia/Kolkata"));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            RecordList records = new RecordScanner(file, MailboxFormat.TENEX, kolkata).scan(channel, 0, channel.size());
            InternalDate date = records.internalDate(0);
            assertThat(date.zoneOffsetMinutes()).isEqualTo(330);
            assertThat(date.instant()).isEqualTo(Instant.parse("2024-01-03T04:30:00Z"));
            assertThat(date.text()).isEqualTo("3-Jan-2024 10:00");
            assertThat(date.normalized().text()).isEqualTo(" 3-Jan-2024 10:00:00 +0530");
        }
    }

    @Test
    void aHeaderLineOfExactlySixtyFourBytesIsTheLongestAccepted() throws Exception {
        String line = "2-Jan-2024 03:04:05 -0800 (" + "c".repeat(19) + "),5;000000000000\n";
        assertThat(line).hasSize(63);
        String longest = " " + line;
        Path file = dir.resolve("long");
        Files.write(file, (longest + "hello").getBytes(ISO_8859_1));
        RecordList records = scan(file, MailboxFormat.TENEX, 0, Files.size(file));
        assertThat(records.lineLength(0)).isEqualTo(64);
        assertThat(records.flagsOffset(0)).isEqualTo(51);
    }

    /** Every record's fingerprint is the one of its bytes, whether the scan covers the whole file or its tail. */
    @ParameterizedTest
    @EnumSource(MailboxFormat.class)
    void fingerprintsOfAWholeScanEqualThoseOfATailScanAndOfTheBytes(MailboxFormat format) throws Exception {
        Path file = mailbox(format, 3000, 7);
        long size = Files.size(file);
        byte[] bytes = Files.readAllBytes(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            RecordList all = new RecordScanner(file, format, Clock.systemDefaultZone(), true).scan(channel, 0, size);
            assertThat(all).hasSize(3000);
            for (int i = 0; i < all.size(); i++) {
                Expected e = expected.get(i);
                byte[] date = e.date().getBytes(ISO_8859_1);
                int textAt = (int) (e.offset() + e.lineLength());
                long want = Fingerprint.of(date, 0, date.length, e.size(), bytes, textAt,
                        (int) Math.min(e.size(), Fingerprint.PREFIX));
                assertThat(all.fingerprint(i)).as("record %d", i).isEqualTo(want);
            }
            int first = 2990;
            RecordList tail = new RecordScanner(file, format, Clock.systemDefaultZone(), true)
                    .scan(channel, expected.get(first).offset(), size);
            for (int i = 0; i < tail.size(); i++) {
                assertThat(tail.fingerprint(i)).isEqualTo(all.fingerprint(first + i));
            }
        }
    }
}

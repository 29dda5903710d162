package org.mailtxt.mailstore.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Scanning the c-client-written fixtures yields exactly what {@code expected.json} lists. */
class FixtureScanTest {

    static final List<String> FIXTURES = Fixtures.NAMES;

    private static RecordList scan(String name) throws IOException {
        Path file = Fixtures.file(name);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new RecordScanner(file, Fixtures.format(name)).scan(channel, 0, channel.size());
        }
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void formatRecognitionFindsTheFormatTheFixtureWasWrittenIn(String name) throws IOException {
        Path file = Fixtures.file(name);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThat(MailboxFormat.detect(file, channel, null)).isEqualTo(Fixtures.format(name));
            assertThat(Fixtures.format(name).isValid(channel, false)).isTrue();
        }
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void scanningFindsEveryRecordAtTheListedOffsetsWithTheListedHeaderValues(String name) throws IOException {
        RecordList records = scan(name);
        List<Map<String, Object>> expected = Fixtures.messages(name);

        assertThat(records).hasSize(expected.size());
        assertThat(records.end()).isEqualTo(Fixtures.number(Fixtures.expected(name), "fileSize"));
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> m = expected.get(i);
            HeaderLine line = records.get(i);
            String where = name + " message " + m.get("msgno");
            assertThat(line.offset()).as(where).isEqualTo(Fixtures.number(m, "offset"));
            assertThat(line.lineLength()).as(where).isEqualTo(Fixtures.number(m, "headerLineLength"));
            assertThat(line.flagsOffset()).as(where).isEqualTo(Fixtures.number(m, "flagsFieldOffset"));
            assertThat(records.flagsOffset(i)).as(where).isEqualTo(Fixtures.number(m, "flagsFieldOffset"));
            assertThat(line.textOffset()).as(where).isEqualTo(Fixtures.number(m, "textOffset"));
            assertThat(line.size()).as(where).isEqualTo(Fixtures.number(m, "size"));
            assertThat(line.date().text()).as(where).isEqualTo(m.get("internalDate"));
            assertThat(line.flagDigits()).as(where).isEqualTo(m.get("flagsField"));
            assertThat(line.isOld()).as(where).isEqualTo(m.get("oldBit"));
            assertThat(systemFlagNames(line.systemFlags())).as(where).isEqualTo(m.get("systemFlags"));
            assertThat(Arrays.stream(line.keywordIndexes()).boxed().map(Integer::longValue).toList())
                    .as(where).isEqualTo(m.get("keywordIndexes"));
        }
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void headerAndRfc822SizesMatchWhatCClientReports(String name) throws IOException {
        RecordList records = scan(name);
        MailboxCodec codec = Fixtures.format(name).codec();
        byte[] file = Fixtures.bytes(name);
        try (FileChannel channel = FileChannel.open(Fixtures.file(name), StandardOpenOption.READ)) {
            for (int i = 0; i < records.size(); i++) {
                Map<String, Object> m = Fixtures.messages(name).get(i);
                String where = name + " message " + m.get("msgno");
                byte[] text = Arrays.copyOfRange(file, (int) records.textOffset(i), (int) records.recordEnd(i));
                long textOffset = records.textOffset(i);
                long size = records.textSize(i);

                assertThat(codec.headerSize(text)).as(where).isEqualTo(Fixtures.number(m, "headerSizeOnDisk"));
                assertThat(codec.headerSize(channel, textOffset, size)).as(where)
                        .isEqualTo(Fixtures.number(m, "headerSizeOnDisk"));
                assertThat(codec.rfc822Size(text)).as(where).isEqualTo(Fixtures.number(m, "rfc822Size"));
                assertThat(codec.rfc822Size(channel, textOffset, size)).as(where)
                        .isEqualTo(Fixtures.number(m, "rfc822Size"));
                assertThat(codec.toCrlf(text)).as(where).hasSize((int) Fixtures.number(m, "rfc822Size"));
            }
        }
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void writingTheParsedRecordsBackReproducesTheFixtureByteForByte(String name) throws IOException {
        RecordList records = scan(name);
        MailboxFormat format = Fixtures.format(name);
        byte[] file = Fixtures.bytes(name);
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        for (HeaderLine line : records) {
            byte[] header = HeaderLine.encode(format, line.date(), line.size(), line.userFlags(), line.systemFlags());
            assertThat(header).hasSize(line.lineLength());
            rewritten.write(header);
            rewritten.write(file, (int) line.textOffset(), (int) line.size());
        }
        assertThat(rewritten.toByteArray()).isEqualTo(file);
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void appendingTheFetchedTextAgainStoresTheSameBytes(String name) throws Exception {
        RecordList records = scan(name);
        MailboxCodec codec = Fixtures.format(name).codec();
        byte[] file = Fixtures.bytes(name);
        for (HeaderLine line : records) {
            byte[] stored = Arrays.copyOfRange(file, (int) line.textOffset(), (int) line.end());
            assertThat(codec.encodeForAppend(codec.toCrlf(stored))).isEqualTo(stored);
        }
    }

    @ParameterizedTest
    @FieldSource("FIXTURES")
    void internalDatesAreTheInstantsTheTextNames(String name) throws IOException {
        RecordList records = scan(name);
        for (int i = 0; i < records.size(); i++) {
            InternalDate date = records.internalDate(i);
            java.time.OffsetDateTime expected = java.time.OffsetDateTime.parse(date.text().trim(),
                    java.time.format.DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss xx", java.util.Locale.ROOT));
            assertThat(date.instant()).isEqualTo(expected.toInstant());
            assertThat(date.offset()).isEqualTo(expected.getOffset());
            assertThat(records.epochSecond(i)).isEqualTo(expected.toEpochSecond());
            assertThat(date.normalized()).isEqualTo(date);
        }
    }

    private static List<String> systemFlagNames(int systemFlags) {
        List<String> names = new java.util.ArrayList<>();
        // expected.json lists them in this order and leaves the old bit out
        String[] order = {"\\Seen", "\\Deleted", "\\Flagged", "\\Answered", "\\Draft"};
        int[] bits = {SystemFlags.SEEN, SystemFlags.DELETED, SystemFlags.FLAGGED, SystemFlags.ANSWERED,
            SystemFlags.DRAFT};
        for (int i = 0; i < bits.length; i++) {
            if ((systemFlags & bits[i]) != 0) {
                names.add(order[i]);
            }
        }
        return names;
    }
}

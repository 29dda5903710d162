package org.mailtxt.mailstore.format;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Header lines: c-client's writer byte for byte (spec §2.1, §13) and its tolerant reader (spec §7.2). */
class HeaderLineTest {

    private static final Path FILE = Path.of("/mail/box");

    private static String text(byte[] bytes) {
        return new String(bytes, ISO_8859_1);
    }

    private static HeaderLine parse(MailboxFormat format, String bytes) throws MalformedMailboxException {
        return HeaderLine.parse(FILE, format, 100, bytes.getBytes(ISO_8859_1));
    }

    @Test
    void theSpecsExampleLineIsFortyFourBytesWithTheDigitsAtThirtyOne() {
        InternalDate date = InternalDate.parse(" 2-Jan-2024 03:04:05 -0800", ZoneOffset.UTC).orElseThrow();
        byte[] line = HeaderLine.encode(MailboxFormat.TENEX, date, 147, 0, SystemFlags.OLD);
        assertThat(text(line)).isEqualTo(" 2-Jan-2024 03:04:05 -0800,147;000000000020\n");
        assertThat(line).hasSize(44);
        assertThat(text(HeaderLine.encode(MailboxFormat.MTX, date, 155, 0, SystemFlags.OLD)))
                .isEqualTo(" 2-Jan-2024 03:04:05 -0800,155;000000000020\r\n");
    }

    @Test
    void appendRecordsOfSpecSection13AreReproducedByteForByte() throws Exception {
        byte[] x = "Subject: x\r\n\r\nbody\r\n".getBytes(ISO_8859_1);
        InternalDate dateX = InternalDate.forAppend("02-Jan-2024 03:04:05 -0800");
        int seenAnswered = SystemFlags.SEEN | SystemFlags.ANSWERED;
        assertThat(text(MailboxFormat.TENEX.codec().appendRecord(dateX, 0, seenAnswered, x)))
                .isEqualTo(" 2-Jan-2024 03:04:05 -0800,17;000000000011\nSubject: x\n\nbody\n");
        assertThat(text(MailboxFormat.MTX.codec().appendRecord(dateX, 0, seenAnswered, x)))
                .isEqualTo(" 2-Jan-2024 03:04:05 -0800,20;000000000011\r\nSubject: x\r\n\r\nbody\r\n");

        byte[] y = "Subject: y\n\nbody with lone\rCR and crlf\r\nend\n".getBytes(ISO_8859_1);
        InternalDate dateY = InternalDate.forAppend("9-Jan-2024 01:02:03 EST");
        int betaJunk = KeywordBits.of(1, 4);
        assertThat(text(MailboxFormat.TENEX.codec().appendRecord(dateY, betaJunk, SystemFlags.FLAGGED, y)))
                .isEqualTo(" 9-Jan-2024 01:02:03 -0500,42;220000000004\n"
                        + "Subject: y\n\nbody with loneCR and crlf\nend\n");
        assertThat(text(MailboxFormat.MTX.codec().appendRecord(dateY, betaJunk, SystemFlags.FLAGGED, y)))
                .isEqualTo(" 9-Jan-2024 01:02:03 -0500,44;220000000004\r\n" + text(y));
    }

    @Test
    void aDmailDeliveryWithoutDateWritesNowWithAZeroPaddedDay() throws Exception {
        InternalDate now = InternalDate.now(java.time.Clock.fixed(Instant.parse("2026-11-22T12:03:17Z"), ZoneOffset.UTC));
        byte[] record = MailboxFormat.TENEX.codec().appendRecord(now, KeywordBits.of(0, 4), SystemFlags.SEEN,
                "Received: via dmail-2007f.18\r\n\r\nx\r\n".getBytes(ISO_8859_1));
        assertThat(text(record)).startsWith("22-Nov-2026 12:03:17 +0000,32;420000000001\nReceived: via dmail");
    }

    @Test
    void parsingGivesOffsetsSizeDateAndFlags() throws Exception {
        HeaderLine line = parse(MailboxFormat.MTX, " 1-Apr-2024 00:00:00 +0000,53;520000000021\r\nFrom: dave");
        assertThat(line.offset()).isEqualTo(100);
        assertThat(line.lineLength()).isEqualTo(44);
        assertThat(line.flagsOffset()).isEqualTo(100 + 44 - 14);
        assertThat(line.textOffset()).isEqualTo(144);
        assertThat(line.end()).isEqualTo(197);
        assertThat(line.size()).isEqualTo(53);
        assertThat(line.date().instant()).isEqualTo(Instant.parse("2024-04-01T00:00:00Z"));
        assertThat(line.keywordIndexes()).containsExactly(0, 2, 4);
        assertThat(line.systemFlags()).isEqualTo(SystemFlags.SEEN | SystemFlags.OLD);
        assertThat(text(line.toBytes(MailboxFormat.MTX))).isEqualTo(" 1-Apr-2024 00:00:00 +0000,53;520000000021\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {" 17", "+17", "  +17", "\t17"})
    void sizeWithLeadingSpacesOrPlusIsAcceptedLikeStrtoul(String size) throws Exception {
        HeaderLine line = parse(MailboxFormat.TENEX, "2-Jan-2024 03:04:05 +0000," + size + ";000000000000\nx");
        assertThat(line.size()).isEqualTo(17);
        assertThat(line.lineLength()).isEqualTo(26 + size.length() + 14);
        assertThat(line.flagsOffset()).isEqualTo(line.offset() + line.lineLength() - 13);
    }

    @Test
    void aDateWithoutTimeIsAcceptedAtMidnight() throws Exception {
        HeaderLine line = parse(MailboxFormat.TENEX, "3-Jan-2024,5;000000000000\nhello");
        assertThat(line.date().text()).isEqualTo("3-Jan-2024");
        assertThat(line.lineLength()).isEqualTo(26);
    }

    @Test
    void readingFromAChannelParsesTheLineAtTheOffset(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("box");
        Files.write(file, Fixtures.bytes("sample.tenex"));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            HeaderLine line = HeaderLine.read(file, channel, MailboxFormat.TENEX, 399);
            assertThat(line.flagDigits()).isEqualTo("520000000021");
            assertThat(line.flagsOffset()).isEqualTo(429);
            assertThat(channel.position()).isZero();
        }
    }

    @Test
    void valuesThatCClientCouldNotReadBackAreNotWritten() {
        InternalDate date = InternalDate.parse("2-Jan-2024", ZoneOffset.UTC).orElseThrow();
        assertThatThrownBy(() -> HeaderLine.encode(MailboxFormat.TENEX, date, 0, 0, 0))
                .hasMessageContaining("SIZE must be at least 1");
        InternalDate longDate = new InternalDate(0, 0, "2-Jan-2024 03:04:05 +0000 and a very long zone comment");
        assertThatThrownBy(() -> HeaderLine.encode(MailboxFormat.MTX, longDate, 1, 0, 0))
                .hasMessageContaining("exceeds the 64 bytes");
        assertThatThrownBy(() -> new HeaderLine(0, 44, date, 1, 0, 0, 7))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAppendNeverSetsTheOldBitAndRefusesEmptyMessages() {
        InternalDate date = InternalDate.parse("2-Jan-2024", ZoneOffset.UTC).orElseThrow();
        assertThatThrownBy(() -> MailboxFormat.MTX.codec().appendRecord(date, 0, SystemFlags.OLD, new byte[] {'x'}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MailboxFormat.TENEX.codec().appendRecord(date, 0, 0, new byte[0]))
                .isInstanceOf(AppendRejectedException.class).hasMessage("Append of zero-length message");
    }
}

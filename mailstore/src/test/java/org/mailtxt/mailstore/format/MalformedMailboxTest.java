package org.mailtxt.mailstore.format;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every malformed case of spec §14: the error c-client would give, its offset, and the file named. */
class MalformedMailboxTest {

    /** A valid first tenex record: 43-byte line + 30 bytes of text = 73 bytes. */
    private static final String FIRST = "14-Feb-2024 15:16:17 +0530,30;000000000025\nSubject: one\n\nbody of one....\n";
    /** The same as an mtx record: 44-byte line + 33 bytes of text = 77 bytes. */
    private static final String MTX_FIRST =
            "14-Feb-2024 15:16:17 +0530,33;000000000025\r\nSubject: one\r\n\r\nbody of one....\r\n";
    /** Text long enough that a bad second record is not within 64 bytes of the end of the file. */
    private static final String PADDING = "x".repeat(100) + "\n";

    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        return write(content.getBytes(ISO_8859_1));
    }

    private Path write(byte[] content) throws IOException {
        Path file = dir.resolve("box");
        Files.write(file, content);
        return file;
    }

    private RecordList scan(Path file, MailboxFormat format) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new RecordScanner(file, format).scan(channel, 0, channel.size());
        }
    }

    private MalformedMailboxException scanFails(MailboxFormat format, String content) throws IOException {
        Path file = write(content);
        MalformedMailboxException e = catchThrowableOfType(MalformedMailboxException.class, () -> scan(file, format));
        assertThat(e).as("scan of %s must fail", content).isNotNull();
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.getMessage()).startsWith(file.toString() + ": ");
        return e;
    }

    private MalformedMailboxException tenexSecondRecordFails(String secondHeaderLine) throws IOException {
        MalformedMailboxException e = scanFails(MailboxFormat.TENEX, FIRST + secondHeaderLine + PADDING);
        assertThat(e.offset()).isEqualTo(FIRST.length());
        assertThat(e.isTornTail()).isFalse();
        return e;
    }

    @Test
    void aHeaderWithoutCommaCannotBeParsed() throws IOException {
        MalformedMailboxException e = tenexSecondRecordFails("2-Jan-2024 03:04:05 +0000 101;000000000000\n");
        assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.BAD_HEADER);
        assertThat(e.getMessage()).contains("Unable to parse internal header at 73: 2-Jan-2024 03:04:05 +0000 101;");
    }

    @Test
    void aHeaderWithoutSemicolonAfterTheCommaCannotBeParsed() throws IOException {
        assertThat(tenexSecondRecordFails("2-Jan-2024 03:04:05 +0000,101:000000000000\n").kind())
                .isEqualTo(MalformedMailboxException.Kind.BAD_HEADER);
    }

    @Test
    void aSemicolonBeforeTheCommaCannotBeParsed() throws IOException {
        assertThat(tenexSecondRecordFails("2-Jan-2024 03:04:05 +0000;101,000000000000\n").kind())
                .isEqualTo(MalformedMailboxException.Kind.BAD_HEADER);
    }

    @Test
    void aTenexHeaderWithoutNewlineInSixtyFourBytesFails() throws IOException {
        MalformedMailboxException e = tenexSecondRecordFails(
                "2-Jan-2024 03:04:05 +0000 (a comment that makes it long),101;000000000000\n");
        assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.NO_NEWLINE);
        assertThat(e.getMessage()).contains("Unable to find newline at 73 in 64 bytes, text: 2-Jan-2024");
    }

    @Test
    void aNulByteBeforeTheNewlineHidesItAsItDoesFromCClientsStrchr() throws IOException {
        MalformedMailboxException e = tenexSecondRecordFails("2-Jan-2024 03:04:05 +0000,101;00000000\0000\n");
        assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.NO_NEWLINE);
    }

    @Test
    void anMtxHeaderWithoutCrFails() throws IOException {
        String first = MTX_FIRST;
        MalformedMailboxException e = scanFails(MailboxFormat.MTX, first + "x".repeat(120) + "\r\n");
        assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.NO_CRLF);
        assertThat(e.offset()).isEqualTo(first.length());
        assertThat(e.getMessage()).contains("Unable to find CRLF at " + first.length() + " in 64 bytes");
    }

    @Test
    void anMtxHeaderWhoseCrIsNotFollowedByLfFails() throws IOException {
        String first = MTX_FIRST;
        MalformedMailboxException e = scanFails(MailboxFormat.MTX,
                first + "2-Jan-2024 03:04:05 +0000,101;000000000000\r\r\n" + PADDING);
        assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.NO_CRLF);
        assertThat(e.offset()).isEqualTo(first.length());
    }

    @Test
    void anMtxHeaderEndingInBareLfRunsIntoTheNextLineAndFailsOnItsElements() throws IOException {
        String first = MTX_FIRST;
        MalformedMailboxException e = scanFails(MailboxFormat.MTX,
                first + "2-Jan-2024 03:04:05 +0000,101;000000000000\nSubject: x\r\n" + PADDING);
        assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.BAD_HEADER_ELEMENTS);
        assertThat(e.getMessage()).contains("Unable to parse internal header elements at " + first.length());
        assertThat(e.offset()).isEqualTo(first.length());
    }

    @Test
    void aTenexHeaderEndingInCrLfFailsOnItsThirteenthFlagByte() throws IOException {
        MalformedMailboxException e = tenexSecondRecordFails("2-Jan-2024 03:04:05 +0000,101;000000000000\r\n");
        assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.BAD_HEADER_ELEMENTS);
        assertThat(e.getMessage()).contains("000000000000\\r (bad flags)");
    }

    @Test
    void anUnparseableDateFailsOnTheElements() throws IOException {
        MalformedMailboxException e = tenexSecondRecordFails("31-Foo-2024 03:04:05 +0000,101;000000000000\n");
        assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.BAD_HEADER_ELEMENTS);
        assertThat(e.getMessage()).contains(
                "Unable to parse internal header elements at 73: 31-Foo-2024 03:04:05 +0000,101;000000000000 (bad date)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "abc", "17x", "17 ", "", "-17", "99999999999999999999"})
    void aZeroNonNumericOrTrailingJunkSizeFailsOnTheElements(String size) throws IOException {
        MalformedMailboxException e = tenexSecondRecordFails("2-Jan-2024 03:04:05 +0000," + size + ";000000000000\n");
        assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.BAD_HEADER_ELEMENTS);
        assertThat(e.getMessage()).contains("(bad size)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000000000", "0000000000000", "00000000000x", "0000 0000000"})
    void flagsThatAreNotExactlyTwelveDigitsFailOnTheElements(String flags) throws IOException {
        MalformedMailboxException e = tenexSecondRecordFails("2-Jan-2024 03:04:05 +0000,101;" + flags + "\n");
        assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.BAD_HEADER_ELEMENTS);
        assertThat(e.getMessage()).contains("(bad flags)");
    }

    @Test
    void lenientButValidHeadersAreAccepted() throws IOException {
        String second = "3-Jan-2024, +101;000000000099\n" + PADDING;
        String third = "4-Jan-2024 01:02:03 GMT,  5;000000000000\nabcd\n";
        RecordList records = scan(write(FIRST + second + third), MailboxFormat.TENEX);
        assertThat(records).hasSize(3);
        assertThat(records.get(1).systemFlags()).isEqualTo(SystemFlags.SEEN | SystemFlags.OLD);
        assertThat(records.get(1).date().text()).isEqualTo("3-Jan-2024");
        assertThat(records.get(2).size()).isEqualTo(5);
    }

    @Test
    void aSizeTooSmallMakesTheNextRecordLandInsideTheTextAndFailThere() throws IOException {
        // SIZE says 20 but the text is 30 bytes: the next "record" starts at "f one....\n" inside the body
        String wrong = FIRST.replace(",30;", ",20;");
        MalformedMailboxException e = scanFails(MailboxFormat.TENEX,
                wrong + "2-Jan-2024 03:04:05 +0000,101;000000000000\n" + PADDING);
        assertThat(e.offset()).isEqualTo(43 + 20);
        assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.BAD_HEADER);
        assertThat(e.getMessage()).contains("Unable to parse internal header at 63: f one....;");
    }

    @Test
    void aRecordRunningPastTheEndOfTheFileIsATornTailWithCClientsMessage() throws IOException {
        byte[] first491 = Arrays.copyOf(Fixtures.bytes("sample.tenex"), 491);
        String torn = "31-May-2024 12:00:00 +0200,66;000000000000\n" + "y".repeat(26);
        byte[] content = new byte[491 + torn.length()];
        System.arraycopy(first491, 0, content, 0, 491);
        System.arraycopy(torn.getBytes(ISO_8859_1), 0, content, 491, torn.length());
        Path file = write(content);

        MalformedMailboxException e = catchThrowableOfType(MalformedMailboxException.class,
                () -> scan(file, MailboxFormat.TENEX));
        assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.RUNS_PAST_EOF);
        assertThat(e.getMessage()).startsWith(file + ": Last message (at 491) runs past end of file (600 > 560)");
        assertThat(e.offset()).isEqualTo(491);
        assertThat(e.claimedEnd()).hasValue(600);
        assertThat(e.fileSize()).isEqualTo(560);
        assertThat(e.isTornTail()).isTrue();
    }

    @Test
    void aFileThatGrewByAPartialRecordFailsTheIncrementalScanAsATornTail() throws IOException {
        byte[] fixture = Fixtures.bytes("sample.mtx");
        Path file = write(Arrays.copyOf(fixture, fixture.length - 10));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            RecordScanner scanner = new RecordScanner(file, MailboxFormat.MTX);
            // the file as an open session parsed it: five records, ending where record 6 now starts
            RecordList before = scanner.scan(channel, 0, 632);
            assertThat(before).hasSize(5);
            MalformedMailboxException e = catchThrowableOfType(MalformedMailboxException.class,
                    () -> scanner.scan(channel, before.end(), channel.size()));
            assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.RUNS_PAST_EOF);
            assertThat(e.offset()).isEqualTo(632);
            assertThat(e.claimedEnd()).hasValue(743);
            assertThat(e.fileSize()).isEqualTo(733);
        }
    }

    @Test
    void aSingleStrayLineFeedAfterTheLastRecordIsTrailingJunk() throws IOException {
        MalformedMailboxException e = scanFails(MailboxFormat.TENEX, FIRST + "\n");
        assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.TRAILING_JUNK);
        assertThat(e.offset()).isEqualTo(73);
        assertThat(e.fileSize()).isEqualTo(74);
        assertThat(e.isTornTail()).isTrue();
        assertThat(e.getMessage()).contains("Unable to parse internal header at 73: ");
        assertThat(e.getCause()).isInstanceOf(MalformedMailboxException.class);
    }

    @Test
    void aHeaderLineCutShortByTheEndOfTheFileIsTrailingJunk() throws IOException {
        MalformedMailboxException e = scanFails(MailboxFormat.TENEX, FIRST + "2-Jan-2024 03:04:05 +0000,10");
        assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.TRAILING_JUNK);
        assertThat(e.getMessage()).contains("Unable to find newline at 73 in 28 bytes");
    }

    @Test
    void aFileShorterThanWhatWasAlreadyParsedHasShrunk() throws IOException {
        Path file = write(FIRST);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MalformedMailboxException e = catchThrowableOfType(MalformedMailboxException.class,
                    () -> new RecordScanner(file, MailboxFormat.TENEX).scan(channel, 100, channel.size()));
            assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.SHRANK);
            assertThat(e.getMessage()).contains("Mailbox shrank from 100 to 73!");
        }
    }

    @Test
    void aFileShorterThanTheGivenEndHasShrunkWhileBeingRead() throws IOException {
        Path file = write(FIRST);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MalformedMailboxException e = catchThrowableOfType(MalformedMailboxException.class,
                    () -> new RecordScanner(file, MailboxFormat.TENEX).scan(channel, 0, 200));
            assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.SHRANK);
            assertThat(e.getMessage()).contains("Mailbox shrank from 200 to 73!");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2-Jan-2024,5;000000000000\nhello",
        "2-Jan-2024 03:04:05 +0000 (a comment that makes it long),101;000000000000\nhello",
        "2 Jan 2024 03:04:05 +0000,5;000000000000\nhello",
        "From someone@example.org Tue Jan  2 03:04:05 2024\nFrom: x\n\n",
        "2-Jan-2024 03:04:05 +0000,;000000000000\nhello"})
    void aFirstLineThatFailsFormatRecognitionIsNotAMailbox(String content) throws IOException {
        Path file = write(content);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MalformedMailboxException e = catchThrowableOfType(MalformedMailboxException.class,
                    () -> MailboxFormat.detect(file, channel, null));
            assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.NOT_A_MAILBOX);
            assertThat(e.offset()).isZero();
            assertThat(e.getMessage()).startsWith(file + ": not a tenex or mtx mailbox");
        }
    }
}

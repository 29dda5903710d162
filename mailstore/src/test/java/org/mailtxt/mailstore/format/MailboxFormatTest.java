package org.mailtxt.mailstore.format;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Format recognition exactly as c-client's validity checks (spec §7.1). */
class MailboxFormatTest {

    @TempDir
    Path dir;

    private static Optional<MailboxFormat> recognize(String head) {
        byte[] bytes = head.getBytes(ISO_8859_1);
        return MailboxFormat.recognize(bytes, bytes.length);
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("box");
        Files.write(file, content.getBytes(ISO_8859_1));
        return file;
    }

    @Test
    void terminatorsAndFlagDigitPositionsDifferByOneByte() {
        assertThat(MailboxFormat.TENEX.terminator()).containsExactly('\n');
        assertThat(MailboxFormat.MTX.terminator()).containsExactly('\r', '\n');
        assertThat(MailboxFormat.TENEX.flagDigitsFromLineEnd()).isEqualTo(13);
        assertThat(MailboxFormat.MTX.flagDigitsFromLineEnd()).isEqualTo(14);
        assertThat(MailboxFormat.TENEX.codec()).isInstanceOf(TenexCodec.class);
        assertThat(MailboxFormat.MTX.codec()).isInstanceOf(MtxCodec.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        " 2-Jan-2024 03:04:05 -0800,147;000000000020\n",
        "14-Feb-2024 15:16:17 +0530,56;000000000025\n",
        "02-Jan-2024 03:04:05 -0800,147;000000000020\n",
        "2-Jan-2024 03:04:05 -0800,147;000000000020\n",
        "xx-xxx-xxxxxxxxxxxx,;;\n",
        "2-Jan-2024 03:04:05 -08,00,147;000000000020\n"})
    void aFirstLineWithDashesACommaFromOffset18AndALaterSemicolonIsTenex(String head) {
        assertThat(recognize(head + "From: x\n")).contains(MailboxFormat.TENEX);
        assertThat(recognize(head.replace("\n", "\r\n") + "From: x\r\n")).contains(MailboxFormat.MTX);
    }

    @Test
    void anMtxFirstLineMakesTheFileMtxEvenIfTheRestIsTenexLike() {
        String file = " 2-Jan-2024 03:04:05 -0800,5;000000000000\r\nabc\n 3-Jan-2024 03:04:05 -0800,5;000000000000\n";
        assertThat(recognize(file)).contains(MailboxFormat.MTX);
        assertThat(MailboxFormat.TENEX.accepts(file.getBytes(ISO_8859_1), file.length())).isFalse();
    }

    @Test
    void aTenexFirstLineWinsOverACrLfLaterInTheFirst64Bytes() {
        String file = " 2-Jan-2024 03:04:05 -0800,5;000000000000\nab\r\n";
        assertThat(recognize(file)).contains(MailboxFormat.TENEX);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2-Jan-2024,5;000000000000\n",
        "2-Jan-2024 03:04:05 -0800;5,000000000000\n",
        "2-Jan-2024 03:04:05 -0800,;000000000000\n",
        "2-Jan-2024 03:04:05 -0800,5000000000000\n",
        "2 Jan 2024 03:04:05 -0800,5;000000000000\n",
        "12345678901234567890,;x\n",
        "From someone Tue Jan  2 03:04:05 2024\n",
        "\n2-Jan-2024 03:04:05 -0800,5;000000000000\n",
        "2-Jan-2024 03:04:05 -0800\0,5;000000000000\n"})
    void firstLinesThatFailTheCheckAreNotRecognised(String head) {
        assertThat(recognize(head + "From: x\n")).isEmpty();
        assertThat(recognize(head.replace("\n", "\r\n") + "From: x\r\n")).isEmpty();
    }

    @Test
    void aSemicolonMustBeAtLeastTwoBytesAfterTheComma() {
        assertThat(recognize("2-Jan-2024 03:04:05 -0800,;000000000000\n")).isEmpty();
        assertThat(recognize("2-Jan-2024 03:04:05 -0800,1;000000000000\n")).contains(MailboxFormat.TENEX);
    }

    private static String lineOfLength(int length) {
        String start = "2-Jan-2024 03:04:05 -0800 (";
        String end = "),999;000000000000";
        return start + "c".repeat(length - start.length() - end.length()) + end;
    }

    @Test
    void theFirstLineMustEndWithinTheFirst64Bytes() {
        assertThat(recognize(lineOfLength(63) + "\nmore text")).contains(MailboxFormat.TENEX);
        assertThat(recognize(lineOfLength(64) + "\nmore text")).isEmpty();
        assertThat(recognize(lineOfLength(62) + "\r\nmore text")).contains(MailboxFormat.MTX);
        assertThat(recognize(lineOfLength(63) + "\r\nmore text")).isEmpty();
    }

    @Test
    void anEmptyFileIsAMailboxOnlyWhenItIsInbox() throws IOException {
        Path file = write("");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThat(MailboxFormat.TENEX.isValid(channel, true)).isTrue();
            assertThat(MailboxFormat.MTX.isValid(channel, true)).isTrue();
            assertThat(MailboxFormat.TENEX.isValid(channel, false)).isFalse();
            assertThat(MailboxFormat.detect(file, channel, MailboxFormat.MTX)).isEqualTo(MailboxFormat.MTX);
            MalformedMailboxException e = catchThrowableOfType(MalformedMailboxException.class,
                    () -> MailboxFormat.detect(file, channel, null));
            assertThat(e.kind()).isEqualTo(MalformedMailboxException.Kind.NOT_A_MAILBOX);
            assertThat(e.getMessage()).contains(file.toString()).contains("empty");
        }
    }

    @Test
    void aNonEmptyInboxIsRecognisedByItsContentNotItsName() throws IOException {
        Path file = write(" 2-Jan-2024 03:04:05 -0800,5;000000000000\r\nabc\r\n");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThat(MailboxFormat.detect(file, channel, MailboxFormat.TENEX)).isEqualTo(MailboxFormat.MTX);
            assertThat(MailboxFormat.TENEX.isValid(channel, true)).isFalse();
            assertThat(MailboxFormat.MTX.isValid(channel, false)).isTrue();
            assertThat(channel.position()).isZero();
        }
    }

    @Test
    void theRejectionSaysWhyForBothFormats() throws IOException {
        Path file = write("2-Jan-2024,5;000000000000\nabcde\n");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MalformedMailboxException e = catchThrowableOfType(MalformedMailboxException.class,
                    () -> MailboxFormat.detect(file, channel, null));
            assertThat(e.getMessage())
                    .contains("as tenex, the first line has no ',' at offset 18 or later")
                    .contains("as mtx, no CR in the first 32 bytes");
        }
    }
}

package org.mailtxt.imap.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link RawHeader#mayContain} may say "possibly" too often but never "no" wrongly: a text that James's matcher would
 * find in a field value (unfolded, upper-cased) must always be reported as possible.
 */
class RawHeaderTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void findsTheTextWhateverItsCaseAndAcrossAFoldedLine() {
        byte[] h = ascii("From: a@example.org\r\nMessage-ID: <abc.123@Example.ORG>\r\nSubject: a long\r\n subject\r\n\r\n");
        assertThat(RawHeader.mayContain(h, "<abc.123@example.org>")).isTrue();
        assertThat(RawHeader.mayContain(h, "ABC.123")).isTrue();
        assertThat(RawHeader.mayContain(h, "long subject")).isTrue(); // unfolding removes CRLF, keeps the space
        assertThat(RawHeader.mayContain(h, "longsubject")).isFalse();
        assertThat(RawHeader.mayContain(h, "<abc.124@example.org>")).isFalse();
        assertThat(RawHeader.mayContain(h, "")).isTrue();
    }

    @Test
    void eightBitTextAndEncodedWordsAreLeftToJames() {
        assertThat(RawHeader.mayContain(ascii("Subject: caf\u00e9\r\n\r\n"), "nothing like it")).isTrue();
        assertThat(RawHeader.mayContain(ascii("Subject: =?utf-8?q?x?=\r\n\r\n"), "nothing like it")).isTrue();
        assertThat(RawHeader.mayContain(ascii("Subject: =\r\n?x\r\n\r\n"), "nothing like it")).isTrue(); // "=?" once CRLF goes
        assertThat(RawHeader.mayContain(ascii("Subject: a = b ? c\r\n\r\n"), "nothing like it")).isFalse();
        assertThat(RawHeader.mayContain(new byte[0], "x")).isFalse();
    }

    @Test
    void agreesWithUnfoldingAndUpperCasingTheWholeHeader() {
        Random random = new Random(42);
        String alphabet = "abcXYZ<>@.-: \r\n";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder header = new StringBuilder();
            for (int i = random.nextInt(80); i > 0; i--) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            StringBuilder needle = new StringBuilder();
            for (int i = 1 + random.nextInt(4); i > 0; i--) {
                needle.append("abcXYZ<>@.- ".charAt(random.nextInt(12)));
            }
            String unfolded = header.toString().replace("\r", "").replace("\n", "").toUpperCase(Locale.ROOT);
            boolean expected = unfolded.contains(needle.toString().toUpperCase(Locale.ROOT));
            assertThat(RawHeader.mayContain(ascii(header.toString()), needle.toString()))
                    .as("'%s' in '%s'", needle, header).isEqualTo(expected);
        }
    }
}

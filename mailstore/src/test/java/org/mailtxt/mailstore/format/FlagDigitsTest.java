package org.mailtxt.mailstore.format;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The 12 flag digits, keyword bits and system flag bits (spec §2.4). */
class FlagDigitsTest {

    @ParameterizedTest
    @CsvSource({"0, 4000000000", "1, 2000000000", "2, 1000000000", "3, 0400000000", "4, 0200000000",
        "29, 0000000001"})
    void keywordKIsBit29MinusKOfTheTenUserDigits(int k, String digits) {
        assertThat(FlagDigits.toString(KeywordBits.bit(k), 0)).isEqualTo(digits + "00");
        assertThat(KeywordBits.index(KeywordBits.bit(k))).isEqualTo(k);
    }

    @Test
    void keywordCombinationsFromTheSpecEncodeAsCClientWroteThem() {
        assertThat(FlagDigits.toString(KeywordBits.of(0, 2, 4), 0)).isEqualTo("520000000000");
        assertThat(FlagDigits.toString(KeywordBits.of(1, 4), 0)).isEqualTo("220000000000");
        assertThat(FlagDigits.toString(KeywordBits.of(3), 0)).isEqualTo("040000000000");
        assertThat(KeywordBits.indexes(KeywordBits.of(4, 0, 2, 2))).containsExactly(0, 2, 4);
        assertThat(KeywordBits.isSet(KeywordBits.of(3), 3)).isTrue();
        assertThat(KeywordBits.isSet(KeywordBits.of(3), 4)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"00, 0", "05, 5", "11, 9", "20, 16", "21, 17", "25, 21", "72, 58", "52, 42", "40, 32"})
    void systemDigitsAreOneOctalNumber(String digits, int value) {
        byte[] field = ("0000000000" + digits).getBytes(US_ASCII);
        assertThat(FlagDigits.decodeSystem(field, 0)).isEqualTo(value);
        assertThat(FlagDigits.toString(0, value)).isEqualTo("0000000000" + digits);
    }

    @Test
    void systemFlagConstantsHaveCClientsBitValues() {
        assertThat(new int[] {SystemFlags.SEEN, SystemFlags.DELETED, SystemFlags.FLAGGED, SystemFlags.ANSWERED,
            SystemFlags.OLD, SystemFlags.DRAFT}).containsExactly(1, 2, 4, 8, 16, 32);
        assertThat(SystemFlags.describe(58)).isEqualTo("\\Deleted \\Answered old \\Draft");
        assertThat(SystemFlags.describe(0)).isEmpty();
    }

    @Test
    void digitsEightAndNineAreReadAsCClientReadsThem() {
        byte[] nines = "000000000099".getBytes(US_ASCII);
        assertThat(FlagDigits.isWellFormed(nines, 0)).isTrue();
        assertThat(FlagDigits.decodeSystem(nines, 0)).isEqualTo(SystemFlags.SEEN | SystemFlags.OLD);
        // U is octal up to the first 8 or 9
        assertThat(FlagDigits.decodeUser("1280000000".concat("00").getBytes(US_ASCII), 0)).isEqualTo(0b001_010);
        assertThat(FlagDigits.decodeUser("9777777777".concat("00").getBytes(US_ASCII), 0)).isZero();
    }

    @Test
    void decodingReadsAtAnOffsetInsideALargerBuffer() {
        byte[] line = " 1-Apr-2024 00:00:00 +0000,49;520000000021\n".getBytes(US_ASCII);
        assertThat(FlagDigits.decodeUser(line, 30)).isEqualTo(KeywordBits.of(0, 2, 4));
        assertThat(FlagDigits.decodeSystem(line, 30)).isEqualTo(SystemFlags.OLD | SystemFlags.SEEN);
        byte[] target = "xx............yy".getBytes(US_ASCII);
        FlagDigits.encodeInto(KeywordBits.of(29), 63, target, 2);
        assertThat(new String(target, US_ASCII)).isEqualTo("xx000000000177yy");
    }

    @Test
    void allThirtyUserBitsRoundTrip() {
        byte[] digits = FlagDigits.encode(KeywordBits.ALL, SystemFlags.ALL);
        assertThat(new String(digits, US_ASCII)).isEqualTo("777777777777");
        assertThat(FlagDigits.decodeUser(digits, 0)).isEqualTo(KeywordBits.ALL);
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertThatThrownBy(() -> FlagDigits.encode(1 << 30, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlagDigits.encode(0, 64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeywordBits.bit(30)).hasMessageContaining("at most 30 keywords");
        assertThatThrownBy(() -> KeywordBits.bit(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeywordBits.index(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlagDigits.decodeUser("00000000000x".getBytes(US_ASCII), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(FlagDigits.isWellFormed("00000000000".getBytes(US_ASCII), 0)).isFalse();
    }
}

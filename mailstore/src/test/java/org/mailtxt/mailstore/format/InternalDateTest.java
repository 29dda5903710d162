package org.mailtxt.mailstore.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** c-client's date parser (spec §2.5) and its two printers (spec §2.2). */
class InternalDateTest {

    /** The "local zone" of these tests: chosen to differ from UTC and from every zone in the inputs. */
    private static final ZoneOffset LOCAL = ZoneOffset.ofHoursMinutes(3, 30);

    private static String reprinted(String input) throws AppendRejectedException {
        return InternalDate.forAppend(input, LOCAL).text();
    }

    private static OffsetDateTime at(String iso) {
        return OffsetDateTime.parse(iso);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        " 2-Jan-2024 03:04:05 -0800  | ' 2-Jan-2024 03:04:05 -0800'",
        "02-Jan-2024 03:04:05 -0800  | ' 2-Jan-2024 03:04:05 -0800'",
        "2-Jan-2024 03:04:05 -0800   | ' 2-Jan-2024 03:04:05 -0800'",
        "14-Feb-2024 15:16:17 +0530  | '14-Feb-2024 15:16:17 +0530'",
        "2 Jan 2024 03:04:05 +0100   | ' 2-Jan-2024 03:04:05 +0100'",
        "2   Jan 2024 03:04:05 +0100 | ' 2-Jan-2024 03:04:05 +0100'",
        "2 Jan    2024 03:04 +0100   | ' 2-Jan-2024 03:04:00 +0100'",
        "2 January 2024 03:04:05 +0100 | ' 2-Jan-2024 03:04:05 +0100'",
        "2-january-2024 03:04:05 +0100 | ' 2-Jan-2024 03:04:05 +0100'",
        "2-JAN-2024 03:04:05 +0100   | ' 2-Jan-2024 03:04:05 +0100'",
        "2-jan-2024 3:4:5 +0100      | ' 2-Jan-2024 03:04:05 +0100'",
        "31-Dec-2024 23:59:60 +0000  | '31-Dec-2024 23:59:60 +0000'",
        "31-Feb-2024 12:00:00 +0000  | '31-Feb-2024 12:00:00 +0000'",
        "2-Jan-24 03:04:05 +0100     | ' 2-Jan-2024 03:04:05 +0100'",
        "2-Jan-48 03:04:05 +0100     | ' 2-Jan-2048 03:04:05 +0100'",
        "2-Jan-70 03:04:05 +0100     | ' 2-Jan-1970 03:04:05 +0100'",
        "2-Jan-99 03:04:05 +0100     | ' 2-Jan-1999 03:04:05 +0100'",
        "2-Jan-0 03:04:05 +0100      | ' 2-Jan-2000 03:04:05 +0100'",
        "1-Jan-1970 00:00:00 +0000   | ' 1-Jan-1970 00:00:00 +0000'",
        "31-Dec-2097 23:59:59 +0000  | '31-Dec-2097 23:59:59 +0000'",
        "Tue, 2 Jan 2024 03:04:05 -0800 | ' 2-Jan-2024 03:04:05 -0800'",
        "2-Jan-2024 03:04:05 +0100 (CET) | ' 2-Jan-2024 03:04:05 +0100'",
        "2-Jan-2024 03:04:05 0100    | ' 2-Jan-2024 03:04:05 +0100'",
        "2-Jan-2024 03:04:05 -0930   | ' 2-Jan-2024 03:04:05 -0930'",
        "2-Jan-2024 03:04:05    +0200 | ' 2-Jan-2024 03:04:05 +0200'",
    })
    void acceptedDatesAreReprintedWithASpacePaddedDay(String input, String expected) throws Exception {
        assertThat(reprinted(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1/2/2024             | ' 2-Jan-2024 00:00:00 +0330'",
        "12/31/99             | '31-Dec-1999 00:00:00 +0330'",
        "2024-01-02           | ' 2-Jan-2024 00:00:00 +0330'",
        "24-1-2               | ' 2-Jan-2024 00:00:00 +0330'",
        "20240102             | ' 2-Jan-2024 00:00:00 +0330'",
        "3-Jan-2024           | ' 3-Jan-2024 00:00:00 +0330'",
        "3-Jan-2024 10:11     | ' 3-Jan-2024 10:11:00 +0330'",
    })
    void numericAndDateOnlyFormsAreAcceptedAtMidnightOrWithoutZoneInTheLocalZone(String input, String expected)
            throws Exception {
        assertThat(reprinted(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1/2/2024 03:04:05", "2024-01-02 03:04:05", "20240102 03:04:05", "2024-01-02x", "1/2/2024x"})
    void numericFormsMustEndTheString(String input) {
        assertThat(InternalDate.parse(input, LOCAL)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "31-Foo-2024 03:04:05 +0000", "2-Jan-2024 24:00:00 +0000", "32-Jan-2024 03:04:05 +0000",
        "0-Jan-2024 03:04:05 +0000", "2-Jan-2024T03:04:05", "2-Jan-2024 03:60:00 +0000",
        "2-Jan-2024 03:04:61 +0000", "2-Jan-50 03:04:05 +0000", "2-Jan-1969 03:04:05 +0000",
        "2-Jan-2098 03:04:05 +0000", "2-Jan-999 03:04:05 +0000", "", "   ", "Jan-2-2024", "2.Jan.2024",
        "2-Jan", "2-Jan-", "2-Janx2024", "2-Jan 2024", "2 Jan-2024", "2-Jan-2024 03", "2-Jan-2024 03.04",
        "3-Jan-2024 ", "19691231", "20241301", "20240132", "2024-13-01", "2024-01-00", "13/1/2024",
        "1/0/2024", "1/2/", "Tue, 2-Jan-2024 03:04:05 +0000"})
    void rejectedDatesAreRejected(String input) {
        assertThat(InternalDate.parse(input, LOCAL)).as(input).isEmpty();
    }

    @Test
    void aLeadingWeekdayIsAcceptedOnlyInAppendInput() throws Exception {
        assertThat(InternalDate.parse("Tue, 2-Jan-2024 03:04:05 +0000", LOCAL)).isEmpty();
        assertThat(reprinted("Tue, 2-Jan-2024 03:04:05 +0000")).isEqualTo(" 2-Jan-2024 03:04:05 +0000");
        assertThatThrownBy(() -> InternalDate.forAppend("Tuesday, 2-Jan-2024 03:04:05 +0000", LOCAL))
                .isInstanceOf(AppendRejectedException.class);
    }

    @Test
    void aBadAppendDateIsRefusedWithCClientsMessage() {
        assertThatThrownBy(() -> InternalDate.forAppend("31-Foo-2024 03:04:05 +0000", LOCAL))
                .isInstanceOf(AppendRejectedException.class)
                .hasMessage("Bad date in append: 31-Foo-2024 03:04:05 +0000")
                .extracting(e -> ((AppendRejectedException) e).reason())
                .isEqualTo(AppendRejectedException.Reason.BAD_DATE);
    }

    @Test
    void theStoredTextIsKeptVerbatimWhileTheInstantIsComputed() {
        InternalDate date = InternalDate.parse("02-Jan-2024 03:04:05 -0800", LOCAL).orElseThrow();
        assertThat(date.text()).isEqualTo("02-Jan-2024 03:04:05 -0800");
        assertThat(date.toOffsetDateTime()).isEqualTo(at("2024-01-02T03:04:05-08:00"));
        assertThat(date.zoneOffsetMinutes()).isEqualTo(-480);
        assertThat(date.normalized().text()).isEqualTo(" 2-Jan-2024 03:04:05 -0800");
    }

    @Test
    void anImpossibleDayIsCountedOnFromTheFirstOfTheMonthAsCClientDoes() {
        InternalDate date = InternalDate.parse("31-Feb-2024 12:00:00 +0000", LOCAL).orElseThrow();
        assertThat(date.instant()).isEqualTo(Instant.parse("2024-03-02T12:00:00Z"));
        assertThat(date.normalized().text()).isEqualTo("31-Feb-2024 12:00:00 +0000");
    }

    @Test
    void aLeapSecondIsKeptInTheTextAndCountsAsTheNextMinute() {
        InternalDate date = InternalDate.parse("31-Dec-2016 23:59:60 +0000", LOCAL).orElseThrow();
        assertThat(date.instant()).isEqualTo(Instant.parse("2017-01-01T00:00:00Z"));
        assertThat(date.text()).isEqualTo("31-Dec-2016 23:59:60 +0000");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "UT | 0", "UTC | 0", "GMT | 0", "Z | 0", "z | 0", "gmt | 0",
        "MET | 60", "A | 60", "EET | 120", "B | 120", "C | 180", "D | 240", "E | 300", "F | 360",
        "G | 420", "H | 480", "JST | 540", "I | 540", "K | 600", "L | 660", "M | 720",
        "N | -60", "O | -120", "ADT | -180", "P | -180", "AST | -240", "EDT | -240", "Q | -240",
        "EST | -300", "CDT | -300", "R | -300", "CST | -360", "MDT | -360", "S | -360",
        "MST | -420", "PDT | -420", "T | -420", "PST | -480", "YDT | -480", "U | -480",
        "YST | -540", "V | -540", "HST | -600", "W | -600", "X | -660", "Y | -720"})
    void symbolicZonesHaveTheirTableOffsets(String zone, int minutes) {
        InternalDate afterSpace = InternalDate.parse("9-Jan-2024 01:02:03 " + zone, LOCAL).orElseThrow();
        InternalDate afterDash = InternalDate.parse("9-Jan-2024 01:02:03-" + zone, LOCAL).orElseThrow();
        assertThat(afterSpace.zoneOffsetMinutes()).isEqualTo(minutes);
        assertThat(afterDash.zoneOffsetMinutes()).isEqualTo(minutes);
        assertThat(afterSpace.instant()).isEqualTo(Instant.parse("2024-01-09T01:02:03Z").minusSeconds(minutes * 60L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"J", "CET", "BST", "NST", "ESTX", "EST (foo)", "GMT+1"})
    void unknownSymbolicZonesMeanTheLocalZone(String zone) throws Exception {
        assertThat(InternalDate.parse("9-Jan-2024 01:02:03 " + zone, LOCAL).orElseThrow().zoneOffsetMinutes())
                .isEqualTo(210);
        assertThat(reprinted("9-Jan-2024 01:02:03 " + zone)).isEqualTo(" 9-Jan-2024 01:02:03 +0330");
    }

    @Test
    void theSymbolicZoneOfSpecSection13IsWrittenNumerically() throws Exception {
        assertThat(reprinted("9-Jan-2024 01:02:03 EST")).isEqualTo(" 9-Jan-2024 01:02:03 -0500");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "+0599 | ' 2-Jan-2024 03:04:05 +0000'",
        "-0599 | ' 2-Jan-2024 03:04:05 -0000'",
        "+5    | ' 2-Jan-2024 03:04:05 +0000'",
        "-5    | ' 2-Jan-2024 03:04:05 -0000'",
        "+01x0 | ' 2-Jan-2024 03:04:05 +0000'",
        "+0100x | ' 2-Jan-2024 03:04:05 +0100'",
        "+0100 (CET) | ' 2-Jan-2024 03:04:05 +0100'"})
    void numericZonesWithBadDigitsMeanAZeroOffsetKeepingAMinusSign(String zone, String expected) throws Exception {
        assertThat(reprinted("2-Jan-2024 03:04:05 " + zone)).isEqualTo(expected);
        assertThat(InternalDate.parse("2-Jan-2024 03:04:05 " + zone, LOCAL).orElseThrow().instant())
                .isEqualTo(Instant.parse("2024-01-02T03:04:05Z").minusSeconds(
                        InternalDate.parse("2-Jan-2024 03:04:05 " + zone, LOCAL).orElseThrow().zoneOffsetMinutes()
                                * 60L));
    }

    @Test
    void aTimeWithoutZoneOrWithAnUnparsedSuffixIsInTheLocalZone() throws Exception {
        assertThat(reprinted("2-Jan-2024 03:04:05")).isEqualTo(" 2-Jan-2024 03:04:05 +0330");
        assertThat(reprinted("2-Jan-2024 03:04:05+0100")).isEqualTo(" 2-Jan-2024 03:04:05 +0330");
    }

    @Test
    void aDashOrASpaceWithNothingAfterItMeansUtc() throws Exception {
        assertThat(reprinted("2-Jan-2024 03:04:05-")).isEqualTo(" 2-Jan-2024 03:04:05 +0000");
    }

    @Test
    void zoneHoursAreKeptInCClientsFourBitFieldSoAbsurdOffsetsWrapAround() throws Exception {
        assertThat(reprinted("2-Jan-2024 03:04:05 +1400")).isEqualTo(" 2-Jan-2024 03:04:05 +1400");
        assertThat(reprinted("2-Jan-2024 03:04:05 +2000")).isEqualTo(" 2-Jan-2024 03:04:05 +0400");
    }

    @Test
    void aDateWithoutZoneUsesTheCurrentLocalOffsetNotTheOffsetAtTheMessagesDate() {
        // St. John's is -0330 in January and -0230 in July: the offset "now" wins
        ZoneOffset summer = ZoneId.of("America/St_Johns").getRules().getOffset(Instant.parse("2024-07-01T12:00:00Z"));
        InternalDate date = InternalDate.parse("2-Jan-2024 03:04:05", summer).orElseThrow();
        assertThat(date.zoneOffsetMinutes()).isEqualTo(-150);
        assertThat(date.normalized().text()).isEqualTo(" 2-Jan-2024 03:04:05 -0230");
    }

    @Test
    void theDefaultZoneOverloadsUseTheJvmsCurrentOffset() throws Exception {
        int now = ZoneId.systemDefault().getRules().getOffset(Instant.now()).getTotalSeconds() / 60;
        assertThat(InternalDate.parse("3-Jan-2024").orElseThrow().zoneOffsetMinutes()).isEqualTo(now);
        assertThat(InternalDate.forAppend("3-Jan-2024 00:00:00 +0000").text()).isEqualTo(" 3-Jan-2024 00:00:00 +0000");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2024-01-02T03:04:05Z | America/New_York | '01-Jan-2024 22:04:05 -0500'",
        "2024-01-02T03:04:05Z | Asia/Kolkata     | '02-Jan-2024 08:34:05 +0530'",
        "2024-01-02T03:04:05Z | America/St_Johns | '01-Jan-2024 23:34:05 -0330'",
        "2026-11-22T12:03:17Z | UTC              | '22-Nov-2026 12:03:17 +0000'",
        "2026-11-22T12:03:17.999Z | UTC          | '22-Nov-2026 12:03:17 +0000'"})
    void nowIsPrintedWithAZeroPaddedDayInTheClocksZone(String instant, String zone, String expected) {
        InternalDate now = InternalDate.now(Clock.fixed(Instant.parse(instant), ZoneId.of(zone)));
        assertThat(now.text()).isEqualTo(expected);
        assertThat(now.instant()).isEqualTo(Instant.parse(instant).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(InternalDate.parse(now.text(), ZoneOffset.UTC)).contains(now);
    }

    @Test
    void nowKeepsTheMinusSignOfAnOffsetBetweenMinusOneHourAndZero() {
        InternalDate now = InternalDate.now(Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"),
                ZoneOffset.ofHoursMinutes(0, -30)));
        assertThat(now.text()).isEqualTo("02-Jan-2024 02:34:05 -0030");
    }

    @Test
    void dateTextThatCannotBelongInAHeaderLineIsRefused() {
        assertThatThrownBy(() -> new InternalDate(0, 0, "2-Jan-2024, 03:04:05")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InternalDate(0, 24 * 60, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseReturnsEmptyRatherThanThrowing() {
        Optional<InternalDate> none = InternalDate.parse("not a date", LOCAL);
        assertThat(none).isEmpty();
    }
}

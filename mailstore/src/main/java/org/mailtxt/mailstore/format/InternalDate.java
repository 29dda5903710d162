package org.mailtxt.mailstore.format;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A message's internal date: the instant, the zone offset it was written
 * with, and the text as stored in (or to be written to) the header line.
 * The text is kept because it, not the instant, is what c-client compares
 * and re-prints: {@code 31-Feb-2024} is valid and stays as written, and a
 * date without a zone means the reader's local zone (spec §2.5).
 *
 * <p>Parsing follows c-client's {@code mail_parse_date} (spec §2.5); the two
 * writers follow spec §2.2: {@link #forAppend} re-prints a client-supplied
 * date with the day padded with a space, {@link #now} prints the current
 * time with the day padded with a zero. Used by {@link HeaderLine},
 * {@link RecordScanner} and the APPEND path. Immutable; thread-safe.
 *
 * @param epochSecond seconds since 1970-01-01T00:00Z, computed as c-client does
 *     (days of an impossible date such as 31-Feb are counted on from the 1st)
 * @param zoneOffsetMinutes the zone offset east of UTC in minutes ({@code -0000} reads as 0)
 * @param text the date exactly as stored in the header line, before the comma
 */
public record InternalDate(long epochSecond, int zoneOffsetMinutes, String text) {

    /** Validates the components. */
    public InternalDate {
        Objects.requireNonNull(text, "text");
        if (Math.abs(zoneOffsetMinutes) >= 24 * 60) {
            throw new IllegalArgumentException("zone offset " + zoneOffsetMinutes + " min is not within a day");
        }
        if (text.indexOf(',') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a header-line date cannot contain ',', CR or LF: " + text);
        }
    }

    /**
     * Parses a date as stored in a header line, with the JVM's default zone
     * as "local" for a date that has no known zone.
     *
     * @param stored the bytes before the header line's comma, as ISO-8859-1 text
     * @return the date, or empty when c-client would refuse it
     */
    public static Optional<InternalDate> parse(String stored) {
        return parse(stored, localOffsetNow());
    }

    /**
     * Parses a date as stored in a header line.
     *
     * @param stored the bytes before the header line's comma, as ISO-8859-1 text
     * @param localOffset what "local zone" means for a date with no known zone
     *     (c-client: the reader's offset at the time of reading)
     * @return the date, or empty when c-client would refuse it
     */
    public static Optional<InternalDate> parse(String stored, ZoneOffset localOffset) {
        DateParser parser = new DateParser();
        byte[] bytes = stored.getBytes(StandardCharsets.ISO_8859_1);
        if (!parser.parse(bytes, 0, bytes.length, false, minutes(localOffset))) {
            return Optional.empty();
        }
        return Optional.of(new InternalDate(parser.epochSecond(), parser.offsetMinutes(), stored));
    }

    /**
     * Parses the date of an IMAP APPEND (a leading weekday such as
     * {@code "Tue, "} is allowed here) and returns it with the text c-client
     * would store: the fields re-printed with a space-padded day, e.g.
     * {@code " 2-Jan-2024 03:04:05 -0800"}. The JVM's default zone stands in
     * for a missing or unknown zone.
     *
     * @param clientDate the date as the client sent it
     * @return the date to store
     * @throws AppendRejectedException with c-client's "Bad date in append" when it does not parse
     */
    public static InternalDate forAppend(String clientDate) throws AppendRejectedException {
        return forAppend(clientDate, localOffsetNow());
    }

    /**
     * Like {@link #forAppend(String)} with an explicit local offset.
     *
     * @param clientDate the date as the client sent it
     * @param localOffset what "local zone" means for a date with no known zone
     * @return the date to store
     * @throws AppendRejectedException with c-client's "Bad date in append" when it does not parse
     */
    public static InternalDate forAppend(String clientDate, ZoneOffset localOffset) throws AppendRejectedException {
        DateParser parser = new DateParser();
        byte[] bytes = clientDate.getBytes(StandardCharsets.UTF_8);
        if (!parser.parse(bytes, 0, bytes.length, true, minutes(localOffset))) {
            throw AppendRejectedException.badDate(clientDate);
        }
        return new InternalDate(parser.epochSecond(), parser.offsetMinutes(), parser.printClientForm());
    }

    /**
     * The date c-client writes when an APPEND gives none: now, in the JVM's
     * default zone, with a zero-padded day ({@code "01-Jan-2024 22:04:05 -0500"}).
     *
     * @return the current time as an internal date
     */
    public static InternalDate now() {
        return now(Clock.systemDefaultZone());
    }

    /**
     * The date c-client writes when an APPEND gives none, from {@code clock}
     * and its zone, with a zero-padded day.
     *
     * @param clock the time and zone to use
     * @return that time as an internal date, truncated to the second
     */
    public static InternalDate now(Clock clock) {
        Instant instant = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        ZonedDateTime local = instant.atZone(clock.getZone());
        int offset = local.getOffset().getTotalSeconds() / 60;
        StringBuilder b = new StringBuilder(26);
        DateParser.appendTwo(b, local.getDayOfMonth()).append('-')
                .append(DateParser.monthName(local.getMonthValue())).append('-').append(local.getYear()).append(' ');
        DateParser.appendTwo(b, local.getHour()).append(':');
        DateParser.appendTwo(b, local.getMinute()).append(':');
        // c-client's "%+03d" loses the sign of offsets between -1h and 0 (spec §2.2); we print it correctly
        DateParser.appendTwo(b, local.getSecond()).append(' ').append(offset < 0 ? '-' : '+');
        DateParser.appendTwo(b, Math.abs(offset) / 60);
        DateParser.appendTwo(b, Math.abs(offset) % 60);
        return new InternalDate(instant.getEpochSecond(), offset, b.toString());
    }

    /**
     * An internal date from its instant and zone (as the index keeps it), printed as c-client prints a date it was
     * given: space-padded day, numeric zone.
     *
     * @param epochSecond seconds since the epoch
     * @param zoneOffsetMinutes the zone, minutes east of UTC
     * @return the date
     */
    public static InternalDate of(long epochSecond, int zoneOffsetMinutes) {
        return now(Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.ofTotalSeconds(zoneOffsetMinutes * 60)))
                .normalized();
    }

    /**
     * This date as c-client re-prints it when copying the message or
     * answering INTERNALDATE: the parsed fields with a space-padded day and
     * the numeric zone, e.g. {@code "3-Jan-2024"} (no time, read in zone
     * +0100) becomes {@code " 3-Jan-2024 00:00:00 +0100"}.
     *
     * @return the re-printed date (this one when the text is already in that form)
     */
    public InternalDate normalized() {
        DateParser parser = new DateParser();
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (!parser.parse(bytes, 0, bytes.length, false, zoneOffsetMinutes)) {
            throw new IllegalStateException("internal date text does not parse: " + text);
        }
        String printed = parser.printClientForm();
        return printed.equals(text) ? this : new InternalDate(epochSecond, zoneOffsetMinutes, printed);
    }

    /** @return the instant */
    public Instant instant() {
        return Instant.ofEpochSecond(epochSecond);
    }

    /** @return the zone offset */
    public ZoneOffset offset() {
        return ZoneOffset.ofTotalSeconds(zoneOffsetMinutes * 60);
    }

    /** @return the instant seen in the stored zone offset */
    public OffsetDateTime toOffsetDateTime() {
        return instant().atOffset(offset());
    }

    static int currentLocalOffset(Clock clock) {
        ZoneId zone = clock.getZone();
        return zone.getRules().getOffset(clock.instant()).getTotalSeconds() / 60;
    }

    private static ZoneOffset localOffsetNow() {
        return ZoneOffset.ofTotalSeconds(currentLocalOffset(Clock.systemDefaultZone()) * 60);
    }

    private static int minutes(ZoneOffset offset) {
        return offset.getTotalSeconds() / 60;
    }
}

package org.mailtxt.mailstore.format;

import java.time.LocalDate;

/**
 * c-client's date parser ({@code mail_parse_date}, spec §2.5) over ASCII
 * bytes, without allocating, so the {@link RecordScanner} can run it on every
 * header line. C semantics are reproduced where they decide what is accepted:
 * {@code strtoul} (leading white space, a sign, "no digits" leaves the
 * pointer where it was), a NUL byte ends the string, and the zone hours are
 * kept in c-client's 4-bit field. The fields of the last successful parse
 * are left in this object. Not thread-safe: one instance per scanning thread.
 */
final class DateParser {

    static final int BASE_YEAR = 1970;
    static final int MAX_YEAR = 2097;
    /** c-client copies the date into a MAILTMPLEN buffer and refuses longer ones. */
    private static final int MAX_LENGTH = 1023;
    /** Stands for any value c-client's unsigned long would hold beyond what we check. */
    private static final long HUGE = Long.MAX_VALUE;
    private static final int UNKNOWN = Integer.MIN_VALUE;

    private static final String[] MONTHS = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

    int day;
    int month;
    int year;
    int hours;
    int minutes;
    int seconds;
    boolean west;
    int zoneHours;
    int zoneMinutes;

    private byte[] s;
    private int end;
    private int next;

    /**
     * @param bytes the date text
     * @param from first byte
     * @param to end (exclusive)
     * @param allowWeekday skip a leading {@code "Www, "} (APPEND input only)
     * @param localOffsetMinutes the local zone's current offset, used when there is no known zone
     * @return whether c-client would accept it; the fields hold the result when true
     */
    boolean parse(byte[] bytes, int from, int to, boolean allowWeekday, int localOffsetMinutes) {
        s = bytes;
        end = to;
        for (int i = from; i < to; i++) {
            if (bytes[i] == 0) {
                end = i;
                break;
            }
        }
        if (end - from <= 0 || end - from > MAX_LENGTH) {
            return false;
        }
        day = month = year = hours = minutes = seconds = zoneHours = zoneMinutes = 0;
        west = false;
        int p = from;
        if (allowWeekday && isAlpha(at(p)) && isAlpha(at(p + 1)) && isAlpha(at(p + 2))
                && at(p + 3) == ',' && at(p + 4) == ' ') {
            p += 5;
        }
        while (at(p) == ' ') {
            p++;
        }
        return parseDate(p) && parseTimeAndZone(next, localOffsetMinutes);
    }

    /** The text c-client's {@code mail_date} prints for the parsed fields: day padded with a space. */
    String printClientForm() {
        StringBuilder b = new StringBuilder(26);
        int d = day == 0 ? 1 : day;
        b.append(d < 10 ? " " : "").append(d).append('-').append(monthName(month)).append('-').append(year)
                .append(' ');
        appendTwo(b, hours).append(':');
        appendTwo(b, minutes).append(':');
        appendTwo(b, seconds).append(' ').append(west ? '-' : '+');
        appendTwo(b, zoneHours);
        appendTwo(b, zoneMinutes);
        return b.toString();
    }

    /** Seconds since the epoch, counting days linearly from the 1st as c-client's {@code mail_longdate} does. */
    long epochSecond() {
        long days = LocalDate.of(year, month, 1).toEpochDay() + (day == 0 ? 0 : day - 1);
        return days * 86_400L + hours * 3_600L + minutes * 60L + seconds - offsetMinutes() * 60L;
    }

    int offsetMinutes() {
        int total = zoneHours * 60 + zoneMinutes;
        return west ? -total : total;
    }

    static String monthName(int month) {
        String upper = MONTHS[month - 1];
        return upper.charAt(0) + upper.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    static StringBuilder appendTwo(StringBuilder b, int value) {
        return b.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    @SuppressWarnings("fallthrough")
    private boolean parseDate(int start) {
        long m = strtoul(start);
        int p = next;
        if (m == 0) {
            return false;
        }
        long d;
        long y;
        switch (at(p)) {
            case '/':
                if (!isDigit(at(p + 1))) {
                    return false;
                }
                d = strtoul(p + 1);
                p = next;
                if (d == 0 || at(p) != '/' || !isDigit(at(p + 1))) {
                    return false;
                }
                y = strtoul(p + 1);
                p = next;
                if (at(p) != 0) {
                    return false;
                }
                break;
            case ' ':
                while (at(p + 1) == ' ') {
                    p++;
                }
                // falls through: "D Mon Y" is parsed like "D-Mon-Y"
            case '-':
                if (isDigit(at(p + 1))) {
                    y = m;
                    m = strtoul(p + 1);
                    p = next;
                    if (m == 0 || at(p) != '-') {
                        return false;
                    }
                    d = strtoul(p + 1);
                    p = next;
                    if (d == 0 || at(p) != 0) {
                        return false;
                    }
                    break;
                }
                d = m;
                if (end - p < 5) {
                    return false;
                }
                m = monthNumber(p + 1);
                if (m == 0) {
                    return false;
                }
                if (at(p + 4) == at(p)) {
                    p += 5;
                } else {
                    int delimiter = at(p);
                    for (p += 4; isAlpha(at(p)); p++) {
                        // skip the rest of a long month name
                    }
                    if (delimiter != at(p++)) {
                        return false;
                    }
                }
                while (at(p) == ' ') {
                    p++;
                }
                if (!isDigit(at(p))) {
                    return false;
                }
                y = strtoul(p);
                p = next;
                if (at(p) != 0 && at(p) != ' ') {
                    return false;
                }
                break;
            case 0:
                if (m < BASE_YEAR * 10_000L) {
                    return false;
                }
                y = m / 10_000;
                d = (m % 10_000) % 100;
                m = (m % 10_000) / 100;
                break;
            default:
                return false;
        }
        if (d > 31 || m < 1 || m > 12) {
            return false;
        }
        if (y < 49) {
            y += 2000;
        } else if (y < 999) {
            y += 1900;
        }
        if (y < BASE_YEAR || y > MAX_YEAR) {
            return false;
        }
        day = (int) d;
        month = (int) m;
        year = (int) y;
        next = p;
        return true;
    }

    @SuppressWarnings("fallthrough")
    private boolean parseTimeAndZone(int start, int localOffsetMinutes) {
        int p = start;
        if (at(p) == 0) {
            setZone(localOffsetMinutes);
            return true;
        }
        long h = strtoul(p + 1);
        p = next;
        if (at(p) != ':') {
            return false;
        }
        long mi = strtoul(p + 1);
        p = next;
        long sec = 0;
        if (at(p) == ':') {
            sec = strtoul(p + 1);
            p = next;
        }
        if (h > 23 || mi > 59 || sec > 60) {
            return false;
        }
        hours = (int) h;
        minutes = (int) mi;
        seconds = (int) sec;
        switch (at(p)) {
            case ' ':
                while (at(p + 1) == ' ') {
                    p++;
                }
                if (!isAlpha(at(p + 1))) {
                    parseNumericZone(p + 1);
                    return true;
                }
                // falls through: an alphabetic zone after spaces is symbolic
            case '-': {
                int symbolic = symbolicZoneMinutes(p + 1);
                setZone(symbolic == UNKNOWN ? localOffsetMinutes : symbolic);
                return true;
            }
            default:
                setZone(localOffsetMinutes);
                return true;
        }
    }

    /** c-client accepts a bad numeric zone with offset zero, keeping a minus sign. */
    private void parseNumericZone(int start) {
        int p = start;
        west = at(p) == '-';
        if (west || at(p) == '+') {
            p++;
        }
        if (isDigit(at(p)) && isDigit(at(p + 1)) && isDigit(at(p + 2)) && at(p + 2) < '6' && isDigit(at(p + 3))) {
            // c-client keeps zone hours in a 4-bit field of its message cache
            zoneHours = ((at(p) - '0') * 10 + (at(p + 1) - '0')) & 0xF;
            zoneMinutes = (at(p + 2) - '0') * 10 + (at(p + 3) - '0');
        }
    }

    private int symbolicZoneMinutes(int start) {
        int length = end - start;
        if (length == 0) {
            return 0;
        }
        if (length > 3) {
            return UNKNOWN;
        }
        StringBuilder name = new StringBuilder(3);
        for (int i = start; i < end; i++) {
            name.append((char) upper(s[i]));
        }
        return SymbolicZones.offsetMinutes(name.toString(), UNKNOWN);
    }

    private void setZone(int offsetMinutes) {
        west = offsetMinutes < 0;
        int total = Math.abs(offsetMinutes);
        zoneHours = (total / 60) & 0xF;
        zoneMinutes = total % 60;
    }

    private int monthNumber(int p) {
        for (int i = 0; i < MONTHS.length; i++) {
            String name = MONTHS[i];
            if (upper(at(p)) == name.charAt(0) && upper(at(p + 1)) == name.charAt(1)
                    && upper(at(p + 2)) == name.charAt(2)) {
                return i + 1;
            }
        }
        return 0;
    }

    /**
     * C {@code strtoul(s + start, &next, 10)}: returns 0 and leaves {@link #next}
     * at {@code start} when there are no digits; a negative or overflowing
     * number comes back as {@link #HUGE}, larger than any limit checked.
     */
    private long strtoul(int start) {
        int p = start;
        while (isSpace(at(p))) {
            p++;
        }
        boolean negative = at(p) == '-';
        if (negative || at(p) == '+') {
            p++;
        }
        if (!isDigit(at(p))) {
            next = start;
            return 0;
        }
        long value = 0;
        boolean overflow = false;
        for (; isDigit(at(p)); p++) {
            if (value > (HUGE - 9) / 10) {
                overflow = true;
            } else {
                value = value * 10 + (at(p) - '0');
            }
        }
        next = p;
        return overflow || (negative && value != 0) ? HUGE : value;
    }

    private int at(int i) {
        return i < end ? s[i] & 0xFF : 0;
    }

    private static int upper(int c) {
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    }

    private static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}

package org.mailtxt.mailstore.format;

import java.util.Map;

/**
 * The symbolic time zones c-client's date parser knows (spec §2.5): UT, GMT,
 * the military letters and a few North American, European and Japanese
 * names. Anything else means "the reader's local zone". Immutable; thread-safe.
 */
final class SymbolicZones {

    private static final Map<String, Integer> HOURS = Map.ofEntries(
            Map.entry("UT", 0), Map.entry("UTC", 0), Map.entry("GMT", 0), Map.entry("Z", 0),
            Map.entry("MET", 1), Map.entry("A", 1),
            Map.entry("EET", 2), Map.entry("B", 2),
            Map.entry("C", 3), Map.entry("D", 4), Map.entry("E", 5), Map.entry("F", 6),
            Map.entry("G", 7), Map.entry("H", 8),
            Map.entry("JST", 9), Map.entry("I", 9),
            Map.entry("K", 10), Map.entry("L", 11), Map.entry("M", 12),
            Map.entry("N", -1), Map.entry("O", -2),
            Map.entry("ADT", -3), Map.entry("P", -3),
            Map.entry("AST", -4), Map.entry("EDT", -4), Map.entry("Q", -4),
            Map.entry("EST", -5), Map.entry("CDT", -5), Map.entry("R", -5),
            Map.entry("CST", -6), Map.entry("MDT", -6), Map.entry("S", -6),
            Map.entry("MST", -7), Map.entry("PDT", -7), Map.entry("T", -7),
            Map.entry("PST", -8), Map.entry("YDT", -8), Map.entry("U", -8),
            Map.entry("YST", -9), Map.entry("V", -9),
            Map.entry("HST", -10), Map.entry("W", -10),
            Map.entry("X", -11), Map.entry("Y", -12));

    private SymbolicZones() {
    }

    /**
     * @param upperCaseName zone name in upper case
     * @param unknown what to return for a name not in the table
     * @return the zone's offset from UTC in minutes, or {@code unknown}
     */
    static int offsetMinutes(String upperCaseName, int unknown) {
        Integer hours = HOURS.get(upperCaseName);
        return hours == null ? unknown : hours * 60;
    }
}

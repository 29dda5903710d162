package org.mailtxt.mailstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a c-client style keyword list: the first line {@code set keywords NAME1, NAME2 ...} of a file such as
 * {@code /etc/c-client.cf} or {@code conf/keywords.cf} (spec/tenex-mtx-format.md §5). Position in the list is the
 * keyword number. Stateless.
 */
public final class KeywordList {
    private KeywordList() {
    }

    /** The list of the first {@code set keywords} line; an empty list if there is none. */
    public static List<String> read(Path file) throws IOException {
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            String t = line.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("set keywords")
                    && (t.length() == 12 || Character.isWhitespace(t.charAt(12)))) {
                return parse(file, t.substring(12));
            }
        }
        return List.of();
    }

    static List<String> parse(Path file, String names) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String n : names.split("[,\\s]+")) {
            if (n.isEmpty()) {
                continue;
            }
            if (n.length() > 50) {
                throw new IllegalArgumentException(file + ": keyword '" + n + "' is longer than 50 characters,"
                        + " which breaks c-client's list");
            }
            if (!seen.add(n.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(file + ": keyword '" + n + "' is listed twice");
            }
            out.add(n);
        }
        if (out.size() > 30) {
            throw new IllegalArgumentException(file + ": " + out.size() + " keywords listed; tenex/mtx have 30"
                    + " user-flag bits");
        }
        return out;
    }
}

package org.mailtxt.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately simple reader of tenex/mtx files for assertions (spec/tenex-mtx-format.md §2, §7.2), independent of
 * the mailstore's codecs so that a test compares mailtxt with what is really in the file, or with what c-client
 * wrote. Only files that c-client or mailtxt wrote are read: any deviation from the strict grammar fails the test.
 */
final class StoredRecords {
    private static final Pattern HEADER = Pattern.compile("(.+),(\\d+);([0-7]{10})([0-7]{2})");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:[ \\t]*(<[^>\r\n]+>)");
    private static final Pattern SUBJECT = Pattern.compile("(?im)^Subject:[ \\t]*([^\r\n]*)");

    /** One record: the header line's fields and the text exactly as stored. */
    record Record(String date, int size, int userFlags, int systemFlags, byte[] text, boolean mtx) {
        /** The text as IMAP (and c-client's fetch) sees it: CR LF newlines (tenex stores bare LFs, §3). */
        byte[] crlfText() {
            return mtx ? text : toCrlf(text);
        }

        String messageId() {
            return find(MESSAGE_ID, text).orElse("");
        }
    }

    private StoredRecords() {
    }

    static List<Record> read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        List<Record> out = new ArrayList<>();
        boolean mtx = false;
        int p = 0;
        while (p < b.length) {
            int lf = indexOf(b, (byte) '\n', p);
            if (lf < 0) {
                throw new IOException(file + ": no header line end at " + p);
            }
            if (p == 0) {
                mtx = lf > 0 && b[lf - 1] == '\r';
            }
            int end = mtx ? lf - 1 : lf;
            String line = new String(b, p, end - p, StandardCharsets.ISO_8859_1);
            Matcher m = HEADER.matcher(line);
            if (!m.matches() || (mtx && b[end] != '\r')) {
                throw new IOException(file + ": bad header line at " + p + ": " + line);
            }
            int size = Integer.parseInt(m.group(2));
            int text = lf + 1;
            if (text + size > b.length) {
                throw new IOException(file + ": record at " + p + " runs past the end of the file");
            }
            out.add(new Record(m.group(1), size, Integer.parseInt(m.group(3), 8), Integer.parseInt(m.group(4), 8),
                    Arrays.copyOfRange(b, text, text + size), mtx));
            p = text + size;
        }
        return out;
    }

    static String messageIdOf(byte[] text) {
        return find(MESSAGE_ID, text).orElse("");
    }

    static String subjectOf(byte[] text) {
        return find(SUBJECT, text).orElse("");
    }

    static byte[] toCrlf(byte[] lf) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(lf.length + lf.length / 20);
        for (int i = 0; i < lf.length; i++) {
            if (lf[i] == '\n' && (i == 0 || lf[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(lf[i]);
        }
        return out.toByteArray();
    }

    private static Optional<String> find(Pattern p, byte[] text) {
        Matcher m = p.matcher(new String(text, StandardCharsets.ISO_8859_1));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }
}

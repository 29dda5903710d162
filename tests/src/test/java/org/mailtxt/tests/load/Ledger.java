package org.mailtxt.tests.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the workload did to the mailboxes, by Message-ID, and the final accounting against what the server holds:
 * every message appended and not marked for deletion must be present exactly once, with the size it was appended
 * with; a message marked {@code \Deleted} may be gone or still there (flagged) once; an APPEND whose reply never came
 * may have landed at most once; nothing else may be there. Thread-safe: clients record concurrently.
 */
final class Ledger {
    enum State { PRESENT, DELETED, UNCERTAIN }

    private record Entry(String mailbox, int size, State state) {
    }

    private static final Pattern UID = Pattern.compile("\\bUID (\\d+)");
    private static final Pattern SIZE = Pattern.compile("\\bRFC822\\.SIZE (\\d+)");
    private static final Pattern FLAGS = Pattern.compile("\\bFLAGS \\(([^)]*)\\)");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?i)Message-ID:\\s*(<[^>\\s]+>)");

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    void appended(String messageId, String mailbox, int size) {
        entries.put(messageId, new Entry(mailbox, size, State.PRESENT));
    }

    void uncertain(String messageId, String mailbox, int size) {
        entries.put(messageId, new Entry(mailbox, size, State.UNCERTAIN));
    }

    void markedDeleted(String messageId) {
        entries.computeIfPresent(messageId, (k, e) -> new Entry(e.mailbox, e.size, State.DELETED));
    }

    int count(State state) {
        return (int) entries.values().stream().filter(e -> e.state == state).count();
    }

    /** The result of the final accounting; {@code problems} lists the first offending Message-IDs. */
    record Verdict(int expected, int present, int lost, int duplicated, int unknown, int sizeMismatch,
                   int flaggedButExpectedClean, int deletedStillThere, List<String> problems) {
        boolean ok() {
            return lost == 0 && duplicated == 0 && unknown == 0 && sizeMismatch == 0 && flaggedButExpectedClean == 0;
        }
    }

    /**
     * Checks the final FETCH of every mailbox ({@code UID RFC822.SIZE FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]})
     * against the ledger.
     */
    Verdict verify(Map<String, List<String>> fetchLinesByMailbox) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int unknown = 0;
        int sizeMismatch = 0;
        int flagged = 0;
        int deletedThere = 0;
        int present = 0;
        for (Map.Entry<String, List<String>> box : fetchLinesByMailbox.entrySet()) {
            for (String line : box.getValue()) {
                if (!line.contains(" FETCH (")) {
                    continue;
                }
                present++;
                Matcher id = MESSAGE_ID.matcher(line);
                if (!id.find()) {
                    unknown++;
                    note(problems, "no Message-ID in " + box.getKey() + ": " + abbreviate(line));
                    continue;
                }
                String messageId = id.group(1);
                Entry e = entries.get(messageId);
                if (e == null || !e.mailbox.equals(box.getKey())) {
                    unknown++;
                    note(problems, "unexpected " + messageId + " in " + box.getKey());
                    continue;
                }
                seen.merge(messageId, 1, Integer::sum);
                Matcher size = SIZE.matcher(line);
                if (size.find() && Integer.parseInt(size.group(1)) != e.size) {
                    sizeMismatch++;
                    note(problems, messageId + " has RFC822.SIZE " + size.group(1) + ", appended " + e.size);
                }
                Matcher flags = FLAGS.matcher(line);
                boolean deletedFlag = flags.find() && flags.group(1).contains("\\Deleted");
                if (e.state == State.PRESENT && deletedFlag) {
                    flagged++;
                    note(problems, messageId + " carries \\Deleted but the workload never set it");
                } else if (e.state == State.DELETED) {
                    deletedThere++;
                }
            }
        }
        int expected = 0;
        int lost = 0;
        int duplicated = 0;
        for (Map.Entry<String, Entry> en : entries.entrySet()) {
            int n = seen.getOrDefault(en.getKey(), 0);
            State state = en.getValue().state;
            if (state == State.PRESENT) {
                expected++;
                if (n == 0) {
                    lost++;
                    note(problems, "lost " + en.getKey() + " (appended to " + en.getValue().mailbox + ")");
                }
            }
            if (n > 1) {
                duplicated++;
                note(problems, en.getKey() + " is present " + n + " times");
            }
        }
        return new Verdict(expected, present, lost, duplicated, unknown, sizeMismatch, flagged, deletedThere,
                problems);
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < 20) {
            problems.add(problem);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}

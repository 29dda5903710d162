package org.mailtxt.locking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lock diagnostics from {@code /proc/locks}: who holds (or waits for) which lock on which file. Backs the "busy"
 * outcomes of this module, the "in use by pid 4711 (mailutil)" messages of the mailstore, and the admin CLI's
 * {@code locks} command. Stateless and thread-safe; every call reads the kernel's table afresh.
 */
public final class ProcLocks {
    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private ProcLocks() {
    }

    /** Every lock line the kernel reports right now. */
    public static List<LockHolder> all() throws IOException {
        return parse(Files.readAllLines(PROC_LOCKS, StandardCharsets.US_ASCII));
    }

    /** Holders and waiters of locks on the file at {@code path} (symbolic links are not followed). */
    public static List<LockHolder> on(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
        FileStat id = new FileStat((Long) a.get("dev"), (Long) a.get("ino"), 0, 0, 0, 0, 0, 0, 0);
        return on(id);
    }

    /** Holders and waiters of locks on the file with the identity of {@code file}. */
    public static List<LockHolder> on(FileStat file) throws IOException {
        List<LockHolder> out = new ArrayList<>();
        for (LockHolder h : all()) {
            if (h.isOn(file)) {
                out.add(h);
            }
        }
        return out;
    }

    /**
     * Who holds a mailbox: the locks on the file itself and on its c-client parse-lock file in {@code lockDirectory}
     * (the data behind the admin CLI's {@code locks} command).
     */
    public static MailboxLocks onMailbox(Path mailbox, Path lockDirectory) throws IOException {
        Map<String, Object> a = Files.readAttributes(mailbox, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
        FileStat id = new FileStat((Long) a.get("dev"), (Long) a.get("ino"), 0, 0, 0, 0, 0, 0, 0);
        Path parseLock = ParseLock.nameFor(id, lockDirectory);
        List<LockHolder> parseHolders = List.of();
        if (Files.exists(parseLock, LinkOption.NOFOLLOW_LINKS)) {
            parseHolders = on(parseLock);
        }
        return new MailboxLocks(mailbox, on(id), parseLock, parseHolders);
    }

    /**
     * The locks on a mailbox and on its parse-lock file at one instant.
     *
     * @param mailbox the mailbox file
     * @param onMailbox holders and waiters of locks on the mailbox itself (c-client's "A" lock)
     * @param parseLock the parse-lock file name (it may not exist)
     * @param onParseLock holders and waiters of the parse lock (c-client's "B" lock)
     */
    public record MailboxLocks(Path mailbox, List<LockHolder> onMailbox, Path parseLock, List<LockHolder> onParseLock) {
    }

    /** Like {@link #on(FileStat)} but never fails: diagnostics must not turn a "busy" answer into an I/O error. */
    static List<LockHolder> onQuietly(FileStat file) {
        try {
            return on(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Parses lines in the kernel's format ({@code fs/locks.c lock_get_status}), e.g.
     * {@code 1: FLOCK  ADVISORY  WRITE 4711 fe:00:1476353 0 EOF} and, for a waiter,
     * {@code 1: -> FLOCK  ADVISORY  READ 4712 fe:00:1476353 0 EOF}. Lines it cannot read are skipped.
     */
    static List<LockHolder> parse(List<String> lines) {
        List<LockHolder> out = new ArrayList<>();
        for (String line : lines) {
            LockHolder h = parseLine(line);
            if (h != null) {
                out.add(h);
            }
        }
        return out;
    }

    private static LockHolder parseLine(String line) {
        String[] t = line.trim().split("\\s+");
        int i = 1;
        if (t.length < 8 || !t[0].endsWith(":")) {
            return null;
        }
        boolean waiting = t[i].equals("->");
        if (waiting) {
            i++;
        }
        if (t.length < i + 7) {
            return null;
        }
        LockKind kind = LockKind.parse(t[i]);
        String access = t[i + 2];
        String[] id = t[i + 4].split(":");
        if (id.length != 3 || id[0].startsWith("<")) {
            return null;
        }
        try {
            long pid = Long.parseLong(t[i + 3]);
            long end = t[i + 6].equals("EOF") ? -1 : Long.parseLong(t[i + 6]);
            return new LockHolder(pid, processName(pid), kind,
                    access.startsWith("WRITE") ? LockMode.EXCLUSIVE : LockMode.SHARED, waiting,
                    Long.parseLong(id[0], 16), Long.parseLong(id[1], 16), Long.parseLong(id[2]),
                    Long.parseLong(t[i + 5]), end);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String processName(long pid) {
        if (pid <= 0) {
            return "?";
        }
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "?"; // the process ended meanwhile, or /proc is restricted
        }
    }
}

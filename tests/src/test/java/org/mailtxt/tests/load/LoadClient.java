package org.mailtxt.tests.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated client: its own connection, logged in and selected on its mailbox (shared with other clients), doing
 * operations drawn from the {@link Mix} until the run ends, timing each command from the first byte written to the
 * tagged completion read. It stores flags, searches and deletes only messages it appended itself (known by UID from
 * APPENDUID), so the {@link Ledger} knows exactly what must remain. A dropped connection is a failure, counted, and
 * the client reconnects (at most three times). Runs on its own thread; not shared.
 */
final class LoadClient implements Runnable {
    private static final Pattern APPENDUID = Pattern.compile("APPENDUID \\d+ (\\d+)");
    private static final int MAX_RECONNECTS = 3;

    private record Own(String messageId, long uid) {
    }

    private final Target target;
    private final int id;
    private final String mailbox;
    private final Mix mix;
    private final Ledger ledger;
    private final MessageMaker maker;
    private final AtomicLong budget;
    private final BooleanSupplier running;
    private final BooleanSupplier measuring;
    private final LatencyLog log = new LatencyLog();
    private final SplittableRandom random;
    private final List<Own> own = new ArrayList<>();
    private ImapConnection conn;
    private int reconnects;
    private boolean flagToggle;
    private Exception fatal;

    LoadClient(Target target, int id, String mailbox, Mix mix, Ledger ledger, MessageMaker maker, AtomicLong budget,
               BooleanSupplier running, BooleanSupplier measuring, long seed) {
        this.target = target;
        this.id = id;
        this.mailbox = mailbox;
        this.mix = mix;
        this.ledger = ledger;
        this.maker = maker;
        this.budget = budget;
        this.running = running;
        this.measuring = measuring;
        this.random = new SplittableRandom(seed);
    }

    /** Connects, logs in, selects, and appends {@code preload} messages of its own (untimed). */
    void prepare(int preload) throws IOException {
        connect();
        for (int i = 0; i < preload; i++) {
            append(false);
        }
        select(false);
    }

    @Override
    public void run() {
        try {
            while (running.getAsBoolean() && budget.getAndDecrement() > 0) {
                Operation op = mix.pick(random);
                try {
                    perform(op, measuring.getAsBoolean());
                } catch (IOException e) {
                    if (!(e instanceof SelectRefused)) {
                        log.failure(op, "connection: " + e);
                    }
                    if (++reconnects > MAX_RECONNECTS) {
                        throw e;
                    }
                    conn.close();
                    connect();
                    select(false);
                }
            }
        } catch (Exception e) {
            fatal = e;
        } finally {
            try {
                if (conn != null) {
                    conn.command("LOGOUT");
                    conn.close();
                }
            } catch (IOException ignored) {
                // the session is over either way; LOGOUT is a courtesy
            }
        }
    }

    LatencyLog log() {
        return log;
    }

    Exception fatal() {
        return fatal;
    }

    private void connect() throws IOException {
        conn = new ImapConnection(target.host(), target.port(), target.timeoutMillis());
        ImapConnection.Reply r = conn.command("LOGIN " + quote(target.user()) + " " + quote(target.password()));
        if (!r.ok()) {
            throw new IOException("LOGIN refused for " + target.user() + ": " + r.status());
        }
    }

    private void perform(Operation op, boolean timed) throws IOException {
        switch (op) {
            case APPEND -> append(timed);
            case SELECT -> select(timed);
            case FETCH_HEADERS -> {
                int n = conn.exists();
                if (n > 0) {
                    int from = 1 + random.nextInt(n);
                    int to = Math.min(n, from + 19);
                    timed(op, timed, "FETCH " + from + ":" + to
                            + " (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT DATE MESSAGE-ID)])");
                }
            }
            case FETCH_BODY -> {
                int n = conn.exists();
                if (n > 0) {
                    timed(op, timed, "FETCH " + (1 + random.nextInt(n)) + " (UID BODY.PEEK[])");
                }
            }
            case SEARCH -> search(timed);
            case STORE -> {
                Own o = randomOwn();
                if (o != null) {
                    flagToggle = !flagToggle;
                    timed(op, timed, "UID STORE " + o.uid + (flagToggle ? " +" : " -") + "FLAGS (\\Flagged \\Seen)");
                }
            }
            case EXPUNGE -> expunge(timed);
        }
    }

    private void append(boolean timed) throws IOException {
        MessageMaker.Message m = maker.next(id, random);
        long start = System.nanoTime();
        ImapConnection.Reply r;
        try {
            r = conn.append(mailbox, "()", m.bytes());
        } catch (IOException e) {
            ledger.uncertain(m.messageId(), mailbox, m.bytes().length);
            throw e;
        }
        long nanos = System.nanoTime() - start;
        if (!r.ok()) {
            log.failure(Operation.APPEND, r.status());
            return;
        }
        ledger.appended(m.messageId(), mailbox, m.bytes().length);
        Matcher uid = APPENDUID.matcher(r.status());
        if (uid.find()) {
            own.add(new Own(m.messageId(), Long.parseLong(uid.group(1))));
        }
        if (timed) {
            log.record(Operation.APPEND, nanos);
        }
    }

    /** A refused SELECT (already counted as a failure) is tried once more, untimed; a second refusal ends the session. */
    private void select(boolean timed) throws IOException {
        ImapConnection.Reply r = timed(Operation.SELECT, timed, "SELECT " + mailbox);
        if (!r.ok() && !conn.command("SELECT " + mailbox).ok()) {
            throw new SelectRefused("SELECT " + mailbox + " refused twice: " + r.status());
        }
    }

    /** The server refused to select the client's mailbox twice in a row; the failure is already counted. */
    static final class SelectRefused extends IOException {
        SelectRefused(String message) {
            super(message);
        }
    }

    /** Finds one of its own messages by Message-ID; a message not marked deleted must be found, once. */
    private void search(boolean timed) throws IOException {
        Own o = randomOwn();
        if (o == null) {
            return;
        }
        ImapConnection.Reply r = timed(Operation.SEARCH, timed, "UID SEARCH HEADER Message-ID \"" + o.messageId + "\"");
        if (r.ok()) {
            String hits = r.untagged().stream().filter(l -> l.startsWith("* SEARCH")).findFirst().orElse("* SEARCH");
            if (!(hits + " ").equals("* SEARCH " + o.uid + " ")) {
                log.failure(Operation.SEARCH, "searching " + o.messageId + " (UID " + o.uid + ") gave '" + hits + "'");
            }
        }
    }

    private void expunge(boolean timed) throws IOException {
        Own o = randomOwn();
        if (o != null) {
            ImapConnection.Reply r = timed(Operation.STORE, timed, "UID STORE " + o.uid + " +FLAGS.SILENT (\\Deleted)");
            if (r.ok()) {
                own.remove(o);
                ledger.markedDeleted(o.messageId);
            }
        }
        timed(Operation.EXPUNGE, timed, "EXPUNGE");
    }

    private ImapConnection.Reply timed(Operation op, boolean timed, String command) throws IOException {
        long start = System.nanoTime();
        ImapConnection.Reply r = conn.command(command);
        long nanos = System.nanoTime() - start;
        if (!r.ok()) {
            log.failure(op, command + " -> " + r.status());
        } else if (timed) {
            log.record(op, nanos);
        }
        return r;
    }

    private Own randomOwn() {
        return own.isEmpty() ? null : own.get(random.nextInt(own.size()));
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Where to connect and as whom. */
    record Target(String host, int port, String user, String password, int timeoutMillis) {
    }
}

package org.mailtxt.tests.load;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One extra session that selects a mailbox, enters IDLE and counts the untagged {@code EXISTS} the server pushes while
 * the load appends to that mailbox, remembering the last size pushed. Runs on its own thread until {@link #stop()}.
 * It polls its stop flag every 200 ms through the socket timeout; a push is a short single line, so a timeout never
 * splits one in practice.
 */
final class IdleWatcher implements Runnable {
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS$");

    private final LoadClient.Target target;
    private final String mailbox;
    private volatile boolean stopping;
    private volatile int pushes;
    private volatile int expungePushes;
    private volatile int lastExists = -1;
    private volatile int existsAtStart = -1;
    private volatile Exception failure;

    IdleWatcher(LoadClient.Target target, String mailbox) {
        this.target = target;
        this.mailbox = mailbox;
    }

    @Override
    public void run() {
        try (ImapConnection c = new ImapConnection(target.host(), target.port(), target.timeoutMillis())) {
            c.command("LOGIN " + LoadClient.quote(target.user()) + " " + LoadClient.quote(target.password()));
            c.command("SELECT " + mailbox);
            existsAtStart = c.exists();
            String tag = c.startIdle();
            c.timeout(200);
            while (!stopping) {
                String line;
                try {
                    line = c.readLine();
                } catch (SocketTimeoutException e) {
                    continue;
                }
                Matcher m = EXISTS.matcher(line);
                if (m.matches()) {
                    pushes++;
                    lastExists = Integer.parseInt(m.group(1));
                } else if (line.endsWith(" EXPUNGE")) {
                    expungePushes++;
                }
            }
            c.timeout(target.timeoutMillis());
            c.endIdle(tag);
            c.command("LOGOUT");
        } catch (Exception e) {
            failure = e;
        }
    }

    void stop() {
        stopping = true;
    }

    String summary() {
        return "IDLE on " + mailbox + ": " + pushes + " EXISTS pushes (size " + existsAtStart + " -> "
                + (lastExists < 0 ? "unchanged" : lastExists) + "), " + expungePushes + " EXPUNGE pushes" + (failure == null ? "" : "; failed: " + failure);
    }

    int pushes() {
        return pushes;
    }

    Exception failure() {
        return failure;
    }
}

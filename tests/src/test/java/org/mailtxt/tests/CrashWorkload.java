package org.mailtxt.tests;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.mailtxt.mailstore.AppendRequest;
import org.mailtxt.mailstore.FlagChange;
import org.mailtxt.mailstore.MailStore;
import org.mailtxt.mailstore.MailStoreConfig;
import org.mailtxt.mailstore.MessageInfo;
import org.mailtxt.mailstore.OpenMailbox;
import org.mailtxt.mailstore.format.SystemFlags;

/**
 * The child JVM of {@link CrashTest}: appends, changes flags and expunges in a loop until it is killed with SIGKILL,
 * telling the parent on stdout what has been acknowledged: {@code APPENDED uid id}, {@code EXPUNGING uid...} before
 * an expunge and {@code EXPUNGED} after it.
 * Usage: CrashWorkload MAILBOX DATA_DIR SEED
 */
public final class CrashWorkload {
    private CrashWorkload() {
    }

    /** The message with this id: deterministic, so the parent can check it is intact. */
    static byte[] message(String id) {
        Random r = new Random(id.hashCode());
        StringBuilder b = new StringBuilder("Message-ID: <" + id + "@crash.test>\r\nSubject: " + id + "\r\n\r\n");
        int lines = 1 + r.nextInt(r.nextInt(10) == 0 ? 3000 : 40);
        for (int i = 0; i < lines; i++) {
            b.append(id).append(" line ").append(i).append(' ').append(Long.toHexString(r.nextLong())).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) throws Exception {
        Path mailbox = Path.of(args[0]);
        Path data = Path.of(args[1]);
        long seed = Long.parseLong(args[2]);
        Random rnd = new Random(seed);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        try (MailStore store = MailStore.open(MailStoreConfig.defaults(data));
             OpenMailbox m = store.open(mailbox, false)) {
            out.println("READY");
            for (int n = 0; ; n++) {
                int op = rnd.nextInt(10);
                if (op < 6) {
                    int batch = 1 + rnd.nextInt(4);
                    List<AppendRequest> reqs = new ArrayList<>();
                    List<String> ids = new ArrayList<>();
                    for (int k = 0; k < batch; k++) {
                        String id = "s" + seed + "-" + n + "-" + k;
                        ids.add(id);
                        reqs.add(AppendRequest.of(message(id)));
                    }
                    List<Long> uids = m.append(reqs).uids();
                    for (int k = 0; k < batch; k++) {
                        out.println("APPENDED " + uids.get(k) + " " + ids.get(k));
                    }
                } else if (op < 8) {
                    List<MessageInfo> all = m.messages();
                    if (!all.isEmpty()) {
                        long uid = all.get(rnd.nextInt(all.size())).uid();
                        m.updateFlags(List.of(uid), new FlagChange(FlagChange.Mode.ADD,
                                rnd.nextBoolean() ? SystemFlags.SEEN : SystemFlags.FLAGGED, Set.of()));
                    }
                } else {
                    List<MessageInfo> all = m.messages();
                    List<Long> doomed = new ArrayList<>();
                    for (MessageInfo i : all) {
                        if (rnd.nextInt(4) == 0) {
                            doomed.add(i.uid());
                        }
                    }
                    if (doomed.isEmpty()) {
                        continue;
                    }
                    StringBuilder line = new StringBuilder("EXPUNGING");
                    doomed.forEach(u -> line.append(' ').append(u));
                    out.println(line);
                    m.updateFlags(doomed, new FlagChange(FlagChange.Mode.ADD, SystemFlags.DELETED, Set.of()));
                    m.expunge(doomed);
                    out.println("EXPUNGED");
                }
            }
        }
    }
}

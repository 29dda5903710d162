package org.mailtxt.imap.mailbox;

import java.util.LinkedHashSet;
import java.util.Set;
import javax.mail.Flags;
import org.mailtxt.mailstore.MessageInfo;
import org.mailtxt.mailstore.format.SystemFlags;

/** IMAP flags ({@link Flags}) ⇄ the mailstore's system-flag bits and keyword names. Stateless. */
public final class FlagMapping {
    private FlagMapping() {
    }

    public static Flags toJames(MessageInfo m) {
        Flags f = new Flags();
        int s = m.systemFlags();
        if ((s & SystemFlags.SEEN) != 0) {
            f.add(Flags.Flag.SEEN);
        }
        if ((s & SystemFlags.DELETED) != 0) {
            f.add(Flags.Flag.DELETED);
        }
        if ((s & SystemFlags.FLAGGED) != 0) {
            f.add(Flags.Flag.FLAGGED);
        }
        if ((s & SystemFlags.ANSWERED) != 0) {
            f.add(Flags.Flag.ANSWERED);
        }
        if ((s & SystemFlags.DRAFT) != 0) {
            f.add(Flags.Flag.DRAFT);
        }
        if (m.recent()) {
            f.add(Flags.Flag.RECENT);
        }
        for (String k : m.keywords()) {
            f.add(k);
        }
        return f;
    }

    static int systemBits(Flags f) {
        int s = 0;
        s |= f.contains(Flags.Flag.SEEN) ? SystemFlags.SEEN : 0;
        s |= f.contains(Flags.Flag.DELETED) ? SystemFlags.DELETED : 0;
        s |= f.contains(Flags.Flag.FLAGGED) ? SystemFlags.FLAGGED : 0;
        s |= f.contains(Flags.Flag.ANSWERED) ? SystemFlags.ANSWERED : 0;
        s |= f.contains(Flags.Flag.DRAFT) ? SystemFlags.DRAFT : 0;
        return s;
    }

    static Set<String> keywords(Flags f) {
        return new LinkedHashSet<>(java.util.List.of(f.getUserFlags()));
    }

    /** Flags for comparison: \Recent is per session and never stored. */
    static Flags withoutRecent(Flags f) {
        Flags c = new Flags(f);
        c.remove(Flags.Flag.RECENT);
        return c;
    }
}

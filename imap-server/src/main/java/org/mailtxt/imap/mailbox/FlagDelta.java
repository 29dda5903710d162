package org.mailtxt.imap.mailbox;

import java.util.Collection;
import java.util.Optional;
import javax.mail.Flags;
import org.apache.james.mailbox.store.FlagsUpdateCalculator;
import org.mailtxt.mailstore.FlagChange;
import org.mailtxt.mailstore.MessageInfo;

/**
 * Recovers IMAP's {@code +FLAGS} / {@code -FLAGS} from James's {@link FlagsUpdateCalculator} (3.8.1 exposes neither
 * its mode nor its flags), so that the mailstore applies them to the flags in the file under its lock. Replaying
 * them as "replace with what the calculator computed from a copy read earlier" loses concurrent changes: another
 * session's or another process's keyword set between the read and the write (James's contract test
 * {@code userFlagsUpdateShouldWorkInConcurrentEnvironment}). A plain {@code FLAGS} (replace) stays a replace.
 * Stateless.
 */
final class FlagDelta {
    /** A keyword no client can send (IMAP atoms exclude controls), to tell the calculator's modes apart. */
    private static final String PROBE = "mailtxt\u0001probe";

    private FlagDelta() {
    }

    /** The add or remove the calculator performs on {@code targets}, or empty when it replaces the flags. */
    static Optional<FlagChange> of(FlagsUpdateCalculator calculator, Collection<MessageInfo> targets) {
        if (!calculator.buildNewFlags(new Flags(PROBE)).contains(PROBE)) {
            return Optional.empty(); // replace: the old flags do not survive
        }
        Flags added = FlagMapping.withoutRecent(calculator.buildNewFlags(new Flags()));
        if (added.getSystemFlags().length > 0 || added.getUserFlags().length > 0) {
            return Optional.of(new FlagChange(FlagChange.Mode.ADD, FlagMapping.systemBits(added),
                    FlagMapping.keywords(added)));
        }
        // a remove (or an add of nothing): what it takes away from the flags the targets carry
        Flags present = new Flags();
        for (MessageInfo m : targets) {
            present.add(FlagMapping.toJames(m));
        }
        Flags removed = FlagMapping.withoutRecent(present);
        removed.remove(calculator.buildNewFlags(new Flags(present)));
        return Optional.of(new FlagChange(FlagChange.Mode.REMOVE, FlagMapping.systemBits(removed),
                FlagMapping.keywords(removed)));
    }
}

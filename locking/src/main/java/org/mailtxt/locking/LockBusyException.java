package org.mailtxt.locking;

import java.util.List;

/**
 * The lock is held by someone else and the caller asked not to wait (or not that long). Carries the holders found
 * in {@code /proc/locks}, which may be empty when they cannot be seen (another pid namespace, or the holder let go
 * between the refusal and the look-up).
 */
public class LockBusyException extends LockingException {
    private static final long serialVersionUID = 1L;
    private final transient List<LockHolder> holders;

    public LockBusyException(String message, List<LockHolder> holders) {
        super(message + describe(holders));
        this.holders = List.copyOf(holders);
    }

    /** Who held the lock when the request was refused, as far as it could be seen. */
    public List<LockHolder> holders() {
        return holders;
    }

    static String describe(List<LockHolder> holders) {
        if (holders.isEmpty()) {
            return " (holder not visible in /proc/locks)";
        }
        StringBuilder sb = new StringBuilder(" (held by ");
        for (int i = 0; i < holders.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(holders.get(i).describe());
        }
        return sb.append(')').toString();
    }
}

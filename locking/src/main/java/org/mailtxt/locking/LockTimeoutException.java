package org.mailtxt.locking;

import java.util.List;

/** A bounded wait ({@link LockWait#upTo}) ran out before the lock was granted. */
public class LockTimeoutException extends LockBusyException {
    private static final long serialVersionUID = 1L;

    public LockTimeoutException(String message, List<LockHolder> holders) {
        super(message, holders);
    }
}

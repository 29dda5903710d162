package org.mailtxt.locking;

import java.io.IOException;

/** Base of every failure to take, keep or release a lock. A lock failure is never turned into success. */
public class LockingException extends IOException {
    private static final long serialVersionUID = 1L;

    public LockingException(String message) {
        super(message);
    }

    public LockingException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.mailtxt.locking;

/** A lock this process held was taken away (a dot-lock seized as stale by another process, or its file replaced). */
public class LockLostException extends LockingException {
    private static final long serialVersionUID = 1L;

    public LockLostException(String message) {
        super(message);
    }
}

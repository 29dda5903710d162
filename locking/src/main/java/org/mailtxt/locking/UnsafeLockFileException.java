package org.mailtxt.locking;

/**
 * A lock file name is booby-trapped: it is a symbolic link, has more than one hard link, or is not a regular file.
 * c-client refuses these ("symbolic link on lock name", "hard link to lock name") because following them would let
 * another user make us create or truncate files elsewhere; so do we, and nothing is written through them.
 */
public class UnsafeLockFileException extends LockingException {
    private static final long serialVersionUID = 1L;

    public UnsafeLockFileException(String message) {
        super(message);
    }
}

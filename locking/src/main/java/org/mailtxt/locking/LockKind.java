package org.mailtxt.locking;

/** The kernel's kinds of file lock, as {@code /proc/locks} names them. */
public enum LockKind {
    /** {@code flock(2)}: per open file description; the only kind c-client uses. */
    FLOCK,
    /** Classic POSIX {@code fcntl(F_SETLK)}: per process; also what Java's file channels take. */
    POSIX,
    /** Linux open-file-description {@code fcntl(F_OFD_SETLK)}: per open file description. */
    OFDLCK,
    /** A lease or delegation. */
    LEASE,
    /** Anything else the kernel reports. */
    OTHER;

    static LockKind parse(String word) {
        return switch (word) {
            case "FLOCK" -> FLOCK;
            case "POSIX" -> POSIX;
            case "OFDLCK" -> OFDLCK;
            case "LEASE", "DELEG" -> LEASE;
            default -> OTHER;
        };
    }
}

package org.mailtxt.locking;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How mailbox files are locked. {@link #FLOCK} is c-client's own protocol and the only one that excludes c-client
 * programs; {@link #DOTLOCK_FCNTL} is for network filesystems, where flock between hosts cannot be trusted: a
 * {@link DotLock} serialises writers across hosts and {@link OfdLock} record locks (carried to the NFS server)
 * protect readers' offsets. c-client on other hosts sees neither (spec/c-client-locking.md §8.9).
 */
public enum LockMethod {
    /** flock(2) on the mailbox plus the c-client parse/append lock file. */
    FLOCK,
    /** NFS-safe dot-lock plus fcntl (OFD) record locks. */
    DOTLOCK_FCNTL;

    /** The configuration setting: {@code auto} (by filesystem), {@code flock} or {@code dotlock}. */
    public enum Setting {
        AUTO, FLOCK, DOTLOCK;

        /** Parses {@code auto|flock|dotlock} (any case); the message names the accepted values. */
        public static Setting parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("lock method '" + value + "' is not one of auto, flock, dotlock", e);
            }
        }
    }

    /**
     * The method in force for a mailbox directory, and why; {@code toString()} is meant for the log and the CLI.
     *
     * @param method the method chosen
     * @param filesystem what statfs found
     * @param setting what the configuration asked for
     */
    public record Choice(LockMethod method, FilesystemKind filesystem, Setting setting) {
        @Override
        public String toString() {
            String why = setting == Setting.AUTO ? "auto: " + filesystem.name().toLowerCase(Locale.ROOT)
                    + " filesystem" : "configured " + setting.name().toLowerCase(Locale.ROOT) + ", filesystem "
                    + filesystem.name().toLowerCase(Locale.ROOT);
            String warning = method == FLOCK && !filesystem.isLocal()
                    ? "; WARNING: flock on a network filesystem does not exclude other hosts" : "";
            return (method == FLOCK ? "flock + c-client parse lock" : "dot-lock + fcntl (OFD) record locks")
                    + " (" + why + ")" + warning;
        }
    }

    /** The method for a filesystem kind under {@link Setting#AUTO}. */
    public static LockMethod forFilesystem(FilesystemKind kind) {
        return kind.isLocal() ? FLOCK : DOTLOCK_FCNTL;
    }

    /** Chooses the method for mailboxes under {@code directory}. */
    public static Choice choose(Path directory, Setting setting) throws IOException {
        FilesystemKind kind = FilesystemKind.of(directory);
        LockMethod method = switch (setting) {
            case AUTO -> forFilesystem(kind);
            case FLOCK -> FLOCK;
            case DOTLOCK -> DOTLOCK_FCNTL;
        };
        return new Choice(method, kind, setting);
    }
}

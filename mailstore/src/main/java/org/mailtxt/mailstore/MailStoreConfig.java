package org.mailtxt.mailstore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.mailtxt.locking.LockMethod;
import org.mailtxt.locking.ParseLock;
import org.mailtxt.mailstore.format.MailboxFormat;

/**
 * How a {@link MailStore} works.
 *
 * @param dataDirectory where the index lives (created if missing)
 * @param lockDirectory where c-client's parse-lock files live ({@code /tmp}; shared by all users, mode 1777)
 * @param lockMethod auto (by filesystem), flock or dotlock
 * @param lockWait how long any lock request may wait before the operation fails (c-client waits forever)
 * @param keywords the c-client style keyword list (index = keyword number); the same as c-client's
 *     {@code set keywords} line for mailboxes c-client also uses
 * @param maxMessageSize largest message an append accepts, in bytes
 * @param inboxFormat the format of an empty INBOX (c-client accepts an empty INBOX as tenex/mtx, spec §7.1)
 * @param watchInterval how often open mailboxes are checked for changes by other processes
 */
public record MailStoreConfig(Path dataDirectory, Path lockDirectory, LockMethod.Setting lockMethod, Duration lockWait,
                              List<String> keywords, long maxMessageSize, MailboxFormat inboxFormat,
                              Duration watchInterval) {
    public MailStoreConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(lockDirectory, "lockDirectory");
        Objects.requireNonNull(lockMethod, "lockMethod");
        Objects.requireNonNull(inboxFormat, "inboxFormat");
        keywords = List.copyOf(keywords);
        if (keywords.size() > 30) {
            throw new IllegalArgumentException("at most 30 keywords fit the tenex/mtx user flags, not " + keywords.size());
        }
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be at least 1 byte");
        }
        if (lockWait.isNegative() || watchInterval.isNegative() || watchInterval.isZero()) {
            throw new IllegalArgumentException("lockWait must be >= 0 and watchInterval > 0");
        }
    }

    /** Defaults: lock files in /tmp, lock method by filesystem, 30 s lock wait, no keywords, 64 MiB messages, mtx. */
    public static MailStoreConfig defaults(Path dataDirectory) {
        return new MailStoreConfig(dataDirectory, ParseLock.DEFAULT_DIRECTORY, LockMethod.Setting.AUTO,
                Duration.ofSeconds(30), List.of(), 64L << 20, MailboxFormat.MTX, Duration.ofMillis(250));
    }

    public MailStoreConfig withKeywords(List<String> list) {
        return new MailStoreConfig(dataDirectory, lockDirectory, lockMethod, lockWait, list, maxMessageSize,
                inboxFormat, watchInterval);
    }

    public MailStoreConfig withLockDirectory(Path dir) {
        return new MailStoreConfig(dataDirectory, dir, lockMethod, lockWait, keywords, maxMessageSize, inboxFormat,
                watchInterval);
    }

    public MailStoreConfig withMaxMessageSize(long bytes) {
        return new MailStoreConfig(dataDirectory, lockDirectory, lockMethod, lockWait, keywords, bytes, inboxFormat,
                watchInterval);
    }
}

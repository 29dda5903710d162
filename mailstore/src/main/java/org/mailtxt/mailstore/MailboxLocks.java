package org.mailtxt.mailstore;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.mailtxt.locking.DotLock;
import org.mailtxt.locking.Flock;
import org.mailtxt.locking.LockHolder;
import org.mailtxt.locking.LockKind;
import org.mailtxt.locking.LockMethod;
import org.mailtxt.locking.LockMode;
import org.mailtxt.locking.LockRange;
import org.mailtxt.locking.LockWait;
import org.mailtxt.locking.NativeFd;
import org.mailtxt.locking.OfdLock;
import org.mailtxt.locking.ParseLock;
import org.mailtxt.locking.ProcLocks;

/**
 * c-client's two locks on a mailbox, in c-client's order (spec/c-client-locking.md §4), for one lock method:
 * the mailbox hold ("A": flock SH from open to close; on network filesystems an OFD record lock, which c-client
 * does not take there) and the parse/append lock ("B": the {@code /tmp/.<dev>.<ino>} file, which c-client takes on
 * every filesystem; on network filesystems writers add a {@link DotLock} to exclude other hosts).
 *
 * <p>Every wait is bounded by the configured lock wait (a blocked JNA call cannot be interrupted). Thread-safe:
 * holds only configuration.
 */
final class MailboxLocks {
    private final LockMethod method;
    private final Path lockDirectory;
    private final Duration wait;
    private final DotLock.Policy dotLockPolicy;

    MailboxLocks(LockMethod method, Path lockDirectory, Duration wait) {
        this.method = method;
        this.lockDirectory = lockDirectory;
        this.wait = wait;
        this.dotLockPolicy = new DotLock.Policy(DotLock.Policy.DEFAULT.staleAfter(), Duration.ofMillis(50), wait);
    }

    LockMethod method() {
        return method;
    }

    /** Takes A shared on the descriptor (open, append destination, after an expunge). */
    void holdShared(NativeFd fd) throws IOException {
        if (method == LockMethod.FLOCK) {
            Flock.system().lock(fd, LockMode.SHARED, LockWait.upTo(wait));
        } else {
            OfdLock.system().lock(fd, LockMode.SHARED, LockRange.WHOLE_FILE, LockWait.upTo(wait));
        }
    }

    /**
     * Tries to turn A into exclusive without waiting (expunge, rename, delete). For flock a refusal leaves the
     * descriptor with no lock at all (§3), so it is re-taken shared before returning false.
     */
    boolean tryUpgrade(NativeFd fd) throws IOException {
        boolean granted = method == LockMethod.FLOCK ? Flock.system().tryLock(fd, LockMode.EXCLUSIVE)
                : OfdLock.system().tryLock(fd, LockMode.EXCLUSIVE, LockRange.WHOLE_FILE);
        if (!granted && method == LockMethod.FLOCK) {
            holdShared(fd);
        }
        return granted;
    }

    /** A exclusive without waiting on a descriptor that held nothing (rename, delete); false if anyone holds A. */
    boolean tryUpgradeFromNothing(NativeFd fd) throws IOException {
        return method == LockMethod.FLOCK ? Flock.system().tryLock(fd, LockMode.EXCLUSIVE)
                : OfdLock.system().tryLock(fd, LockMode.EXCLUSIVE, LockRange.WHOLE_FILE);
    }

    /** Turns an exclusive A back into shared (the kernel passes through "unlocked"; B EX keeps others out). */
    void downgrade(NativeFd fd) throws IOException {
        holdShared(fd);
    }

    /** Parse lock shared: while reading records that another process may be appending. */
    Closeable parseShared(NativeFd fd) throws IOException {
        return ParseLock.acquire(fd, lockDirectory, LockMode.SHARED, LockWait.upTo(wait));
    }

    /** Parse lock exclusive (plus the dot-lock on network filesystems): appends, expunges, renames, deletes. */
    Closeable writeExclusive(NativeFd fd, Path mailbox) throws IOException {
        ParseLock parse = ParseLock.acquire(fd, lockDirectory, LockMode.EXCLUSIVE, LockWait.upTo(wait));
        if (method == LockMethod.FLOCK) {
            return parse;
        }
        try {
            DotLock dot = DotLock.acquire(mailbox, dotLockPolicy);
            return () -> {
                try {
                    dot.close();
                } finally {
                    parse.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            parse.close();
            throw e;
        }
    }

    /** Other processes' locks on the mailbox, for "in use" messages. */
    List<LockHolder> foreignHolders(NativeFd fd) {
        long me = ProcessHandle.current().pid();
        try {
            return ProcLocks.on(fd.stat()).stream()
                    .filter(h -> h.pid() != me && (h.kind() == LockKind.FLOCK || h.kind() == LockKind.OFDLCK))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}

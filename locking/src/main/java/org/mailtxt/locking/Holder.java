package org.mailtxt.locking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a dot-lock file says about its holder: {@code <pid>\n[<host>\n]} (liblockfile writes only the pid). */
final class Holder {
    final long pid;
    final String host;

    private Holder(long pid, String host) {
        this.pid = pid;
        this.host = host;
    }

    static Holder read(Path lock) {
        try {
            if (Files.isSymbolicLink(lock) || Files.size(lock) > 1024) {
                return new Holder(-1, "");
            }
            String[] lines = Files.readString(lock, StandardCharsets.US_ASCII).split("\n");
            long pid = lines.length > 0 && lines[0].trim().matches("\\d{1,10}") ? Long.parseLong(lines[0].trim()) : -1;
            return new Holder(pid, lines.length > 1 ? lines[1].trim() : "");
        } catch (IOException e) {
            return new Holder(-1, "");
        }
    }

    /** True if the lock names exactly this pid on this host. */
    boolean isProcess(long otherPid, String otherHost) {
        return pid == otherPid && host.equals(otherHost);
    }

    /** The pid means something here: the lock names this host, or names no host and lies on a local filesystem. */
    boolean isThisHost(Path lock) {
        if (!host.isEmpty()) {
            return host.equals(Host.name());
        }
        try {
            return FilesystemKind.of(lock.toAbsolutePath().getParent()).isLocal();
        } catch (IOException e) {
            return false;
        }
    }
}

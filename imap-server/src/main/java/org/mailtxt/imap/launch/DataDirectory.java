package org.mailtxt.imap.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.mailtxt.imap.config.ServerConfig;

/**
 * Prepares the directories a server needs before anything opens in them: the data directory (created mode 0700,
 * since it holds the user database and the TLS key) and the mail root; both must be writable directories. Existing
 * directories keep their modes. Stateless; thread-safe.
 */
public final class DataDirectory {
    private DataDirectory() {
    }

    /**
     * @param config the loaded configuration
     * @throws IOException naming the directory and the key that configures it when one cannot be created or written
     */
    public static void prepare(ServerConfig config) throws IOException {
        create(config.dataDirectory(), "data.dir");
        create(config.mailRoot(), "mail.root");
    }

    private static void create(Path dir, String key) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + " (" + key + ") exists but is not a directory; move it away or set " + key);
        }
        if (!Files.exists(dir)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (IOException e) {
                throw new IOException("cannot create " + dir + " (" + key + "): " + e + "; create it or set " + key,
                        e);
            }
        }
        if (!Files.isWritable(dir)) {
            throw new IOException(dir + " (" + key + ") is not writable by this user; fix its permissions or set "
                    + key);
        }
    }
}

package org.mailtxt.imap.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import org.mailtxt.imap.auth.UserStore;

/**
 * The first start's user: when the user store is empty, creates {@code demo} with a random password of
 * {@value #PASSWORD_LENGTH} characters (from {@link SecureRandom}, letters and digits without the look-alikes
 * {@code 0 O 1 l I}, about 117 bits), writes the password to {@code <data>/demo-password.txt} (mode 0600, written
 * before the user exists, so a password is never printed that was not saved) and prints it once. A store with any
 * user is left alone. Stateless; thread-safe.
 */
public final class DemoUser {
    /** The name of the first start's user. */
    public static final String NAME = "demo";
    /** The password file's name in the data directory. */
    public static final String PASSWORD_FILE = "demo-password.txt";
    /** Length of the generated password. */
    public static final int PASSWORD_LENGTH = 20;
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private DemoUser() {
    }

    /**
     * @param users the open user store
     * @param dataDirectory the server's data directory
     * @param out where the password is announced (the launcher's standard output)
     * @return whether the demo user was created now
     * @throws IOException when the store or the password file fails
     */
    public static boolean createIfNoUsers(UserStore users, Path dataDirectory, PrintStream out) throws IOException {
        if (!users.list().isEmpty()) {
            return false;
        }
        char[] password = newPassword();
        try {
            Path file = dataDirectory.resolve(PASSWORD_FILE);
            writeOwnerOnly(file, password);
            users.create(NAME, password);
            out.println("mailtxt: first start: created user '" + NAME + "' with password " + new String(password));
            out.println("mailtxt: the password is also in " + file + " (mode 0600); it is not shown again");
            out.println("mailtxt: add users with ./mailtxt user add NAME (also while the server runs)");
            out.flush();
            return true;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    static char[] newPassword() {
        SecureRandom random = new SecureRandom();
        char[] password = new char[PASSWORD_LENGTH];
        for (int i = 0; i < password.length; i++) {
            password[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return password;
    }

    private static void writeOwnerOnly(Path file, char[] password) throws IOException {
        Path partial = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".partial",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(partial, new String(password) + "\n", StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}

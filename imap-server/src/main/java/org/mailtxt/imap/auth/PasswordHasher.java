package org.mailtxt.imap.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes and checks passwords with the JDK's {@code PBKDF2WithHmacSHA256}: a 16-byte random salt per hash, a 32-byte
 * key, and at least {@value #MIN_ITERATIONS} iterations (OWASP's 2023 figure for PBKDF2-HMAC-SHA256), about
 * 0.1–0.3 s of one core per hash on this kind of machine, which is the point. Thread-safe.
 */
public final class PasswordHasher {
    /** The least iteration count new hashes are made with. */
    public static final int MIN_ITERATIONS = 210_000;
    /** Salt length in bytes. */
    public static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;
    private static final String JDK_ALGORITHM = "PBKDF2WithHmacSHA256";

    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    /** A hasher with {@value #MIN_ITERATIONS} iterations. */
    public PasswordHasher() {
        this(MIN_ITERATIONS);
    }

    /**
     * @param iterations iterations for new hashes, at least {@value #MIN_ITERATIONS}
     */
    public PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 iterations must be at least " + MIN_ITERATIONS + ", not "
                    + iterations);
        }
        this.iterations = iterations;
    }

    /** @return the iteration count of new hashes */
    public int iterations() {
        return iterations;
    }

    /**
     * @param password the password; not modified, not kept
     * @return a new salted hash of it
     */
    public PasswordHash hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(PasswordHash.PBKDF2_SHA256, iterations, salt, derive(password, salt, iterations));
    }

    /**
     * @param password a password to check; not modified, not kept
     * @param stored the stored hash
     * @return whether the password is the one {@code stored} was made from (compared in constant time); false for an
     *     unknown algorithm
     */
    public boolean verify(char[] password, PasswordHash stored) {
        if (!PasswordHash.PBKDF2_SHA256.equals(stored.algorithm())) {
            return false;
        }
        return MessageDigest.isEqual(derive(password, stored.salt(), stored.iterations()), stored.hash());
    }

    /**
     * @param stored a stored hash
     * @return whether it was made with weaker parameters than new hashes and should be remade
     */
    public boolean isOutdated(PasswordHash stored) {
        return !PasswordHash.PBKDF2_SHA256.equals(stored.algorithm()) || stored.iterations() < iterations
                || stored.salt().length < SALT_BYTES;
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance(JDK_ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(JDK_ALGORITHM + " is missing from this JDK, which every Java 17 has", e);
        } finally {
            spec.clearPassword();
        }
    }
}

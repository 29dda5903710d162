package org.mailtxt.imap.auth;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A stored password hash with the parameters that made it, in the PHC string form
 * {@code $pbkdf2-sha256$i=<iterations>$<salt>$<hash>} (salt and hash in unpadded standard Base64), so that the
 * iteration count can be raised later: old hashes keep verifying with their own count and are rewritten with the
 * new one at the next successful login. Immutable; thread-safe ({@link #salt()} and {@link #hash()} return copies).
 *
 * @param algorithm the PHC algorithm id; only {@value #PBKDF2_SHA256} is known
 * @param iterations PBKDF2 iterations
 * @param salt the random salt
 * @param hash the derived key
 */
public record PasswordHash(String algorithm, int iterations, byte[] salt, byte[] hash) {
    /** PBKDF2 with HMAC-SHA256 ({@code PBKDF2WithHmacSHA256} in the JDK). */
    public static final String PBKDF2_SHA256 = "pbkdf2-sha256";

    public PasswordHash {
        Objects.requireNonNull(algorithm, "algorithm");
        if (iterations < 1 || salt.length == 0 || hash.length == 0) {
            throw new IllegalArgumentException("a password hash needs iterations >= 1, a salt and a hash");
        }
        salt = salt.clone();
        hash = hash.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** @return the PHC string stored in the database */
    public String format() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$" + algorithm + "$i=" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /**
     * @param stored a PHC string written by {@link #format()}
     * @return the hash and its parameters
     * @throws IllegalArgumentException when the string is not in that form
     */
    public static PasswordHash parse(String stored) {
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 5 || !parts[0].isEmpty() || !parts[2].startsWith("i=")) {
            throw new IllegalArgumentException("not a stored password hash ($algorithm$i=N$salt$hash)");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        return new PasswordHash(parts[1], Integer.parseInt(parts[2].substring(2)), b64.decode(parts[3]),
                b64.decode(parts[4]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash p && algorithm.equals(p.algorithm) && iterations == p.iterations
                && Arrays.equals(salt, p.salt) && Arrays.equals(hash, p.hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, iterations, Arrays.hashCode(salt), Arrays.hashCode(hash));
    }

    @Override
    public String toString() {
        return "PasswordHash[" + algorithm + ", " + iterations + " iterations, hidden]";
    }
}

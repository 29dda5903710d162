package org.mailtxt.imap.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The PKCS#12 keystore the IMAP listener serves STARTTLS and IMAPS with, in the form James's {@code IMAPServer}
 * takes it ({@code tls.keystore = file://}{@link #keystore()}, {@code tls.keystoreType = }{@link #type()},
 * {@code tls.secret = }{@link #secret()}). Immutable; thread-safe. {@link #toString()} hides the secret.
 *
 * @param keystore absolute path of the keystore file
 * @param secret its password (the store and key password; PKCS#12 has one)
 */
public record TlsKeystore(Path keystore, String secret) {
    /** The only keystore type mailtxt reads. */
    public static final String TYPE = "PKCS12";

    public TlsKeystore {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(secret, "secret");
    }

    /** @return {@value #TYPE} */
    public String type() {
        return TYPE;
    }

    @Override
    public String toString() {
        return "TlsKeystore[" + keystore + ", " + TYPE + ", secret hidden]";
    }
}

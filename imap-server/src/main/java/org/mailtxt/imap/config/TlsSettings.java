package org.mailtxt.imap.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the configuration says about TLS (keys {@code tls.*}), before the keystore is known to exist: whether TLS is
 * on, where the keystore is, and where its password comes from. The launcher generates a self-signed keystore at
 * {@link #keystore()} when TLS is on and the file is missing. Immutable; thread-safe. {@link #toString()} hides a
 * configured password.
 *
 * @param enabled whether STARTTLS and IMAPS are offered at all ({@code tls.enabled})
 * @param keystore absolute path of the PKCS#12 keystore ({@code tls.keystore})
 * @param password the keystore password written in the configuration, if any ({@code tls.password}); when present
 *     it wins over the password file
 * @param passwordFile absolute path of the file whose first line is the password ({@code tls.password-file})
 */
public record TlsSettings(boolean enabled, Path keystore, Optional<String> password, Path passwordFile) {
    public TlsSettings {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(passwordFile, "passwordFile");
    }

    @Override
    public String toString() {
        return "TlsSettings[enabled=" + enabled + ", keystore=" + keystore + ", password="
                + (password.isPresent() ? "(set, hidden)" : "(from " + passwordFile + ")") + "]";
    }
}

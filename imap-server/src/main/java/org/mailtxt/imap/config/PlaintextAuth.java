package org.mailtxt.imap.config;

import java.net.InetAddress;
import java.util.Locale;

/**
 * When a client may send a password in the clear (IMAP {@code LOGIN}, {@code AUTHENTICATE PLAIN}): always, only
 * over TLS or from a loopback address, or only over TLS. Where it is not allowed the server announces
 * {@code LOGINDISABLED} and refuses both. Config key {@code auth.plaintext}. Immutable; thread-safe.
 */
public enum PlaintextAuth {
    /** Passwords are accepted on any connection (only for trusted networks). */
    ALWAYS,
    /** Over TLS (STARTTLS or IMAPS) from anywhere, and in the clear from loopback addresses only: the default. */
    LOOPBACK_OR_TLS,
    /** Over TLS only, loopback included. */
    TLS_ONLY;

    /** The words accepted in the configuration file, in order. */
    static final String ACCEPTED = "always, loopback-or-tls, tls-only";

    /**
     * @param client the client's address
     * @param secure whether the connection is protected by TLS
     * @return whether a plaintext password may be sent on this connection
     */
    public boolean allows(InetAddress client, boolean secure) {
        return switch (this) {
            case ALWAYS -> true;
            case LOOPBACK_OR_TLS -> secure || client.isLoopbackAddress();
            case TLS_ONLY -> secure;
        };
    }

    /** @return the configuration word: {@code always}, {@code loopback-or-tls} or {@code tls-only} */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static PlaintextAuth parse(String word) {
        for (PlaintextAuth p : values()) {
            if (p.word().equalsIgnoreCase(word)) {
                return p;
            }
        }
        throw new IllegalArgumentException(word);
    }
}

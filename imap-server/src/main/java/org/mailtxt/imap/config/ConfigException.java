package org.mailtxt.imap.config;

import java.util.Objects;

/**
 * A configuration value that stops the server from starting: names the key, where its value came from (the file or
 * a command-line override), the value, and what would be accepted. Thrown by {@link ServerConfig#load}; the launcher
 * prints {@link #getMessage()} and exits. Immutable; thread-safe.
 */
public final class ConfigException extends Exception {
    private final String key;

    /**
     * @param key the configuration key or option at fault (e.g. {@code imap.port}, {@code --config}); never null
     * @param message the whole human-readable message, which names the key
     */
    public ConfigException(String key, String message) {
        this(key, message, null);
    }

    /**
     * @param key the configuration key at fault (e.g. {@code imap.port}); never null
     * @param message the whole human-readable message, which names the key
     * @param cause what failed underneath (a missing file, a bad number), or null
     */
    ConfigException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = Objects.requireNonNull(key, "key");
    }

    /** A value that is not one of the accepted values, in the standard form. */
    static ConfigException invalid(ConfigValue value, String accepted) {
        return new ConfigException(value.key(), value.source() + ": " + value.key() + " = '" + value.text()
                + "' is not valid; accepted: " + accepted, null);
    }

    /** A value that is well formed but inconsistent with another key, or names a file that cannot be used. */
    static ConfigException problem(ConfigValue value, String problem, Throwable cause) {
        return new ConfigException(value.key(), value.source() + ": " + value.key() + " = '" + value.text()
                + "': " + problem, cause);
    }

    /** @return the configuration key at fault, as written in {@code conf/mailtxt.properties} */
    public String key() {
        return key;
    }
}

package org.mailtxt.imap.config;

/**
 * The level of the root logger: {@code error}, {@code warn}, {@code info} (default), {@code debug}, {@code trace}.
 * Config key {@code log.level}; the launcher applies it to Logback. Immutable; thread-safe.
 */
public enum LogLevel {
    ERROR, WARN, INFO, DEBUG, TRACE
}

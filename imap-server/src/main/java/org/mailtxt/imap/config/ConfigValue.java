package org.mailtxt.imap.config;

/**
 * One key's raw text and where it came from, for messages. Immutable.
 *
 * @param key the key
 * @param text the value as written, trimmed
 * @param source where it was written: the file's path, {@code "--set"}, or {@code "default"}
 */
record ConfigValue(String key, String text, String source) {
}

/**
 * The server's configuration: {@link org.mailtxt.imap.config.ServerConfig} read from {@code conf/mailtxt.properties}
 * (every key documented there with its default) and {@code --set} overrides, each bad value a
 * {@link org.mailtxt.imap.config.ConfigException} naming the key and what it accepts.
 */
package org.mailtxt.imap.config;

/**
 * The {@code mailtxt} commands: {@code serve} (configuration, data directory, user store, first-start demo user, TLS
 * keystore, server start and graceful stop) and {@code user add|passwd|delete|list}, which share the configuration
 * options ({@link org.mailtxt.imap.launch.ConfigOptions}).
 */
package org.mailtxt.imap.launch;

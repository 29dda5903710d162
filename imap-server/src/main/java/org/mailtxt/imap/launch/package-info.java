/**
 * The {@code mailtxt serve} command: configuration, data directory, user store, first-start demo user, TLS
 * keystore, server start and graceful stop.
 */
package org.mailtxt.imap.launch;

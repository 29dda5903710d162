/**
 * The TLS keystore of a first start: a self-signed {@code localhost} certificate in PKCS#12, made with the JDK's
 * {@code keytool}.
 */
package org.mailtxt.imap.tls;

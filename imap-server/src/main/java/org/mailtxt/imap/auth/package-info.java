/**
 * Users and authentication: {@link org.mailtxt.imap.auth.UserStore} and its H2 implementation, PBKDF2 password
 * hashes that carry their parameters, user-name rules (a name is also a mail directory), and the per-address login
 * throttle.
 */
package org.mailtxt.imap.auth;

package org.mailtxt.imap.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every configuration key and its default text, in the order of {@code conf/mailtxt.properties}, which documents
 * each one. An empty default means "derived from another key" (see the file). Stateless.
 */
final class ConfigKeys {
    static final String BIND = "server.bind";
    static final String IMAP_PORT = "imap.port";
    static final String IMAPS_PORT = "imaps.port";
    static final String DATA_DIR = "data.dir";
    static final String MAIL_ROOT = "mail.root";
    static final String MAILBOX_FORMAT = "mailbox.format";
    static final String LOCK_METHOD = "lock.method";
    static final String LOCK_DIR = "lock.dir";
    static final String LOCK_WAIT = "lock.wait";
    static final String KEYWORDS_FILE = "keywords.file";
    static final String MAX_CONNECTIONS = "limits.max-connections";
    static final String MAX_CONNECTIONS_PER_IP = "limits.max-connections-per-ip";
    static final String MAX_LINE_LENGTH = "limits.max-line-length";
    static final String MAX_LITERAL_SIZE = "limits.max-literal-size";
    static final String MAX_MESSAGE_SIZE = "limits.max-message-size";
    static final String IDLE_TIMEOUT = "limits.idle-timeout";
    static final String TLS_ENABLED = "tls.enabled";
    static final String TLS_KEYSTORE = "tls.keystore";
    static final String TLS_PASSWORD = "tls.password";
    static final String TLS_PASSWORD_FILE = "tls.password-file";
    static final String AUTH_PLAINTEXT = "auth.plaintext";
    static final String THROTTLE_FREE_FAILURES = "auth.throttle.free-failures";
    static final String THROTTLE_BASE_DELAY = "auth.throttle.base-delay";
    static final String THROTTLE_MAX_DELAY = "auth.throttle.max-delay";
    static final String THROTTLE_LOCKOUT_FAILURES = "auth.throttle.lockout-failures";
    static final String THROTTLE_LOCKOUT = "auth.throttle.lockout";
    static final String THROTTLE_FORGET_AFTER = "auth.throttle.forget-after";
    static final String LOG_LEVEL = "log.level";

    /** Key → default text, in file order. */
    static final Map<String, String> DEFAULTS = defaults();

    private ConfigKeys() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(BIND, "127.0.0.1");
        d.put(IMAP_PORT, "1143");
        d.put(IMAPS_PORT, "1993");
        d.put(DATA_DIR, "data");
        d.put(MAIL_ROOT, "");
        d.put(MAILBOX_FORMAT, "mtx");
        d.put(LOCK_METHOD, "auto");
        d.put(LOCK_DIR, "/tmp");
        d.put(LOCK_WAIT, "30s");
        d.put(KEYWORDS_FILE, "conf/keywords.cf");
        d.put(MAX_CONNECTIONS, "200");
        d.put(MAX_CONNECTIONS_PER_IP, "20");
        d.put(MAX_LINE_LENGTH, "64K");
        d.put(MAX_LITERAL_SIZE, "64M");
        d.put(MAX_MESSAGE_SIZE, "64M");
        d.put(IDLE_TIMEOUT, "30m");
        d.put(TLS_ENABLED, "true");
        d.put(TLS_KEYSTORE, "");
        d.put(TLS_PASSWORD, "");
        d.put(TLS_PASSWORD_FILE, "");
        d.put(AUTH_PLAINTEXT, "loopback-or-tls");
        d.put(THROTTLE_FREE_FAILURES, "3");
        d.put(THROTTLE_BASE_DELAY, "1s");
        d.put(THROTTLE_MAX_DELAY, "16s");
        d.put(THROTTLE_LOCKOUT_FAILURES, "10");
        d.put(THROTTLE_LOCKOUT, "5m");
        d.put(THROTTLE_FORGET_AFTER, "15m");
        d.put(LOG_LEVEL, "info");
        return Collections.unmodifiableMap(d);
    }
}

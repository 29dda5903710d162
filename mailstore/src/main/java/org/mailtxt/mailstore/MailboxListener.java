package org.mailtxt.mailstore;

/**
 * Told about every change of an open mailbox, made by this JVM or by another process (noticed by the store's
 * watcher within a second, and at the latest at the next operation). Called on the thread that found the change,
 * after the store's locks are released; must not block for long.
 */
@FunctionalInterface
public interface MailboxListener {
    void changed(MailboxChange change);
}

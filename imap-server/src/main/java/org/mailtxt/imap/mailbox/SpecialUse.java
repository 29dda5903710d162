package org.mailtxt.imap.mailbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The special-use mailboxes (RFC 6154) every new user gets beside INBOX, by name, with the attribute LIST shows for
 * each: Sent {@code \Sent}, Drafts {@code \Drafts}, Trash {@code \Trash}, Junk {@code \Junk}, Archive
 * {@code \Archive}. James 3.8.1 would provision Outbox and Spam instead of Junk; mailtxt provisions these. A Spam
 * mailbox made by that earlier provisioning keeps its {@code \Junk} attribute and is never renamed. Only top-level
 * mailboxes of exactly these names carry an attribute. Immutable.
 */
public final class SpecialUse {
    /** \Sent, \Drafts, \Trash, \Junk, \Archive (RFC 6154 section 2). */
    public enum Use { SENT, DRAFTS, TRASH, JUNK, ARCHIVE }

    /** What a new user gets beside INBOX, in this order. */
    public static final List<String> PROVISIONED = List.of("Sent", "Drafts", "Trash", "Junk", "Archive");

    private static final Map<String, Use> BY_NAME = Map.of("Sent", Use.SENT, "Drafts", Use.DRAFTS, "Trash",
            Use.TRASH, "Junk", Use.JUNK, "Archive", Use.ARCHIVE, "Spam", Use.JUNK);

    private SpecialUse() {
    }

    /** The special use of a mailbox name (levels joined by the delimiter), if it has one. */
    public static Optional<Use> of(String mailboxName) {
        return Optional.ofNullable(mailboxName).map(BY_NAME::get);
    }
}

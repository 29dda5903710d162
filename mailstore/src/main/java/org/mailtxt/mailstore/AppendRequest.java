package org.mailtxt.mailstore;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mailtxt.mailstore.format.InternalDate;
import org.mailtxt.mailstore.format.SystemFlags;

/**
 * One message to append.
 *
 * @param rfc822 the message as received (normally CR LF newlines); a tenex mailbox stores it without CRs
 * @param date the internal date, or empty for "now" (c-client prints the two differently, spec §2.2)
 * @param systemFlags {@link SystemFlags} bits to store (never the old bit)
 * @param keywords keyword names
 */
public record AppendRequest(byte[] rfc822, Optional<InternalDate> date, int systemFlags, Set<String> keywords) {
    public AppendRequest {
        Objects.requireNonNull(rfc822, "rfc822");
        Objects.requireNonNull(date, "date");
        keywords = Set.copyOf(keywords);
        if ((systemFlags & SystemFlags.OLD) != 0 || (systemFlags & ~SystemFlags.ALL) != 0) {
            throw new IllegalArgumentException("an append stores only \\Seen \\Answered \\Flagged \\Deleted \\Draft");
        }
    }

    /** A message with no flags, dated now. */
    public static AppendRequest of(byte[] rfc822) {
        return new AppendRequest(rfc822, Optional.empty(), 0, Set.of());
    }
}

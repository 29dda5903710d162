package org.mailtxt.imap.mailbox;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import javax.mail.Flags;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.SearchQuery;
import org.mailtxt.mailstore.MessageInfo;

/**
 * Decides SEARCH criteria for one message from what the mailstore knows cheaply: its table entry (UID, flags,
 * MODSEQ, size) and, for header criteria, the raw bytes of its header. The answer is three-valued: {@link #YES} and
 * {@link #NO} are exactly what James's own matcher ({@code MessageSearches}) would answer; {@link #MAYBE} means
 * "ask James", which then parses the message as before. So a query gives the same hits as with James's
 * {@code SimpleMessageSearchIndex}; only messages that cannot match are no longer parsed.
 *
 * <p>Header criteria are only ever answered {@code NO} (never {@code YES}), and only when the answer cannot depend on
 * decoding: the header is plain ASCII without encoded words ({@code =?}), and the searched text is printable ASCII
 * without line breaks. James compares the unfolded, decoded field value upper-cased; with those conditions the
 * value is the raw field text minus CR and LF, so a text absent from the raw header minus CR and LF (compared
 * ASCII case-insensitively) is absent from every field value. Stateless; thread-safe.
 */
enum QuickVerdict {
    YES, NO, MAYBE;

    /** The raw header of the message being judged, read on first need. */
    interface Header {
        byte[] bytes() throws IOException;
    }

    /** All top-level criteria (James ANDs them). */
    static QuickVerdict ofAll(List<SearchQuery.Criterion> criteria, MessageInfo m, Flags flags,
                              Collection<MessageUid> recent, Header header) throws IOException {
        QuickVerdict v = YES;
        for (SearchQuery.Criterion c : criteria) {
            v = v.and(of(c, m, flags, recent, header));
            if (v == NO) {
                return NO;
            }
        }
        return v;
    }

    static QuickVerdict of(SearchQuery.Criterion c, MessageInfo m, Flags flags, Collection<MessageUid> recent,
                           Header header) throws IOException {
        if (c instanceof SearchQuery.AllCriterion) {
            return YES;
        }
        if (c instanceof SearchQuery.UidCriterion u) {
            MessageUid uid = MessageUid.of(m.uid());
            for (SearchQuery.UidRange r : u.getOperator().getRange()) {
                if (r.isIn(uid)) {
                    return YES;
                }
            }
            return NO;
        }
        if (c instanceof SearchQuery.FlagCriterion f) {
            return of(flagIsSet(f.getFlag(), m, flags, recent) == f.getOperator().isSet());
        }
        if (c instanceof SearchQuery.CustomFlagCriterion f) {
            return of(flags.contains(f.getFlag()) == f.getOperator().isSet());
        }
        if (c instanceof SearchQuery.SizeCriterion s) {
            return compare(m.rfc822Size(), s.getOperator());
        }
        if (c instanceof SearchQuery.ModSeqCriterion s) {
            return compare(m.modSeq(), s.getOperator());
        }
        if (c instanceof SearchQuery.ConjunctionCriterion j) {
            return conjunction(j, m, flags, recent, header);
        }
        if (c instanceof SearchQuery.HeaderCriterion h) {
            return header(h, header);
        }
        return MAYBE;
    }

    private static QuickVerdict conjunction(SearchQuery.ConjunctionCriterion j, MessageInfo m, Flags flags,
                                            Collection<MessageUid> recent, Header header) throws IOException {
        switch (j.getType()) {
            case AND:
                return ofAll(j.getCriteria(), m, flags, recent, header);
            case OR:
            case NOR: {
                QuickVerdict any = NO;
                for (SearchQuery.Criterion c : j.getCriteria()) {
                    any = any.or(of(c, m, flags, recent, header));
                    if (any == YES) {
                        break;
                    }
                }
                return j.getType() == SearchQuery.Conjunction.OR ? any : any.not();
            }
            default:
                return MAYBE;
        }
    }

    private static boolean flagIsSet(Flags.Flag flag, MessageInfo m, Flags flags, Collection<MessageUid> recent) {
        if (flag == Flags.Flag.RECENT) {
            return recent.contains(MessageUid.of(m.uid())); // the session's view, as James's matcher has it
        }
        if (flag == Flags.Flag.ANSWERED || flag == Flags.Flag.SEEN || flag == Flags.Flag.DRAFT
                || flag == Flags.Flag.FLAGGED || flag == Flags.Flag.DELETED) {
            return flags.contains(flag);
        }
        return false;
    }

    private static QuickVerdict compare(long value, SearchQuery.NumericOperator op) {
        switch (op.getType()) {
            case LESS_THAN:
                return of(value < op.getValue());
            case GREATER_THAN:
                return of(value > op.getValue());
            case EQUALS:
                return of(value == op.getValue());
            default:
                return MAYBE;
        }
    }

    private static QuickVerdict header(SearchQuery.HeaderCriterion h, Header header) throws IOException {
        String needle;
        if (h.getOperator() instanceof SearchQuery.ContainsOperator contains) {
            needle = contains.getValue();
        } else if (h.getOperator() instanceof SearchQuery.ExistsOperator) {
            needle = h.getHeaderName(); // a field can only exist if its name is in the header
        } else {
            return MAYBE; // addresses are formatted and dates parsed before James compares them
        }
        if (needle == null || needle.isEmpty() || !printableAscii(needle)) {
            return MAYBE;
        }
        return RawHeader.mayContain(header.bytes(), needle) ? MAYBE : NO;
    }

    private static boolean printableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static QuickVerdict of(boolean b) {
        return b ? YES : NO;
    }

    QuickVerdict and(QuickVerdict o) {
        if (this == NO || o == NO) {
            return NO;
        }
        return this == YES && o == YES ? YES : MAYBE;
    }

    QuickVerdict or(QuickVerdict o) {
        if (this == YES || o == YES) {
            return YES;
        }
        return this == NO && o == NO ? NO : MAYBE;
    }

    QuickVerdict not() {
        return this == YES ? NO : this == NO ? YES : MAYBE;
    }
}

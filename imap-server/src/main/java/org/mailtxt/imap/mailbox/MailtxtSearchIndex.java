package org.mailtxt.imap.mailbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import javax.mail.Flags;
import org.apache.james.mailbox.AttachmentContentLoader;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.extractor.TextExtractor;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearches;
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;
import org.mailtxt.mailstore.MessageGoneException;
import org.mailtxt.mailstore.MessageInfo;
import org.mailtxt.mailstore.OpenMailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * SEARCH over mailbox files. James's {@code SimpleMessageSearchIndex} builds and parses every message of the mailbox
 * for every SEARCH (and SELECT lists UIDs through a search of ALL); this index walks the mailstore's message table
 * instead and decides what it can from it ({@link QuickVerdict}: UID, flags, size, MODSEQ, ALL, and "cannot match" for
 * header texts absent from the raw header). Only messages it cannot decide are handed, one by one, to James's own
 * matcher, so the hits are the ones James would give. Queries sorted other than by UID, and searches across
 * mailboxes, go to {@code SimpleMessageSearchIndex} unchanged.
 *
 * <p>Nothing is cached: every search reads the table as it is now (after picking up other processes' changes) and
 * headers from the file. A message that leaves the mailbox while being searched is not a hit. Thread-safe.
 */
public final class MailtxtSearchIndex implements MessageSearchIndex {
    private static final Logger LOG = LoggerFactory.getLogger(MailtxtSearchIndex.class);
    private static final List<SearchQuery.Sort> UID_ORDER = List.of(new SearchQuery.Sort(SearchQuery.Sort.SortClause.Uid));

    private final MailtxtMapperFactory factory;
    private final TextExtractor textExtractor;
    private final AttachmentContentLoader attachments;
    private final SimpleMessageSearchIndex fallback;

    public MailtxtSearchIndex(MailtxtMapperFactory factory, TextExtractor textExtractor,
                              AttachmentContentLoader attachments) {
        this.factory = factory;
        this.textExtractor = textExtractor;
        this.attachments = attachments;
        this.fallback = new SimpleMessageSearchIndex(factory, factory, textExtractor, attachments);
    }

    @Override
    public Flux<MessageUid> search(MailboxSession session, Mailbox mailbox, SearchQuery query)
            throws MailboxException {
        if (!query.getSorts().equals(UID_ORDER) && !query.getSorts().equals(SearchQuery.DEFAULT_SORTS)) {
            return fallback.search(session, mailbox, query);
        }
        return Flux.defer(() -> {
            try {
                return Flux.fromIterable(hits(session, mailbox, query));
            } catch (MailboxException e) {
                return Flux.error(e);
            }
        });
    }

    @Override
    public Flux<MessageId> search(MailboxSession session, Collection<MailboxId> mailboxIds, SearchQuery query,
                                  long limit) throws MailboxException {
        return fallback.search(session, mailboxIds, query, limit);
    }

    @Override
    public EnumSet<MailboxManager.SearchCapabilities> getSupportedCapabilities(
            EnumSet<MailboxManager.MessageCapabilities> messageCapabilities) {
        return fallback.getSupportedCapabilities(messageCapabilities);
    }

    /** The UIDs matching {@code query} in UID order. */
    List<MessageUid> hits(MailboxSession session, Mailbox mailbox, SearchQuery query) throws MailboxException {
        OpenMailbox om = factory.access().open((MailtxtMailboxId) mailbox.getMailboxId());
        List<SearchQuery.Criterion> criteria = query.getCriteria();
        Collection<MessageUid> recent = query.getRecentMessageUids();
        List<MessageInfo> candidates;
        try {
            long[] bounds = uidBounds(criteria);
            candidates = om.messages(bounds[0], bounds[1]);
        } catch (IOException e) {
            throw new MailboxException("searching " + mailbox.getName() + " failed: " + e.getMessage(), e);
        }
        List<MessageUid> out = new ArrayList<>();
        MessageSearches james = null;
        for (MessageInfo m : candidates) {
            Flags flags = FlagMapping.toJames(m);
            try {
                QuickVerdict v = QuickVerdict.ofAll(criteria, m, flags, recent, () -> om.header(m.uid()));
                if (v == QuickVerdict.MAYBE) {
                    if (james == null) {
                        james = new MessageSearches(Collections.emptyIterator(), query, textExtractor, attachments,
                                session);
                    }
                    v = jamesMatches(james, criteria, MailtxtMessageMapper.message(mailbox, om, m), recent)
                            ? QuickVerdict.YES : QuickVerdict.NO;
                }
                if (v == QuickVerdict.YES) {
                    out.add(MessageUid.of(m.uid()));
                }
            } catch (MessageGoneException e) {
                LOG.debug("UID {} of {} left while being searched", m.uid(), mailbox.getName());
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof MessageGoneException)) {
                    throw new MailboxException("searching " + mailbox.getName() + " failed: " + e.getMessage(), e);
                }
                LOG.debug("UID {} of {} left while being searched", m.uid(), mailbox.getName());
            } catch (IOException e) {
                throw new MailboxException("searching " + mailbox.getName() + " failed: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** James's verdict on one message, all criteria ANDed; a message James cannot read is no hit, as in James. */
    private static boolean jamesMatches(MessageSearches james, List<SearchQuery.Criterion> criteria,
                                        MailtxtMessage message, Collection<MessageUid> recent) {
        try {
            for (SearchQuery.Criterion c : criteria) {
                if (!james.isMatch(c, message, recent)) {
                    return false;
                }
            }
            return true;
        } catch (MailboxException e) {
            LOG.error("Unable to search message {}", message.getUid(), e);
            return false;
        }
    }

    /**
     * The UID span worth reading: the hull of the ranges of a top-level UID criterion (AND of all criteria), or every
     * message.
     */
    private static long[] uidBounds(List<SearchQuery.Criterion> criteria) {
        long from = 0;
        long to = Long.MAX_VALUE;
        for (SearchQuery.Criterion c : criteria) {
            if (c instanceof SearchQuery.UidCriterion u && u.getOperator().getRange().length > 0) {
                long low = Long.MAX_VALUE;
                long high = 0;
                for (SearchQuery.UidRange r : u.getOperator().getRange()) {
                    low = Math.min(low, r.getLowValue().asLong());
                    high = Math.max(high, r.getHighValue().asLong());
                }
                from = Math.max(from, low);
                to = Math.min(to, high);
            }
        }
        return new long[] {from, to};
    }
}

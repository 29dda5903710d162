package org.mailtxt.imap.mailbox;

import com.google.common.collect.Multimap;
import java.util.Collection;
import java.util.List;
import javax.mail.Flags;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.model.ComposedMessageIdWithMetaData;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.mail.MessageIdMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Access to messages by id across mailboxes (James's JMAP path) is not offered by mailtxt: IMAP never uses it, and
 * the OBJECTID capability is not advertised. Every call says so.
 */
final class NoMessageIdMapper implements MessageIdMapper {
    private static UnsupportedOperationException absent() {
        return new UnsupportedOperationException("mailtxt does not offer access to messages by id (JMAP); use IMAP");
    }

    @Override public List<MailboxMessage> find(Collection<MessageId> ids, MessageMapper.FetchType type) { throw absent(); }
    @Override public Publisher<ComposedMessageIdWithMetaData> findMetadata(MessageId id) { throw absent(); }
    @Override public List<MailboxId> findMailboxes(MessageId id) { throw absent(); }
    @Override public void save(MailboxMessage message) { throw absent(); }
    @Override public void copyInMailbox(MailboxMessage message, Mailbox mailbox) { throw absent(); }
    @Override public void delete(MessageId id) { throw absent(); }
    @Override public void delete(MessageId id, Collection<MailboxId> mailboxIds) { throw absent(); }

    @Override
    public Mono<Multimap<MailboxId, UpdatedFlags>> setFlags(MessageId id, List<MailboxId> mailboxIds, Flags flags,
                                                          MessageManager.FlagsUpdateMode mode) {
        return Mono.error(absent());
    }
}

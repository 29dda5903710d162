package org.mailtxt.imap.mailbox;

import java.io.IOException;
import java.util.Optional;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.AnnotationMapper;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageIdMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.store.user.SubscriptionMapper;
import org.mailtxt.mailstore.MailboxStatus;

/**
 * James's storage plug: mappers over the mailstore. UIDs and MODSEQs are assigned by the mailstore when it writes;
 * the providers report them (a "next" UID or MODSEQ asked of them is the mailbox's next one, which the next write
 * will take). Annotations live in memory only (METADATA is not advertised). Thread-safe.
 */
public final class MailtxtMapperFactory extends MailboxSessionMapperFactory {
    private final MailboxAccess access;
    private final AnnotationMapper annotations = new MailtxtAnnotationMapper();
    /** ACLs set through IMAP SETACL, per mailbox; in memory only (mailtxt does not share mailboxes). */
    private final java.util.Map<MailboxId, org.apache.james.mailbox.model.MailboxACL> acls =
            new java.util.concurrent.ConcurrentHashMap<>();

    public MailtxtMapperFactory(MailboxAccess access) {
        this.access = access;
    }

    public MailboxAccess access() {
        return access;
    }

    @Override
    public AnnotationMapper createAnnotationMapper(MailboxSession session) {
        return annotations;
    }

    @Override
    public MessageMapper createMessageMapper(MailboxSession session) {
        return new MailtxtMessageMapper(access, session);
    }

    @Override
    public MessageIdMapper createMessageIdMapper(MailboxSession session) {
        return new NoMessageIdMapper();
    }

    @Override
    public MailboxMapper createMailboxMapper(MailboxSession session) {
        return new MailtxtMailboxMapper(access, acls);
    }

    @Override
    public SubscriptionMapper createSubscriptionMapper(MailboxSession session) {
        return new MailtxtSubscriptionMapper(access.layout());
    }

    private MailboxStatus status(MailboxId id) throws MailboxException {
        try {
            return access.open((MailtxtMailboxId) id).status();
        } catch (IOException e) {
            throw new MailboxException("status of " + id + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public UidProvider getUidProvider() {
        return new UidProvider() {
            @Override
            public MessageUid nextUid(Mailbox mailbox) throws MailboxException {
                return nextUid(mailbox.getMailboxId());
            }

            @Override
            public Optional<MessageUid> lastUid(Mailbox mailbox) throws MailboxException {
                long next = status(mailbox.getMailboxId()).uidNext();
                return next > 1 ? Optional.of(MessageUid.of(next - 1)) : Optional.empty();
            }

            @Override
            public MessageUid nextUid(MailboxId id) throws MailboxException {
                return MessageUid.of(status(id).uidNext());
            }
        };
    }

    @Override
    public ModSeqProvider getModSeqProvider() {
        return new ModSeqProvider() {
            @Override
            public ModSeq nextModSeq(Mailbox mailbox) throws MailboxException {
                return nextModSeq(mailbox.getMailboxId());
            }

            @Override
            public ModSeq nextModSeq(MailboxId id) throws MailboxException {
                return ModSeq.of(status(id).highestModSeq() + 1);
            }

            @Override
            public ModSeq highestModSeq(Mailbox mailbox) throws MailboxException {
                return highestModSeq(mailbox.getMailboxId());
            }

            @Override
            public ModSeq highestModSeq(MailboxId id) throws MailboxException {
                return ModSeq.of(status(id).highestModSeq());
            }
        };
    }
}

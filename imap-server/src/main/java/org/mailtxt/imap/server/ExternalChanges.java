package org.mailtxt.imap.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.james.core.Username;
import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.events.MailboxIdRegistrationKey;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.UidValidity;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.event.EventFactory;
import org.mailtxt.imap.mailbox.FlagMapping;
import org.mailtxt.imap.mailbox.MailboxAccess;
import org.mailtxt.imap.mailbox.MailtxtMailboxId;
import org.mailtxt.mailstore.MailboxChange;
import org.mailtxt.mailstore.MailboxListener;
import org.mailtxt.mailstore.MessageInfo;
import org.mailtxt.mailstore.OpenMailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns changes other processes made to a mailbox file (tmail delivering, mailutil expunging, c-client rewriting
 * flags) into James mailbox events, so that selected sessions get EXISTS, EXPUNGE and FETCH FLAGS after NOOP and
 * during IDLE exactly as if the change had come through IMAP. Changes made through James are published by James
 * itself and are skipped here. Thread-safe.
 */
final class ExternalChanges implements MailboxAccess.Watcher {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalChanges.class);
    private final EventBus bus;
    private final SessionProviderImpl sessions;

    ExternalChanges(EventBus bus, SessionProviderImpl sessions) {
        this.bus = bus;
        this.sessions = sessions;
    }

    @Override
    public MailboxListener listenerFor(MailtxtMailboxId id, OpenMailbox mailbox) {
        return change -> {
            if (change.external()) {
                publish(id, change);
            }
        };
    }

    private void publish(MailtxtMailboxId id, MailboxChange change) {
        try {
            MailboxSession system = sessions.createSystemSession(Username.of(id.user()));
            Mailbox mailbox = new Mailbox(org.apache.james.mailbox.model.MailboxPath.forUser(Username.of(id.user()),
                    id.name().replace('/', '.')), UidValidity.of(change.uidValidity()), id);
            MailboxIdRegistrationKey key = new MailboxIdRegistrationKey(id);
            if (!change.added().isEmpty()) {
                List<MessageMetaData> added = new ArrayList<>();
                for (MessageInfo m : change.added()) {
                    added.add(metaData(m));
                }
                bus.dispatch(EventFactory.added().randomEventId().mailboxSession(system).mailbox(mailbox)
                        .addMetaData(added).isDelivery(true).build(), key).block();
            }
            if (!change.flagsChanged().isEmpty()) {
                List<UpdatedFlags> flags = new ArrayList<>();
                for (MessageInfo m : change.flagsChanged()) {
                    javax.mail.Flags now = flagsOf(m);
                    flags.add(UpdatedFlags.builder().uid(MessageUid.of(m.uid())).modSeq(ModSeq.of(m.modSeq()))
                            .oldFlags(new javax.mail.Flags()).newFlags(now).build());
                }
                bus.dispatch(EventFactory.flagsUpdated().randomEventId().mailboxSession(system).mailbox(mailbox)
                        .updatedFlags(flags).build(), key).block();
            }
            if (!change.expunged().isEmpty()) {
                java.util.SortedMap<MessageUid, MessageMetaData> gone = new java.util.TreeMap<>();
                for (long uid : change.expunged()) {
                    gone.put(MessageUid.of(uid), new MessageMetaData(MessageUid.of(uid), ModSeq.first(),
                            new javax.mail.Flags(), 0, new java.util.Date(0), Optional.empty(), null, null));
                }
                bus.dispatch(EventFactory.expunged().randomEventId().mailboxSession(system).mailbox(mailbox)
                        .metaData(gone).build(), key).block();
            }
        } catch (RuntimeException e) {
            LOG.warn("publishing external changes of {} failed: {}", id, e.toString());
        }
    }

    private static MessageMetaData metaData(MessageInfo m) {
        return new MessageMetaData(MessageUid.of(m.uid()), ModSeq.of(m.modSeq()), flagsOf(m), m.rfc822Size(),
                java.util.Date.from(m.internalDate().instant()), Optional.of(java.util.Date.from(m.saveDate())), null,
                null);
    }

    private static javax.mail.Flags flagsOf(MessageInfo m) {
        return FlagMapping.toJames(m);
    }
}

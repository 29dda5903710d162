package org.mailtxt.imap.mailbox;

import java.time.Clock;
import java.util.EnumSet;
import javax.mail.Flags;
import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxAnnotationManager;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.store.BatchSizes;
import org.apache.james.mailbox.store.MailboxManagerConfiguration;
import org.apache.james.mailbox.store.MessageFactory;
import org.apache.james.mailbox.store.MessageStorer;
import org.apache.james.mailbox.store.PreDeletionHooks;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.StoreMessageManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.mailbox.store.search.MessageSearchIndex;

/**
 * James's mailbox manager over the mailstore: advertises MOVE, and hands out message managers whose permanent flags
 * include {@code \*}, so that keywords are kept (up to 30 per mailbox: the tenex/mtx user-flag bits). Thread-safe.
 */
public final class MailtxtMailboxManager extends StoreMailboxManager {
    private final MailtxtMapperFactory factory;
    private final MessageId.Factory messageIds;
    private final EventBus eventBus;
    private final QuotaComponents quota;

    public MailtxtMailboxManager(MailtxtMapperFactory factory, SessionProvider sessions, MailboxPathLocker locker,
                                 MessageId.Factory messageIds, MailboxAnnotationManager annotations, EventBus eventBus,
                                 StoreRightManager rights, QuotaComponents quota, MessageSearchIndex search,
                                 PreDeletionHooks hooks) {
        super(factory, sessions, locker, new MessageParser(), messageIds, annotations, eventBus, rights, quota, search,
                MailboxManagerConfiguration.DEFAULT, hooks, new NaiveThreadIdGuessingAlgorithm(), Clock.systemUTC());
        this.factory = factory;
        this.messageIds = messageIds;
        this.eventBus = eventBus;
        this.quota = quota;
    }

    @Override
    public EnumSet<MailboxCapabilities> getSupportedMailboxCapabilities() {
        return EnumSet.of(MailboxCapabilities.Move, MailboxCapabilities.Namespace);
    }

    @Override
    public EnumSet<MessageCapabilities> getSupportedMessageCapabilities() {
        return EnumSet.noneOf(MessageCapabilities.class);
    }

    @Override
    protected StoreMessageManager createMessageManager(Mailbox mailbox, MailboxSession session) {
        return new StoreMessageManager(getSupportedMessageCapabilities(), factory, getMessageSearchIndex(), eventBus,
                getLocker(), mailbox, quota.getQuotaManager(), quota.getQuotaRootResolver(), BatchSizes.defaultValues(),
                getStoreRightManager(), getPreDeletionHooks(),
                new MessageStorer.WithoutAttachment(factory, messageIds, new MessageFactory.StoreMessageFactory(),
                        new NaiveThreadIdGuessingAlgorithm(), Clock.systemUTC())) {
            @Override
            public Flags getPermanentFlags(MailboxSession s) {
                Flags f = super.getPermanentFlags(s);
                f.add(Flags.Flag.USER);
                return f;
            }
        };
    }
}

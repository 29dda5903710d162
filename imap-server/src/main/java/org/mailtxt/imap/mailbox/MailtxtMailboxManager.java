package org.mailtxt.imap.mailbox;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import javax.mail.Flags;
import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxAnnotationManager;
import org.apache.james.mailbox.MailboxManager.CreateOption;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
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
import reactor.core.publisher.Mono;

/**
 * James's mailbox manager over the mailstore: advertises MOVE, hands out message managers whose permanent flags
 * include {@code \*}, so that keywords are kept (up to 30 per mailbox: the tenex/mtx user-flag bits), and creates the
 * special-use mailboxes with a new user's INBOX ({@link SpecialUse}). Thread-safe.
 */
public final class MailtxtMailboxManager extends StoreMailboxManager {
    private final MailtxtMapperFactory factory;
    private final MessageId.Factory messageIds;
    private final EventBus eventBus;
    private final QuotaComponents quota;
    private final List<String> provisionedWithInbox;

    public MailtxtMailboxManager(MailtxtMapperFactory factory, SessionProvider sessions, MailboxPathLocker locker,
                                 MessageId.Factory messageIds, MailboxAnnotationManager annotations, EventBus eventBus,
                                 StoreRightManager rights, QuotaComponents quota, MessageSearchIndex search,
                                 PreDeletionHooks hooks) {
        this(factory, sessions, locker, messageIds, annotations, eventBus, rights, quota, search, hooks, List.of());
    }

    /**
     * @param provisionedWithInbox mailboxes created (and subscribed) together with a user's INBOX, which James
     *     creates at the first login of a user who has none (for users: {@link SpecialUse#PROVISIONED})
     */
    public MailtxtMailboxManager(MailtxtMapperFactory factory, SessionProvider sessions, MailboxPathLocker locker,
                                 MessageId.Factory messageIds, MailboxAnnotationManager annotations, EventBus eventBus,
                                 StoreRightManager rights, QuotaComponents quota, MessageSearchIndex search,
                                 PreDeletionHooks hooks, List<String> provisionedWithInbox) {
        super(factory, sessions, locker, new MessageParser(), messageIds, annotations, eventBus, rights, quota, search,
                MailboxManagerConfiguration.DEFAULT, hooks, new NaiveThreadIdGuessingAlgorithm(), Clock.systemUTC());
        this.factory = factory;
        this.messageIds = messageIds;
        this.eventBus = eventBus;
        this.quota = quota;
        this.provisionedWithInbox = List.copyOf(provisionedWithInbox);
    }

    /**
     * Creates a mailbox; when it is the user's own INBOX and really was created now (James's first-login
     * provisioning), the mailboxes of {@code provisionedWithInbox} are created and subscribed too, those that exist
     * already left as they are. A user whose INBOX existed before (delivered by c-client, or provisioned by an
     * earlier version) gets nothing new.
     */
    @Override
    public Optional<MailboxId> createMailbox(MailboxPath path, CreateOption option, MailboxSession session)
            throws MailboxException {
        Optional<MailboxId> created = super.createMailbox(path, option, session);
        if (created.isPresent() && path.getName().equalsIgnoreCase(MailboxLayout.INBOX)
                && path.getUser().equals(session.getUser())) {
            for (String name : provisionedWithInbox) {
                MailboxPath p = MailboxPath.forUser(session.getUser(), name);
                try {
                    if (!Boolean.TRUE.equals(Mono.from(mailboxExists(p, session)).block())) {
                        super.createMailbox(p, CreateOption.CREATE_SUBSCRIPTION, session);
                    }
                } catch (MailboxExistsException e) {
                    // created by a concurrent first login of the same user
                }
            }
        }
        return created;
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

package org.mailtxt.imap.mailbox.contract;

import static java.util.Map.entry;
import static org.mailtxt.imap.mailbox.contract.DesignLimits.*;

import org.apache.james.events.EventBus;
import org.apache.james.events.InVMEventBus;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.mailbox.Authorizator;
import org.apache.james.mailbox.MailboxManagerTest;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.store.JVMMailboxPathLocker;
import org.apache.james.mailbox.store.PreDeletionHooks;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.StoreSubscriptionManager;
import org.apache.james.mailbox.store.extractor.DefaultTextExtractor;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.apache.james.mailbox.store.quota.NoMaxQuotaManager;
import org.apache.james.mailbox.store.quota.NoQuotaManager;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailtxt.imap.mailbox.MailtxtMailboxManager;
import org.mailtxt.imap.mailbox.MailtxtMapperFactory;
import org.mailtxt.imap.mailbox.MailtxtMessageId;
import org.mailtxt.imap.mailbox.MailtxtSearchIndex;

/**
 * James's MailboxManager contract against mailtxt's manager, wired as ImapStack wires it (in-VM event bus, store
 * rights, no quota, scanning search) with the suite's pre-deletion hooks and annotation limits 3 / 30.
 */
class MailtxtMailboxManagerTest extends MailboxManagerTest<MailtxtMailboxManager> {
    @RegisterExtension
    static final DesignLimits LIMITS = new DesignLimits(Map.ofEntries(
            entry("user1ShouldBeAbleToDeleteInbox", INBOX_INFERIORS),
            entry("user1ShouldBeAbleToDeleteSubmailboxByid", INBOX_INFERIORS),
            entry("user1ShouldBeAbleToCreateTestSubmailbox", INBOX_INFERIORS),
            entry("user1ShouldBeAbleToDeleteInboxById", INBOX_INFERIORS),
            entry("user2ShouldBeAbleToCreateNestedFoldersWithoutTheirParents", INBOX_INFERIORS),
            entry("listShouldReturnMailboxes", INBOX_INFERIORS),
            entry("user1ShouldBeAbleToDeleteSubmailbox", INBOX_INFERIORS),
            entry("creatingMixedCaseINBOXChildShouldNormalizeChildPath", INBOX_INFERIORS),
            entry("creatingMixedCaseINBOXShouldCreateItAsINBOXUponChildMailboxCreation", INBOX_INFERIORS),
            entry("renameMailboxShouldChangeTheMailboxPathOfTheChildMailbox", RENAME_ID),
            entry("renameMailboxByIdShouldChangeTheMailboxPathOfAMailbox", RENAME_ID),
            entry("renameMailboxShouldChangeTheMailboxPathOfAMailbox", RENAME_ID),
            entry("renameMailboxShouldReturnRenamedMailboxOnlyWhenNoChildren", RENAME_ID),
            entry("renameMailboxShouldReturnAllRenamedResultsIncludeChildren", RENAME_ID),
            entry("listMessagesMetadataShouldReturnUpdatedMessage", RECENT),
            entry("searchShouldNotReturnResultsFromOtherNamespaces", NAMESPACE),
            entry("creatingMixedCaseINBOXWhenItHasAlreadyBeenCreatedShouldThrow", INBOX_CASE),
            entry("creatingMixedCaseINBOXShouldNotBeRetrievableAsIt", INBOX_CASE)));

    private MailtxtBackend backend;
    private MailtxtMailboxManager manager;
    private InVMEventBus bus;

    @Override
    protected MailtxtMailboxManager provideMailboxManager() {
        if (manager == null) {
            backend = MailtxtBackend.inTemporaryDirectory();
            RecordingMetricFactory metrics = new RecordingMetricFactory();
            bus = new InVMEventBus(new InVmEventDelivery(metrics), RetryBackoffConfiguration.DEFAULT,
                    new MemoryEventDeadLetters());
            SessionProviderImpl sessions = new SessionProviderImpl((user, password) -> true,
                    (user, other) -> Authorizator.AuthorizationState.FORBIDDEN);
            MailtxtMapperFactory factory = backend.factory();
            StoreRightManager rights = new StoreRightManager(factory, new UnionMailboxACLResolver(), bus);
            QuotaComponents quota = new QuotaComponents(new NoMaxQuotaManager(), new NoQuotaManager(),
                    new DefaultUserQuotaRootResolver(sessions, factory));
            MailtxtSearchIndex search = new MailtxtSearchIndex(factory, new DefaultTextExtractor(),
                    (attachment, session) -> {
                        throw new java.io.IOException("mailtxt stores no separate attachments");
                    });
            manager = new MailtxtMailboxManager(factory, sessions, new JVMMailboxPathLocker(),
                    new MailtxtMessageId.Factory(), new StoreMailboxAnnotationManager(factory, rights, 3, 30), bus,
                    rights, quota, search, new PreDeletionHooks(preDeletionHooks(), metrics));
        }
        return manager;
    }

    @Override
    protected SubscriptionManager provideSubscriptionManager() {
        provideMailboxManager();
        return new StoreSubscriptionManager(backend.factory(), backend.factory(), bus);
    }

    @Override
    protected EventBus retrieveEventBus(MailtxtMailboxManager mailboxManager) {
        return bus;
    }

    @AfterEach
    void closeBackend() throws Exception {
        if (backend != null) {
            backend.close();
        }
    }
}

package org.mailtxt.imap.mailbox.contract;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSessionUtil;
import org.apache.james.mailbox.store.user.SubscriptionMapper;
import org.apache.james.mailbox.store.user.SubscriptionMapperTest;
import org.junit.jupiter.api.AfterEach;

/** James's subscription contract against the mailtxt mapper ({@code .mailtxt-subscriptions} per user). */
class MailtxtSubscriptionMapperTest extends SubscriptionMapperTest {
    private MailtxtBackend backend;

    @Override
    protected SubscriptionMapper createSubscriptionMapper() {
        backend = MailtxtBackend.inTemporaryDirectory();
        return backend.factory().createSubscriptionMapper(MailboxSessionUtil.create(Username.of("benwa")));
    }

    @AfterEach
    void closeBackend() throws Exception {
        backend.close();
    }
}

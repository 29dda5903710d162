package org.mailtxt.imap.mailbox.contract;

import org.apache.james.mailbox.store.mail.model.MapperProvider;
import org.apache.james.mailbox.store.mail.model.MessageMoveTest;
import org.junit.jupiter.api.AfterEach;

/** James's MOVE contract for message mappers against the mailtxt mappers. */
class MailtxtMessageMoveTest extends MessageMoveTest {
    private MailtxtBackend backend;

    @Override
    protected MapperProvider createMapperProvider() {
        backend = MailtxtBackend.inTemporaryDirectory();
        return new MailtxtMapperProvider(backend);
    }

    @AfterEach
    void closeBackend() throws Exception {
        backend.close();
    }
}

package org.mailtxt.imap.mailbox.contract;

import java.util.UUID;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSessionUtil;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.AnnotationMapper;
import org.apache.james.mailbox.store.mail.model.AnnotationMapperTest;
import org.junit.jupiter.api.AfterEach;
import org.mailtxt.imap.mailbox.MailtxtMailboxId;

/** James's annotation contract against the factory's annotation mapper (in memory; METADATA is not advertised). */
class MailtxtAnnotationMapperTest extends AnnotationMapperTest {
    private MailtxtBackend backend;

    @Override
    protected AnnotationMapper createAnnotationMapper() {
        backend = MailtxtBackend.inTemporaryDirectory();
        return backend.factory().createAnnotationMapper(MailboxSessionUtil.create(Username.of("benwa")));
    }

    @Override
    protected MailboxId generateMailboxId() {
        return new MailtxtMailboxId("benwa", "generated-" + UUID.randomUUID());
    }

    @AfterEach
    void closeBackend() throws Exception {
        backend.close();
    }
}

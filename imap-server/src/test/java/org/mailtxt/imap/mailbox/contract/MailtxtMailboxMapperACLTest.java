package org.mailtxt.imap.mailbox.contract;

import static java.util.Map.entry;
import static org.mailtxt.imap.mailbox.contract.DesignLimits.*;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSessionUtil;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMapperACLTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** James's ACL storage contract against the mailtxt mailbox mapper (ACLs are kept in memory only). */
class MailtxtMailboxMapperACLTest extends MailboxMapperACLTest {
    @RegisterExtension
    static final DesignLimits LIMITS = new DesignLimits(Map.ofEntries(
            entry("setACLShouldStoreMultipleUsersRights", NO_SHARING),
            entry("updateACLShouldOverwriteUsersRights", NO_SHARING),
            entry("findMailboxesShouldReportRightsUpdatedViaSetAcl", NO_SHARING),
            entry("updateACLShouldInsertUsersRights", NO_SHARING)));

    private MailtxtBackend backend;

    @Override
    protected MailboxMapper createMailboxMapper() {
        backend = MailtxtBackend.inTemporaryDirectory();
        return backend.factory().createMailboxMapper(MailboxSessionUtil.create(Username.of("benwa")));
    }

    @AfterEach
    void closeBackend() throws Exception {
        backend.close();
    }
}

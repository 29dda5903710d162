package org.mailtxt.imap.mailbox.contract;

import static java.util.Map.entry;
import static org.mailtxt.imap.mailbox.contract.DesignLimits.*;

import java.util.UUID;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSessionUtil;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMapperTest;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailtxt.imap.mailbox.MailtxtMailboxId;

/** James's MailboxMapper contract against the mailtxt mapper (mailbox files and folders under a mail root). */
class MailtxtMailboxMapperTest extends MailboxMapperTest {
    @RegisterExtension
    static final DesignLimits LIMITS = new DesignLimits(Map.ofEntries(
            entry("deleteShouldEraseTheGivenMailbox", INBOX_INFERIORS),
            entry("hasChildrenShouldReturnFalseWhenNoChildrenExists", INBOX_INFERIORS),
            entry("hasChildrenShouldNotBeAcrossUsersAndNamespace", INBOX_INFERIORS),
            entry("hasChildrenShouldReturnTrueWhenChildrenExists", INBOX_INFERIORS),
            entry("findMailboxByIdShouldReturnExistingMailbox", INBOX_INFERIORS),
            entry("listShouldRetrieveAllMailbox", INBOX_INFERIORS),
            entry("renameShouldRemoveOldMailboxPath", INBOX_INFERIORS),
            entry("findMailboxWithPathLikeWithChildRegexShouldRetrieveChildren", INBOX_INFERIORS),
            entry("findMailboxByIdShouldFailWhenAbsent", INBOX_INFERIORS),
            entry("renameShouldRenameTheMailbox", INBOX_INFERIORS),
            entry("findMailboxWithPathLikeShouldBeLimitedToUserAndNamespace", INBOX_INFERIORS),
            entry("findMailboxWithPathLikeWithRegexShouldRetrieveCorrespondingMailbox", INBOX_INFERIORS),
            entry("findMailboxWithPathLikeShouldEscapeMailboxName", INBOX_INFERIORS)));

    private MailtxtBackend backend;

    @Override
    protected MailboxMapper createMailboxMapper() {
        backend = MailtxtBackend.inTemporaryDirectory();
        return backend.factory().createMailboxMapper(MailboxSessionUtil.create(Username.of("benwa")));
    }

    @Override
    protected MailboxId generateId() {
        return new MailtxtMailboxId("benwa", "generated-" + UUID.randomUUID());
    }

    @AfterEach
    void closeBackend() throws Exception {
        backend.close();
    }
}

package org.mailtxt.imap.mpt;

import org.apache.james.mpt.api.ImapHostSystem;
import org.apache.james.mpt.imapmailbox.suite.FetchBodySection;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** James's MPT FetchBodySection scripts over TCP against a fresh mailtxt server per test. */
@ExtendWith(MptLimits.class)
class MailtxtFetchBodySectionTest extends FetchBodySection {
    @RegisterExtension
    final MailtxtMptServer server = new MailtxtMptServer();

    @Override
    protected ImapHostSystem createImapHostSystem() {
        return server.hostSystem();
    }
}

package org.mailtxt.imap.mpt;

import org.apache.james.mpt.api.ImapHostSystem;
import org.apache.james.mpt.imapmailbox.suite.Listing;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** James's MPT Listing scripts over TCP against a fresh mailtxt server per test. */
@ExtendWith(MptLimits.class)
class MailtxtListingTest extends Listing {
    @RegisterExtension
    final MailtxtMptServer server = new MailtxtMptServer();

    @Override
    protected ImapHostSystem createImapHostSystem() {
        return server.hostSystem();
    }
}

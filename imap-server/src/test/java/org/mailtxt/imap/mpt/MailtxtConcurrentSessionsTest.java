package org.mailtxt.imap.mpt;

import org.apache.james.mpt.api.ImapHostSystem;
import org.apache.james.mpt.imapmailbox.suite.ConcurrentSessions;
import org.junit.jupiter.api.extension.RegisterExtension;

/** James's MPT ConcurrentSessions scripts over TCP against a fresh mailtxt server per test. */
class MailtxtConcurrentSessionsTest extends ConcurrentSessions {
    @RegisterExtension
    final MailtxtMptServer server = new MailtxtMptServer();

    @Override
    protected ImapHostSystem createImapHostSystem() {
        return server.hostSystem();
    }
}

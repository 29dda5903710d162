package org.mailtxt.imap.mpt;

import java.util.Locale;
import org.apache.james.mpt.api.ImapHostSystem;
import org.apache.james.mpt.imapmailbox.ImapTestConstants;
import org.apache.james.mpt.imapmailbox.suite.base.BasicImapCommands;
import org.apache.james.mpt.script.SimpleScriptedTestProtocol;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * James's Condstore script over TCP. James's own {@code Condstore} suite needs its in-process host system (it
 * reconfigures the server between scripts), so this class runs the same script file the way that suite does, against
 * a fresh mailtxt server. Only {@code CondstoreEnable}: mailtxt always offers CONDSTORE (and QRESYNC), so James's
 * {@code CondstoreDisable} script (CONDSTORE switched off by configuration) does not apply.
 */
@ExtendWith(MptLimits.class)
class MailtxtCondstoreTest implements ImapTestConstants {
    @RegisterExtension
    final MailtxtMptServer server = new MailtxtMptServer();
    private SimpleScriptedTestProtocol script;

    @BeforeEach
    void setUp() throws Exception {
        ImapHostSystem system = server.hostSystem();
        script = new SimpleScriptedTestProtocol("/org/apache/james/imap/scripts/", system)
                .withUser(USER, PASSWORD)
                .withLocale(Locale.US);
        BasicImapCommands.welcome(script);
        BasicImapCommands.authenticate(script);
    }

    @Test
    void condstoreIsAdvertisedAndEnabled() throws Exception {
        script.run("CondstoreEnable");
    }
}

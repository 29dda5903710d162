package org.mailtxt.tests;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.mailtxt.mailstore.MailStore;
import org.mailtxt.mailstore.MailStoreConfig;

/**
 * What every mailstore-versus-c-client test needs: the c-client tools as the unprivileged user, a work directory in
 * that user's home, and a mailstore with its own data directory using c-client's lock directory (/tmp).
 */
abstract class CClientStoreTest {
    @TempDir
    Path tmp;
    CClient cc;
    CClientMail tools;
    MailStore store;

    @BeforeEach
    void openStoreAndTools() throws Exception {
        cc = CClient.require();
        tools = new CClientMail(cc);
        store = MailStore.open(MailStoreConfig.defaults(tmp.resolve("data")));
    }

    @AfterEach
    void closeStoreAndTools() throws Exception {
        if (store != null) {
            store.close();
        }
        if (cc != null) {
            cc.close();
        }
    }
}

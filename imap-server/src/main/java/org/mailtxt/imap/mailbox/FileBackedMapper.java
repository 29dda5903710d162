package org.mailtxt.imap.mailbox;

import org.apache.james.mailbox.store.transaction.TransactionalMapper;

/**
 * Base of the mailtxt mappers: James's transaction hooks have nothing to do here, because every mailstore
 * operation is already atomic on its own (one locked file operation plus one index transaction) and there is no
 * per-request state to release.
 */
abstract class FileBackedMapper extends TransactionalMapper {
    @Override
    protected final void begin() {
    }

    @Override
    protected final void commit() {
    }

    @Override
    protected final void rollback() {
    }

    @Override
    public final void endRequest() {
    }
}

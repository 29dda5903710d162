package org.mailtxt.mailstore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.mailtxt.locking.FileStat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes an expunge that a crash interrupted, from its {@link ExpungeJournal}; run at open under the exclusive
 * parse lock before the mailbox is parsed. Records a c-client program appended after the crash (at the old end of
 * file) are carried along. Stateless.
 */
final class ExpungeRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(ExpungeRecovery.class);

    private ExpungeRecovery() {
    }

    /** True if a journal was found and the compaction finished now. */
    static boolean recover(Path mailbox, FileChannel file, FileStat identity) throws IOException {
        Optional<ExpungeJournal.Recovered> found = ExpungeJournal.read(mailbox);
        if (found.isEmpty()) {
            return false;
        }
        ExpungeJournal.Recovered r = found.get();
        Path journal = ExpungeJournal.pathFor(mailbox);
        if (r.device() != identity.device() || r.inode() != identity.inode()) {
            Path aside = journal.resolveSibling(journal.getFileName() + ".orphan-" + System.currentTimeMillis());
            Files.move(journal, aside);
            LOG.warn("expunge journal {} belongs to another file (dev {} ino {}), not to {}; moved aside to {}",
                    journal, r.device(), r.inode(), mailbox, aside);
            return false;
        }
        long size = file.size();
        CompactionPlan plan = r.plan();
        long progress = r.progress();
        byte[] staged = r.staged();
        if (r.truncating()) {
            if (size < r.sizeBefore()) {
                ExpungeJournal.resume(mailbox).finish(); // truncated already; anything past it was appended since
                LOG.warn("finished interrupted expunge of {}: it had completed", mailbox);
                return true;
            }
            progress = plan.total;
            staged = null;
        }
        if (size > r.sizeBefore()) {
            plan = plan.plus(r.sizeBefore(), size - r.sizeBefore());
        }
        try (ExpungeJournal j = ExpungeJournal.resume(mailbox)) {
            new Compactor(file, j, plan).run(progress, staged, Compactor.NONE);
            j.finish();
        }
        LOG.warn("finished interrupted expunge of {} from its journal ({} bytes kept from offset {}{})", mailbox,
                plan.total, plan.destStart, size > r.sizeBefore() ? ", with " + (size - r.sizeBefore())
                        + " bytes appended since the crash" : "");
        return true;
    }
}

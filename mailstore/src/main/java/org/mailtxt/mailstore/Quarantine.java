package org.mailtxt.mailstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a torn tail (a record that runs past the end of the file, or bytes that are no record, left by a writer that
 * died mid-append) out of a mailbox into {@code .<name>.quarantine-<millis>-<offset>} beside it, so that c-client
 * can open the mailbox again and nothing is silently dropped. Runs only under the exclusive parse lock, where no
 * live writer can be mid-append. Stateless.
 */
final class Quarantine {
    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

    private Quarantine() {
    }

    static Path moveTail(Path mailbox, MailboxFile file, long from, long to) throws IOException {
        Path target = mailbox.resolveSibling("." + mailbox.getFileName() + ".quarantine-" + System.currentTimeMillis()
                + "-" + from);
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(file.read(from, Math.toIntExact(to - from)));
            while (b.hasRemaining()) {
                out.write(b);
            }
            out.force(true);
        }
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
        file.channel.truncate(from);
        file.channel.force(true);
        LOG.warn("{}: torn tail of {} bytes at offset {} (a writer died mid-append) moved to {}; the mailbox is"
                + " usable again, inspect that file to recover its contents", mailbox, to - from, from, target);
        return target;
    }
}

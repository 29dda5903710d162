package org.mailtxt.imap.server;

import io.netty.handler.flush.FlushConsolidationHandler;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.ImapMetrics;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.protocols.netty.ChannelHandlerFactory;

/**
 * James's Netty IMAP server with a {@link LiteralGuard} in front of its framer and {@link CloseAfterPendingAnswer},
 * on every connection (also after STARTTLS, which puts TLS in front of them), and the socket's flushes consolidated
 * (one write per command's response instead of one per literal). Thread-safe as IMAPServer is.
 */
final class GuardedImapServer extends IMAPServer {
    static final String FLUSH_CONSOLIDATION = "mailtxt-flush-consolidation";
    private final long literalLimit;
    private final long appendLimit;
    private final int maxLine;

    GuardedImapServer(ImapDecoder decoder, ImapEncoder encoder, ImapProcessor processor, ImapMetrics metrics,
                      GaugeRegistry gauges, long literalLimit, long appendLimit, int maxLine) {
        super(decoder, encoder, processor, metrics, gauges);
        this.literalLimit = literalLimit;
        this.appendLimit = appendLimit;
        this.maxLine = maxLine;
    }

    /**
     * James asks this factory for the framer of each new connection, handing over the pipeline the framer is about to
     * join: the guard joins it first, so it sits right in front of the framer.
     */
    @Override
    protected ChannelHandlerFactory createFrameHandlerFactory() {
        ChannelHandlerFactory james = super.createFrameHandlerFactory();
        return pipeline -> {
            // James flushes the socket after every literal it writes (twice), so a FETCH of 20 messages' headers
            // went out in ~40 writes. Flushes are consolidated: those made while a command is being read and run are
            // done once the read completes, later ones (IDLE pushes, work finished on another thread) on the event
            // loop's next turn; nothing is held back longer than that.
            pipeline.addFirst(FLUSH_CONSOLIDATION, new FlushConsolidationHandler(
                    FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
            pipeline.addLast(CloseAfterPendingAnswer.NAME, new CloseAfterPendingAnswer());
            pipeline.addLast(LiteralGuard.NAME, new LiteralGuard(literalLimit, appendLimit, maxLine));
            return james.create(pipeline);
        };
    }
}

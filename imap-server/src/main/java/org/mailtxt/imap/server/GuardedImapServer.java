package org.mailtxt.imap.server;

import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.ImapMetrics;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.protocols.netty.ChannelHandlerFactory;

/**
 * James's Netty IMAP server with a {@link LiteralGuard} in front of its framer, and {@link CloseAfterPendingAnswer},
 * on every connection (also after STARTTLS, which puts TLS in front of them). Thread-safe as IMAPServer is.
 */
final class GuardedImapServer extends IMAPServer {
    private final long literalLimit;
    private final int maxLine;

    GuardedImapServer(ImapDecoder decoder, ImapEncoder encoder, ImapProcessor processor, ImapMetrics metrics,
                      GaugeRegistry gauges, long literalLimit, int maxLine) {
        super(decoder, encoder, processor, metrics, gauges);
        this.literalLimit = literalLimit;
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
            pipeline.addLast(CloseAfterPendingAnswer.NAME, new CloseAfterPendingAnswer());
            pipeline.addLast(LiteralGuard.NAME, new LiteralGuard(literalLimit, maxLine));
            return james.create(pipeline);
        };
    }
}

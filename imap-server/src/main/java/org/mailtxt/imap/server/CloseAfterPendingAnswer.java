package org.mailtxt.imap.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.TimeUnit;

/**
 * Lets the answer James is writing reach the client before the connection closes. James 3.8.1 ends a session that
 * sent an unknown command before login, or failed LOGIN three times, by answering {@code * BYE ...} and closing; over
 * Netty it asks for the close as soon as the session is marked logged out, before its response writer flushes the
 * BYE (on the event loop, or from a worker thread just after), so the client saw the connection drop without a
 * reason. Here a requested close waits for the next flush, the one that carries the pending answer, and happens right
 * after it; if no flush comes within {@link #GRACE_MILLIS} the connection is closed anyway. A flush that is itself
 * completing when the close is asked for does not count. One instance per connection; used by its event loop only.
 */
final class CloseAfterPendingAnswer extends ChannelOutboundHandlerAdapter {
    static final String NAME = "mailtxt-close-after-answer";
    /** How long a requested close waits at most for the answer to be flushed. */
    static final long GRACE_MILLIS = 1000;
    private ChannelPromise pendingClose;

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (pendingClose != null || ctx.executor().isShuttingDown()) {
            ctx.close(promise); // a second request, or the server is stopping: no waiting
            return;
        }
        pendingClose = promise;
        ctx.executor().schedule(() -> closeNow(ctx), GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        boolean closeAfter = pendingClose != null;
        ctx.flush();
        if (closeAfter) {
            closeNow(ctx);
        }
    }

    private void closeNow(ChannelHandlerContext ctx) {
        ChannelPromise p = pendingClose;
        if (p == null) {
            return;
        }
        pendingClose = null;
        ctx.close(p);
    }
}

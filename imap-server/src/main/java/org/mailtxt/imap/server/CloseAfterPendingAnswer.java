package org.mailtxt.imap.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.RejectedExecutionException;

/**
 * Lets the answer James is writing reach the client before the connection closes. James 3.8.1 ends a session that
 * sent an unknown command before login, or failed LOGIN three times, by answering {@code * BYE ...} and closing; over
 * Netty it asks for the close as soon as the session is marked logged out, before its response writer flushes the
 * BYE, so the client saw the connection drop without a reason. A close is therefore run as the next task of the
 * channel's event loop, after the writes of the current one. One instance per connection; used by its event loop.
 */
final class CloseAfterPendingAnswer extends ChannelOutboundHandlerAdapter {
    static final String NAME = "mailtxt-close-after-answer";

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (ctx.executor().isShuttingDown()) {
            ctx.close(promise); // the server is stopping: no later task may run
            return;
        }
        try {
            ctx.executor().execute(() -> {
                ctx.flush();
                ctx.close(promise);
            });
        } catch (RejectedExecutionException e) {
            ctx.close(promise);
        }
    }
}

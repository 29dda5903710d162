package org.mailtxt.imap.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.stream.ChunkedStream;

/**
 * Writes the literals of James's answers as plain buffers. James 3.8.1 hands every literal (each message header or
 * body of a FETCH) to the channel as a {@link ChunkedStream}, which Netty's {@code ChunkedWriteHandler} then queues,
 * reads in 8 KiB chunks and writes with a promise and a listener per chunk: for the few hundred bytes of a FETCH of
 * header fields that machinery cost more than the bytes (about 10% of the server's CPU on a read-only load). This
 * handler sits between the channel and that handler and reads a literal of up to {@link #INLINE} bytes at once
 * into one buffer; the rest of a longer literal still goes through the chunked writer, which keeps its back-pressure
 * for large bodies. Order is kept: everything is written in the order it came. Per channel; not shareable.
 */
final class LiteralBuffers extends ChannelOutboundHandlerAdapter {
    static final String NAME = "mailtxt-literal-buffers";
    /** The most read into memory at once; a message body beyond it streams as before. */
    static final int INLINE = 64 * 1024;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (!(msg instanceof ChunkedStream stream)) {
            ctx.write(msg, promise);
            return;
        }
        CompositeByteBuf head = ctx.alloc().compositeBuffer();
        try {
            while (head.readableBytes() < INLINE && !stream.isEndOfInput()) {
                ByteBuf chunk = stream.readChunk(ctx.alloc());
                if (chunk == null) {
                    break; // nothing readable now: the chunked writer waits for it
                }
                head.addComponent(true, chunk);
            }
        } catch (Exception e) {
            head.release();
            stream.close();
            promise.setFailure(e);
            return;
        }
        if (stream.isEndOfInput()) {
            stream.close();
            ctx.write(head, promise);
        } else {
            ctx.write(head, ctx.voidPromise());
            ctx.write(stream, promise);
        }
    }

    /**
     * Puts a {@link LiteralBuffers} right behind the chunked writer once James has built the whole pipeline (the
     * connection is active by then; while James builds it, the chunked writer does not exist yet), then leaves.
     */
    static final class Installer extends ChannelInboundHandlerAdapter {
        static final String NAME = "mailtxt-literal-buffers-installer";
        private final String chunkWriter;

        Installer(String chunkWriter) {
            this.chunkWriter = chunkWriter;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (ctx.pipeline().get(chunkWriter) != null && ctx.pipeline().get(LiteralBuffers.NAME) == null) {
                ctx.pipeline().addAfter(chunkWriter, LiteralBuffers.NAME, new LiteralBuffers());
            }
            ctx.pipeline().remove(this);
            super.channelActive(ctx);
        }
    }
}

package org.mailtxt.imap.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.stream.ChunkedStream;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Literals reach the socket with the same bytes in the same order, small ones as one buffer, long ones as a first
 * buffer and then through Netty's chunked writer; a failing stream fails the write. On a real Netty channel
 * (EmbeddedChannel) with the installer and the chunked writer as James's pipeline has them.
 */
class LiteralBuffersTest {

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("chunkWriteHandler", new ChunkedWriteHandler());
                ch.pipeline().addLast(LiteralBuffers.Installer.NAME, new LiteralBuffers.Installer("chunkWriteHandler"));
            }
        });
    }

    private static byte[] drain(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffers = 0;
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
            buffers++;
        }
        assertThat(buffers).isPositive();
        return out.toByteArray();
    }

    @Test
    void theInstallerPutsTheHandlerBehindTheChunkedWriterAndLeaves() {
        EmbeddedChannel ch = channel();
        assertThat(ch.pipeline().names()).containsSubsequence("chunkWriteHandler", LiteralBuffers.NAME)
                .doesNotContain(LiteralBuffers.Installer.NAME);
        ch.finishAndReleaseAll();
    }

    @Test
    void aSmallLiteralGoesOutAsOneBufferBetweenTheTextAroundIt() {
        EmbeddedChannel ch = channel();
        byte[] header = "Subject: hello\r\nMessage-ID: <a@b>\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        ch.write(io.netty.buffer.Unpooled.copiedBuffer("* 1 FETCH (BODY[HEADER] {37}\r\n", StandardCharsets.US_ASCII));
        ChannelFuture literal = ch.write(new ChunkedStream(new ByteArrayInputStream(header)));
        ch.writeAndFlush(io.netty.buffer.Unpooled.copiedBuffer(")\r\n", StandardCharsets.US_ASCII));
        assertThat(literal.isSuccess()).isTrue();
        assertThat(new String(drain(ch), StandardCharsets.US_ASCII))
                .isEqualTo("* 1 FETCH (BODY[HEADER] {37}\r\n" + new String(header, StandardCharsets.US_ASCII) + ")\r\n");
        ch.finishAndReleaseAll();
    }

    @Test
    void aLongLiteralArrivesWholeAndInOrder() {
        byte[] body = new byte[LiteralBuffers.INLINE * 3 + 12_345];
        new Random(7).nextBytes(body);
        EmbeddedChannel ch = channel();
        ChannelFuture literal = ch.write(new ChunkedStream(new ByteArrayInputStream(body)));
        ch.writeAndFlush(io.netty.buffer.Unpooled.copiedBuffer(")\r\n", StandardCharsets.US_ASCII));
        ch.runPendingTasks();
        assertThat(literal.isSuccess()).isTrue();
        byte[] out = drain(ch);
        assertThat(out).hasSize(body.length + 3);
        assertThat(java.util.Arrays.copyOf(out, body.length)).isEqualTo(body);
        ch.finishAndReleaseAll();
    }

    @Test
    void aStreamThatFailsFailsTheWrite() {
        EmbeddedChannel ch = channel();
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk went away");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk went away");
            }
        };
        ChannelFuture literal = ch.writeAndFlush(new ChunkedStream(broken));
        assertThat(literal.isSuccess()).isFalse();
        assertThat(literal.cause()).hasMessageContaining("disk went away");
        ch.finishAndReleaseAll();
    }
}

package org.mailtxt.imap.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sits in front of James's IMAP framer and enforces the literal size limit before a literal is accepted. James
 * 3.8.1 answers "+ Ok" to any announced literal and only fails the command afterwards, and then reads the rest of
 * the literal's octets as new commands: a message quoting IMAP commands would run them. Here a command line that
 * announces a literal over the limit is answered {@code NO [TOOBIG]} and dropped when the literal is synchronizing
 * (the client sends nothing more), and the connection is closed with {@code * BYE} when it is non-synchronizing
 * (LITERAL+: the octets are already on their way). Literal octets within the limit pass through untouched and are
 * never mistaken for command lines. The message literal of an APPEND is held to the smaller APPENDLIMIT (RFC 7889):
 * James 3.8.1 advertises it but stores any size it is given. A command line ended by a bare LF is passed on with
 * CR LF (see {@link #withCrLf}). One instance per connection; used by its event loop only.
 */
final class LiteralGuard extends ChannelInboundHandlerAdapter {
    static final String NAME = "mailtxt-literal-guard";
    private static final Pattern ANNOUNCE = Pattern.compile("\\{(\\d+)(\\+?)\\}\\r?$");
    private final long limit;
    private final long appendLimit;
    private final int maxLine;
    private long literalLeft;
    private ByteBuf line;
    private boolean overlong;
    private boolean continuation;
    private String tag = "*";
    private boolean append;
    /**
     * Set once the connection is being closed for a refused non-synchronizing literal: every byte after that line is
     * dropped. (The close itself waits for the BYE to be written, which flush consolidation may defer to the end of
     * this read, so the channel can still look active while the rest of the literal is in the buffer.)
     */
    private boolean closing;

    /**
     * @param limit the largest literal of any command
     * @param appendLimit the largest message literal of an APPEND (APPENDLIMIT)
     * @param maxLine the longest command line James accepts
     */
    LiteralGuard(long limit, long appendLimit, int maxLine) {
        this.limit = limit;
        this.appendLimit = appendLimit;
        this.maxLine = maxLine;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            while (!closing && in.isReadable() && ctx.channel().isActive()) {
                if (literalLeft > 0) {
                    int n = (int) Math.min(literalLeft, in.readableBytes());
                    ctx.fireChannelRead(in.readRetainedSlice(n));
                    literalLeft -= n;
                    continue;
                }
                int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
                if (overlong) {
                    // A line longer than James accepts: pass it on as it comes, James answers BAD.
                    int n = eol < 0 ? in.readableBytes() : eol + 1 - in.readerIndex();
                    ctx.fireChannelRead(in.readRetainedSlice(n));
                    overlong = eol < 0;
                    continue;
                }
                int n = eol < 0 ? in.readableBytes() : eol + 1 - in.readerIndex();
                if (line == null) {
                    line = ctx.alloc().buffer(Math.max(64, n));
                }
                line.writeBytes(in, n);
                if (eol < 0) {
                    if (line.readableBytes() > maxLine) {
                        ctx.fireChannelRead(line);
                        line = null;
                        overlong = true;
                    }
                    break;
                }
                ByteBuf complete = line;
                line = null;
                handleLine(ctx, complete);
            }
        } finally {
            in.release();
        }
    }

    private void handleLine(ChannelHandlerContext ctx, ByteBuf line) {
        ByteBuf complete = withCrLf(ctx, line);
        int len = complete.readableBytes();
        String tail = complete.toString(complete.readerIndex() + Math.max(0, len - 40), Math.min(len, 40),
                StandardCharsets.ISO_8859_1);
        if (!continuation) {
            String head = complete.toString(complete.readerIndex(), Math.min(len, 80), StandardCharsets.ISO_8859_1);
            int space = head.indexOf(' ');
            tag = space > 0 ? head.substring(0, space) : "*";
            append = space > 0 && head.regionMatches(true, space + 1, "APPEND ", 0, 7);
        }
        Matcher m = ANNOUNCE.matcher(tail.endsWith("\n") ? tail.substring(0, tail.length() - 1) : tail);
        if (!m.find()) {
            continuation = false;
            ctx.fireChannelRead(complete);
            return;
        }
        BigInteger size = new BigInteger(m.group(1));
        boolean nonSynchronizing = !m.group(2).isEmpty();
        long allowed = append ? Math.min(limit, appendLimit) : limit;
        if (size.compareTo(BigInteger.valueOf(allowed)) <= 0) {
            literalLeft = size.longValueExact();
            continuation = true;
            ctx.fireChannelRead(complete);
            return;
        }
        complete.release();
        String why = append && appendLimit < limit
                ? "Message of " + size + " octets exceeds APPENDLIMIT=" + appendLimit
                : "Literal of " + size + " octets exceeds the limit of " + limit + " octets";
        if (nonSynchronizing || continuation) {
            closing = true;
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(Unpooled.copiedBuffer("* BYE " + why + "; closing\r\n", StandardCharsets.US_ASCII))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        continuation = false;
        ctx.writeAndFlush(Unpooled.copiedBuffer(safeTag() + " NO [TOOBIG] " + why + "\r\n", StandardCharsets.US_ASCII));
    }

    /**
     * A line ended by a bare LF gets its CR. James's framer accepts bare LF on a plain command line, but after a
     * literal it waits for two octets of CR LF: a command whose literal is followed by a bare LF (a client counting
     * its literal one octet long, as several of James's own MPT scripts do) was never answered and the connection
     * hung. Lines already ending in CR LF are passed on as they are.
     */
    private static ByteBuf withCrLf(ChannelHandlerContext ctx, ByteBuf line) {
        int len = line.readableBytes();
        int end = line.readerIndex() + len;
        if (len == 0 || line.getByte(end - 1) != '\n' || len >= 2 && line.getByte(end - 2) == '\r') {
            return line;
        }
        ByteBuf fixed = ctx.alloc().buffer(len + 1);
        fixed.writeBytes(line, line.readerIndex(), len - 1).writeByte('\r').writeByte('\n');
        line.release();
        return fixed;
    }

    private String safeTag() {
        return tag.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '{' && c != '*') && !tag.isEmpty() ? tag : "*";
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (line != null) {
            line.release();
            line = null;
        }
        super.channelInactive(ctx);
    }
}

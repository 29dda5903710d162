package org.mailtxt.tests.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One raw IMAP connection as the load harness drives it: a socket with TCP_NODELAY, commands written in one flush,
 * responses read up to the tagged completion with server literals ({@code {n}}) inlined into the line that announced
 * them. It tracks the mailbox size the server has told this session about ({@code * n EXISTS}, {@code * n EXPUNGE}),
 * so that sequence numbers sent are always valid for the session. Not thread-safe: one client thread owns it.
 */
final class ImapConnection implements Closeable {
    private static final Pattern LITERAL_AT_END = Pattern.compile("\\{(\\d+)\\+?}$");
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS$");
    private static final Pattern EXPUNGE = Pattern.compile("^\\* \\d+ EXPUNGE$");

    /** A completed command: the untagged lines (literals inlined) and the tagged status line. */
    record Reply(List<String> untagged, String status) {
        boolean ok() {
            return status.startsWith("OK");
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int tagCounter;
    private int exists = -1;

    ImapConnection(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
        String greeting = readResponseLine();
        if (!greeting.startsWith("* OK")) {
            throw new IOException("unexpected greeting from " + host + ":" + port + ": " + greeting);
        }
    }

    /** Messages in the selected mailbox as this session knows them; -1 before a SELECT. */
    int exists() {
        return exists;
    }

    Reply command(String text) throws IOException {
        String tag = nextTag();
        out.write((tag + " " + text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readUntil(tag);
    }

    /** APPEND with a synchronising literal (LITERAL+ is not assumed): waits for the server's continuation. */
    Reply append(String mailbox, String flags, byte[] message) throws IOException {
        String tag = nextTag();
        out.write((tag + " APPEND " + mailbox + " " + flags + " {" + message.length + "}\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String line = readResponseLine();
        if (!line.startsWith("+")) {
            return new Reply(List.of(), line.startsWith(tag + " ") ? line.substring(tag.length() + 1) : "BAD " + line);
        }
        out.write(message);
        out.write('\r');
        out.write('\n');
        out.flush();
        return readUntil(tag);
    }

    /** Starts IDLE and waits for the continuation; then {@link #readLine()} gives the pushes. */
    String startIdle() throws IOException {
        String tag = nextTag();
        out.write((tag + " IDLE\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String line = readResponseLine();
        if (!line.startsWith("+")) {
            throw new IOException("IDLE refused: " + line);
        }
        return tag;
    }

    Reply endIdle(String tag) throws IOException {
        out.write("DONE\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readUntil(tag);
    }

    /** The next response line (literals inlined). */
    String readLine() throws IOException {
        return readResponseLine();
    }

    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    private String nextTag() {
        return "a" + (++tagCounter);
    }

    private Reply readUntil(String tag) throws IOException {
        List<String> untagged = new ArrayList<>();
        String prefix = tag + " ";
        while (true) {
            String line = readResponseLine();
            if (line.startsWith(prefix)) {
                return new Reply(untagged, line.substring(prefix.length()));
            }
            track(line);
            untagged.add(line);
        }
    }

    private void track(String line) {
        if (line.length() > 40 || !line.startsWith("* ")) {
            return;
        }
        Matcher m = EXISTS.matcher(line);
        if (m.matches()) {
            exists = Integer.parseInt(m.group(1));
        } else if (EXPUNGE.matcher(line).matches()) {
            exists--;
        }
    }

    private String readResponseLine() throws IOException {
        StringBuilder sb = new StringBuilder(readRawLine());
        Matcher m = LITERAL_AT_END.matcher(sb);
        while (m.find()) {
            int n = Integer.parseInt(m.group(1));
            sb.setLength(m.start());
            sb.append(new String(in.readNBytes(n), StandardCharsets.ISO_8859_1));
            sb.append(readRawLine());
            m = LITERAL_AT_END.matcher(sb);
            m.region(Math.max(0, sb.length() - 24), sb.length());
        }
        return sb.toString();
    }

    private String readRawLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("server closed the connection");
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

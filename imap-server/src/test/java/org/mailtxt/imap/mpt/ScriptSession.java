package org.mailtxt.imap.mpt;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.apache.james.mpt.api.Continuation;
import org.apache.james.mpt.api.Session;

/**
 * One client connection of an MPT script, over a plain blocking socket. It replaces James's {@code ExternalSession}
 * (JAMES-WIRING.md §10): that session polls its non-blocking socket every 10 ms through Awaitility (about 10 ms lost
 * per server response, seconds per script) and waits a whole minute for a line that never comes; it does not pass a
 * server's continuation request ("+ ...") to the script, so every synchronizing literal failed; it cannot REINIT;
 * and it drops every CR, also one inside a literal that a script expects. Here a read blocks until data arrives or
 * {@code readTimeoutMillis} pass, then fails with the line read so far; the greeting is replaced by the shabang line
 * the scripts expect. Used by one script thread; not thread-safe.
 */
final class ScriptSession implements Session {
    /** {@code -Dmailtxt.mpt.trace=true} prints every line both ways on stderr (reading a failing script). */
    private static final boolean TRACE = Boolean.getBoolean("mailtxt.mpt.trace");
    private final InetSocketAddress address;
    private final Continuation continuation;
    private final String shabang;
    private final int readTimeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean first = true;

    ScriptSession(InetSocketAddress address, Continuation continuation, String shabang, int readTimeoutMillis) {
        this.address = address;
        this.continuation = continuation;
        this.shabang = shabang;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    @Override
    public void start() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(readTimeoutMillis);
        socket.connect(address, readTimeoutMillis);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    @Override
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    break; // closed by the server: the script compares what it got
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no complete line from the server within " + readTimeoutMillis + " ms; read so far: '"
                    + line.toString(StandardCharsets.ISO_8859_1) + "'", e);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        // Only the CR of the line's CR LF goes: a CR inside a literal (a partial FETCH ending between CR and LF) is
        // part of what the scripts expect; James's ExternalSession dropped every CR, failing them.
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (TRACE) {
            System.err.println("S: " + text);
        }
        if (first) {
            first = false;
            return shabang;
        }
        if (text.startsWith("+")) {
            continuation.doContinue();
        }
        return text;
    }

    @Override
    public void writeLine(String line) throws IOException {
        if (TRACE) {
            System.err.println("C: " + line);
        }
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A script's REINIT: a new connection whose greeting the script does not read (it goes on with a command). */
    @Override
    public void restart() throws IOException {
        stop();
        start();
        first = false;
        readLine();
    }

    @Override
    public void stop() throws IOException {
        if (socket != null) {
            socket.close();
        }
    }

    /**
     * A script's AWAIT gives an asynchronous search index time to catch up (James's own session sleeps 5 s);
     * mailtxt searches the mailbox itself, so every message is searchable as soon as its APPEND is answered.
     */
    @Override
    public void await() {
        // nothing to wait for
    }
}

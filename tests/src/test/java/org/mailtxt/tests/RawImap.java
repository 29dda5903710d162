package org.mailtxt.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw IMAP connection for tests that must send what no client library would: lines are written as given (bytes,
 * ISO-8859-1), responses are read line by line up to the tagged answer, with a read timeout so that a silent server
 * fails the test instead of hanging it. Literals in responses are not parsed; lines are returned as text. Not
 * thread-safe.
 */
final class RawImap implements AutoCloseable {
    /** The answer to one command: untagged lines, then the tagged line (or null if the server closed first). */
    record Reply(List<String> untagged, String tagged) {
        boolean ok() {
            return tagged != null && tagged.split(" ", 3).length > 1 && tagged.split(" ", 3)[1].equals("OK");
        }

        /** OK, NO or BAD; "CLOSED" when the connection ended before the tagged answer. */
        String status() {
            if (tagged == null) {
                return "CLOSED";
            }
            String[] p = tagged.split(" ", 3);
            return p.length > 1 ? p[1] : tagged;
        }

        String all() {
            return String.join("\n", untagged) + "\n" + tagged;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String greeting;
    private int tag;

    private RawImap(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.greeting = readLine();
    }

    static RawImap connect(int port) throws IOException {
        return new RawImap(TestImapServer.socket(port));
    }

    static RawImap login(int port, String user, String password) throws IOException {
        RawImap c = connect(port);
        Reply r = c.command("LOGIN " + user + " " + password);
        if (!r.ok()) {
            c.close();
            throw new IOException("login of " + user + " failed: " + r.all());
        }
        return c;
    }

    String greeting() {
        return greeting;
    }

    String nextTag() {
        return "t" + (++tag);
    }

    /** Sends {@code <tag> <command> CRLF} and reads up to the tagged answer. */
    Reply command(String command) throws IOException {
        String t = nextTag();
        write((t + " " + command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return readReply(t);
    }

    /** APPEND with a synchronizing literal; if the server refuses the literal, its answer is returned. */
    Reply append(String mailbox, String flags, byte[] message) throws IOException {
        String t = nextTag();
        write((t + " APPEND " + mailbox + " " + flags + " {" + message.length + "}\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        String cont = readLine();
        if (cont == null) {
            return new Reply(List.of(), null);
        }
        if (cont.startsWith("* BAD") || cont.startsWith("* BYE")) {
            return new Reply(List.of(), cont); // the command line itself was refused; no tagged answer follows
        }
        if (!cont.startsWith("+")) {
            return cont.startsWith(t + " ") ? new Reply(List.of(), cont) : readReply(t, cont);
        }
        write(message);
        write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return readReply(t);
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    Reply readReply(String t) throws IOException {
        return readReply(t, null);
    }

    private Reply readReply(String t, String first) throws IOException {
        List<String> lines = new ArrayList<>();
        if (first != null) {
            lines.add(first);
        }
        String line;
        while ((line = readLine()) != null) {
            if (line.startsWith(t + " ")) {
                return new Reply(lines, line);
            }
            lines.add(line);
        }
        return new Reply(lines, null);
    }

    /** One line without its CRLF; null at end of stream (or a reset connection). */
    String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                c = -1; // connection reset: the server closed on us
            }
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            }
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
    }

    /** Reads lines until one matches, within the socket's timeout per line and {@code millis} overall. */
    String awaitLine(java.util.function.Predicate<String> wanted, long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        int old = socket.getSoTimeout();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return null;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                String line;
                try {
                    line = readLine();
                } catch (SocketTimeoutException e) {
                    return null;
                }
                if (line == null) {
                    return null;
                }
                if (wanted.test(line)) {
                    return line;
                }
            }
        } finally {
            socket.setSoTimeout(old);
        }
    }

    /** True once the server has closed the connection (end of stream) within {@code millis}; lines are skipped. */
    boolean closedWithin(long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        int old = socket.getSoTimeout();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                try {
                    if (readLine() == null) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    return false;
                }
            }
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(old);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

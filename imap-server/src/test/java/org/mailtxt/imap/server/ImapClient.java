package org.mailtxt.imap.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A raw IMAP client for tests: sends lines, collects everything up to the tagged answer. */
final class ImapClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private int tag;
    final String greeting;

    ImapClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
        greeting = in.readLine();
    }

    /** Sends a command; returns all lines up to and including the tagged one. */
    List<String> send(String command) throws IOException {
        String t = "a" + (++tag);
        out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return readUntil(t);
    }

    /** APPEND with a synchronizing literal. */
    List<String> append(String mailbox, String flags, String message) throws IOException {
        String t = "a" + (++tag);
        byte[] body = message.getBytes(StandardCharsets.ISO_8859_1);
        out.write((t + " APPEND " + mailbox + " " + flags + " {" + body.length + "}\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String cont = in.readLine();
        if (cont == null || !cont.startsWith("+")) {
            List<String> r = new ArrayList<>();
            r.add(cont);
            return r;
        }
        out.write(body);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return readUntil(t);
    }

    void write(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    String readLine() throws IOException {
        return in.readLine();
    }

    private List<String> readUntil(String t) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(line);
            if (line.startsWith(t + " ")) {
                break;
            }
        }
        return lines;
    }

    static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

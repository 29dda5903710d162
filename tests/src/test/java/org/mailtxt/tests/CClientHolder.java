package org.mailtxt.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drives {@code src/test/c/cclient-holder.c}: a long-lived process whose locks are taken by c-client's own code.
 * One command at a time; {@link #send} returns a future for the answer line so that a test can watch the process
 * block on a lock, and the c-client log lines that came before it are kept in {@link #log()}.
 */
final class CClientHolder implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final long pid;
    private final List<String> log = new ArrayList<>();

    CClientHolder(CClient cclient) throws IOException, InterruptedException {
        process = cclient.startAsUser(cclient.buildHolder().toString());
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String ready = out.readLine();
        if (ready == null || !ready.startsWith("ready ")) {
            throw new IOException("c-client holder did not start: " + ready);
        }
        pid = Long.parseLong(ready.substring(6).trim());
    }

    /** The pid of the process that holds c-client's locks (not runuser's). */
    long pid() {
        return pid;
    }

    /** Sends one command; the future completes with its "ok …"/"err …" answer. */
    CompletableFuture<String> send(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
        return CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("log: ")) {
                        synchronized (log) {
                            log.add(line.substring(5));
                        }
                    } else {
                        return line;
                    }
                }
                throw new IllegalStateException("c-client holder exited");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Sends a command and waits (bounded) for its answer. */
    String call(String command) throws IOException, InterruptedException, ExecutionException, TimeoutException {
        return send(command).get(30, TimeUnit.SECONDS);
    }

    /** c-client's log messages so far. */
    List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Kills the holder (and runuser above it) and waits until it is gone, with its descriptors and locks. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("c-client holder " + child.pid() + " did not exit", e);
            }
        }
    }
}

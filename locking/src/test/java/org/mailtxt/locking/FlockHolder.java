package org.mailtxt.locking;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real foreign process holding a lock: util-linux {@code flock(1)} (or python3 for POSIX locks), started and
 * waited for until it reports that it holds the lock; closing kills it and its children.
 */
final class FlockHolder implements AutoCloseable {
    private final Process process;

    private FlockHolder(Process process) {
        this.process = process;
    }

    /** {@code flock -s|-x FILE} holding until closed. */
    static FlockHolder flock(Path file, LockMode mode) throws IOException {
        return start(List.of("flock", mode == LockMode.SHARED ? "-s" : "-x", file.toString(),
                "-c", "echo locked; exec sleep 120"));
    }

    /** A POSIX (fcntl) lock on the whole file held by a python3 process. */
    static FlockHolder posix(Path file, LockMode mode) throws IOException {
        String type = mode == LockMode.SHARED ? "fcntl.LOCK_SH" : "fcntl.LOCK_EX";
        String openMode = mode == LockMode.SHARED ? "'rb'" : "'r+b'";
        return start(List.of("python3", "-c", "import fcntl,sys,time\nf=open(sys.argv[1]," + openMode + ")\n"
                + "fcntl.lockf(f," + type + ")\nprint('locked',flush=True)\ntime.sleep(120)", file.toString()));
    }

    private static FlockHolder start(List<String> command) throws IOException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"locked".equals(line)) {
            p.destroyForcibly();
            throw new IOException(command + " did not take its lock: " + line);
        }
        return new FlockHolder(p);
    }

    /** The pid of the process that called flock/fcntl (the one /proc/locks names). */
    long pid() {
        return process.pid();
    }

    /** Kills the holder and its children and waits until they are gone (their descriptors, and locks, with them). */
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
                throw new IllegalStateException("lock holder child " + child.pid() + " did not exit", e);
            }
        }
    }

    /** Runs a short command to completion and returns its exit status. */
    static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        return p.exitValue();
    }
}

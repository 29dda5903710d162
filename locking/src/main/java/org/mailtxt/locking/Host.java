package org.mailtxt.locking;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's host name as {@code uname -n} gives it (no DNS look-up: that can hang). */
final class Host {
    private static final String NAME = read();

    private Host() {
    }

    static String name() {
        return NAME;
    }

    private static String read() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "localhost";
        }
    }
}

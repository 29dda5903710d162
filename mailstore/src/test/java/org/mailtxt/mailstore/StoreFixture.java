package org.mailtxt.mailstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A mailstore over a temporary directory, with c-client-written fixtures copied in. */
final class StoreFixture {
    static final List<String> KEYWORDS = List.of("$Forwarded", "$MDNSent", "Junk", "NonJunk", "project-x");

    private StoreFixture() {
    }

    static Path fixture(String name) {
        String configured = System.getProperty("mailtxt.test.resourcesDir");
        Path resources = configured != null ? Path.of(configured) : Path.of("src/test/resources");
        return resources.resolve("fixtures").resolve(name);
    }

    static Path copy(String fixture, Path dir, String as) throws IOException {
        return Files.copy(fixture(fixture), dir.resolve(as));
    }

    /** A store with its own data directory (an "other process" for locks and index) and lock directory. */
    static MailStore store(Path dir, String name) throws IOException {
        Path locks = dir.resolve("locks");
        Files.createDirectories(locks);
        MailStoreConfig c = MailStoreConfig.defaults(dir.resolve("data-" + name)).withKeywords(KEYWORDS)
                .withLockDirectory(locks);
        return MailStore.open(new MailStoreConfig(c.dataDirectory(), c.lockDirectory(), c.lockMethod(),
                Duration.ofSeconds(5), c.keywords(), c.maxMessageSize(), c.inboxFormat(), Duration.ofMillis(100)));
    }

    /** Collects what a listener hears. */
    static final class Recorder implements MailboxListener {
        final List<MailboxChange> changes = new CopyOnWriteArrayList<>();

        @Override
        public void changed(MailboxChange change) {
            changes.add(change);
        }

        boolean heardAdded(int n) {
            return changes.stream().mapToInt(c -> c.added().size()).sum() >= n;
        }
    }

    static void await(Duration limit, java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}

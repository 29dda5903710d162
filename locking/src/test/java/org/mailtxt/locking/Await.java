package org.mailtxt.locking;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a bound (tests never sleep blindly). */
final class Await {
    private Await() {
    }

    static void until(Duration limit, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}

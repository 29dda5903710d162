package org.mailtxt.tests;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition with a bound (tests never sleep blindly). */
final class Await {
    private Await() {
    }

    static void until(Duration limit, Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}

package org.mailtxt.locking;

import java.time.Duration;

/**
 * Waiting between attempts: real sleeping in production, a recording no-op in fault-injection tests. Also the clock
 * that deadlines are measured on.
 */
interface Backoff {
    Backoff REAL = new Backoff() {
        @Override
        public void pause(Duration d) throws LockingException {
            try {
                Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LockingException("interrupted while waiting for a lock", e);
            }
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    };

    void pause(Duration d) throws LockingException;

    long nanoTime();
}

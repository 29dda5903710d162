package org.mailtxt.mailstore;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.mailtxt.mailstore.format.AppendRejectedException;

/** Waits for work done on another thread and rethrows its failure as the caller's own. Stateless. */
final class Waiting {
    private Waiting() {
    }

    static <T> T forResult(Future<T> f, String what) throws IOException, AppendRejectedException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + what);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof AppendRejectedException r) {
                throw r;
            }
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(what + " failed", c);
        }
    }
}

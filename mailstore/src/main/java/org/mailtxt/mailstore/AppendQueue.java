package org.mailtxt.mailstore;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.mailtxt.mailstore.format.AppendRejectedException;

/**
 * Group commit for appends to one mailbox: concurrent appenders queue their requests, and whichever arrives while no
 * write is going on leads — it drains the queue and writes every waiting request in one batch (one exclusive parse
 * lock, one write, one fsync, one index transaction), then keeps draining until the queue is empty. An appender's
 * call returns when its own request is durable; a request c-client would refuse fails alone. Thread-safe: the queue
 * is guarded by this object's monitor.
 */
final class AppendQueue {
    /** One queued request and its outcome. */
    static final class Pending {
        final List<AppendRequest> messages;
        final CompletableFuture<AppendResult> done = new CompletableFuture<>();

        Pending(List<AppendRequest> messages) {
            this.messages = messages;
        }
    }

    /** Writes a batch; must complete every {@link Pending#done} of it, normally or exceptionally. */
    interface BatchWriter {
        void write(List<Pending> batch) throws IOException;
    }

    private final Deque<Pending> queue = new ArrayDeque<>();
    private boolean leading;

    AppendResult submit(List<AppendRequest> messages, BatchWriter writer) throws IOException, AppendRejectedException {
        Pending mine = new Pending(messages);
        boolean lead;
        synchronized (this) {
            queue.add(mine);
            lead = !leading;
            leading = true;
        }
        if (lead) {
            drainAll(writer);
        }
        return Waiting.forResult(mine.done, "an append");
    }

    private void drainAll(BatchWriter writer) {
        while (true) {
            List<Pending> batch;
            synchronized (this) {
                batch = new ArrayList<>(queue);
                queue.clear();
                if (batch.isEmpty()) {
                    leading = false;
                    return;
                }
            }
            try {
                writer.write(batch);
            } catch (IOException | RuntimeException e) {
                for (Pending p : batch) {
                    p.done.completeExceptionally(e);
                }
            }
            for (Pending p : batch) {
                if (!p.done.isDone()) {
                    p.done.completeExceptionally(new IllegalStateException("append batch ended without an outcome"));
                }
            }
        }
    }
}

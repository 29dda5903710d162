package org.mailtxt.tests.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Latencies (nanoseconds) and failures per {@link Operation}, recorded by one client thread and merged into the
 * report after the run. Not thread-safe: one per client; {@link #merge} runs after the clients have stopped.
 */
final class LatencyLog {
    private final Map<Operation, long[]> samples = new EnumMap<>(Operation.class);
    private final Map<Operation, Integer> counts = new EnumMap<>(Operation.class);
    private final Map<Operation, Integer> failures = new EnumMap<>(Operation.class);
    private final List<String> failureTexts = new ArrayList<>();

    void record(Operation op, long nanos) {
        int n = counts.getOrDefault(op, 0);
        long[] a = samples.computeIfAbsent(op, k -> new long[1024]);
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
            samples.put(op, a);
        }
        a[n] = nanos;
        counts.put(op, n + 1);
    }

    void failure(Operation op, String text) {
        failures.merge(op, 1, Integer::sum);
        if (failureTexts.size() < 10) {
            failureTexts.add(op.key() + ": " + text);
        }
    }

    long[] samples(Operation op) {
        return Arrays.copyOf(samples.getOrDefault(op, new long[0]), counts.getOrDefault(op, 0));
    }

    int failures(Operation op) {
        return failures.getOrDefault(op, 0);
    }

    List<String> failureTexts() {
        return failureTexts;
    }

    static LatencyLog merge(List<LatencyLog> logs) {
        LatencyLog all = new LatencyLog();
        for (LatencyLog log : logs) {
            for (Operation op : Operation.values()) {
                for (long s : log.samples(op)) {
                    all.record(op, s);
                }
                if (log.failures(op) > 0) {
                    all.failures.merge(op, log.failures(op), Integer::sum);
                }
            }
            for (String t : log.failureTexts) {
                if (all.failureTexts.size() < 20) {
                    all.failureTexts.add(t);
                }
            }
        }
        return all;
    }
}

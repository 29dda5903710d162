package org.mailtxt.tests.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The numbers of one run: commands per second and latency percentiles per {@link Operation} and overall, failures,
 * the correctness verdict and the IDLE count; printed as a table and written as tab-separated lines (one per
 * operation, then {@code #} lines) that {@code bench/imap-load.sh} puts side by side. Immutable once built.
 */
final class LoadReport {
    /** One row: an operation (or "overall") and its figures, latencies in milliseconds. */
    record Row(String name, int count, double perSecond, double p50, double p90, double p99, double max, int failures) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    LoadReport(LatencyLog log, double seconds) {
        int totalFailures = 0;
        List<long[]> all = new ArrayList<>();
        for (Operation op : Operation.values()) {
            long[] s = log.samples(op);
            if (s.length == 0 && log.failures(op) == 0) {
                continue;
            }
            rows.add(row(op.key(), s, seconds, log.failures(op)));
            totalFailures += log.failures(op);
            all.add(s);
        }
        long[] merged = all.stream().flatMapToLong(Arrays::stream).toArray();
        rows.add(row("overall", merged, seconds, totalFailures));
    }

    private static Row row(String name, long[] samples, double seconds, int failures) {
        long[] s = samples.clone();
        Arrays.sort(s);
        return new Row(name, s.length, s.length / seconds, pct(s, 0.50), pct(s, 0.90), pct(s, 0.99),
                s.length == 0 ? 0 : s[s.length - 1] / 1e6, failures);
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    void note(String key, String value) {
        notes.add(key + "\t" + value);
    }

    String table() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-14s %8s %9s %9s %9s %9s %9s %6s%n",
                "command", "count", "cmds/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "fail"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-14s %8d %9.1f %9.2f %9.2f %9.2f %9.1f %6d%n", r.name, r.count,
                    r.perSecond, r.p50, r.p90, r.p99, r.max, r.failures));
        }
        for (String n : notes) {
            sb.append(n.replace('\t', ':').replaceFirst(":", ": ")).append('\n');
        }
        return sb.toString();
    }

    void write(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("command\tcount\tper_s\tp50_ms\tp90_ms\tp99_ms\tmax_ms\tfailures\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s\t%d\t%.1f\t%.3f\t%.3f\t%.3f\t%.1f\t%d%n", r.name, r.count,
                    r.perSecond, r.p50, r.p90, r.p99, r.max, r.failures));
        }
        for (String n : notes) {
            sb.append("# ").append(n).append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, sb.toString());
    }
}

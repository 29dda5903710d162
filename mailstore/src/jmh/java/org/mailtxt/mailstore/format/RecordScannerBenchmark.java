package org.mailtxt.mailstore.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full parse of the benchmark mailbox shape: 100,000 tenex records in
 * about 1.9 GB. The file is sparse (only the header lines are written; the
 * scanner never reads message text), so setting it up is quick. Measured on
 * the development VM from the page cache: about 150 ms per scan. Run with
 * the {@code bench} profile only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class RecordScannerBenchmark {

    @Param({"100000"})
    int records;

    @Param({"19000"})
    int averageSize;

    private Path dir;
    private Path file;
    private FileChannel channel;
    private RecordScanner scanner;

    @Setup(Level.Trial)
    public void writeSparseMailbox() throws IOException {
        dir = Files.createTempDirectory("mailtxt-scan-bench");
        file = dir.resolve("big.tenex");
        Random random = new Random(1);
        InternalDate date = InternalDate.parse(" 2-Jan-2024 03:04:05 -0800").orElseThrow();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long position = 0;
            for (int i = 0; i < records; i++) {
                long size = averageSize / 2 + random.nextInt(averageSize);
                byte[] line = HeaderLine.encode(MailboxFormat.TENEX, date, size, 0, SystemFlags.OLD);
                out.write(ByteBuffer.wrap(line), position);
                position += line.length + size;
            }
            out.write(ByteBuffer.wrap(new byte[] {'\n'}), position - 1);
        }
        channel = FileChannel.open(file, StandardOpenOption.READ);
        scanner = new RecordScanner(file, MailboxFormat.TENEX);
    }

    @Benchmark
    public RecordList scanWholeMailbox() throws IOException {
        return scanner.scan(channel, 0, channel.size());
    }

    @TearDown(Level.Trial)
    public void deleteMailbox() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }
}

package org.homeward.gateway.journal.bench;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under any durable append on this disk: one 224-byte write (a framed 200-byte entry)
 * at the end of a file followed by {@code force(false)} (fdatasync), one thread.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@Threads(1)
public class FsyncBenchmark {
    private Path dir;
    private FileChannel file;
    private final ByteBuffer frame = ByteBuffer.allocateDirect(224);
    private long offset;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = BenchDirs.create("fsync");
        file = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        file.close();
        BenchDirs.delete(dir);
    }

    @Benchmark
    public long writeAndFdatasync() throws Exception {
        frame.clear();
        offset += file.write(frame, offset);
        file.force(false);
        return offset;
    }
}

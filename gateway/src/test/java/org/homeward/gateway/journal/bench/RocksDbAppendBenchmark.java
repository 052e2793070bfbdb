package org.homeward.gateway.journal.bench;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Warmup;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/**
 * The alternative: RocksDB, key = 8-byte big-endian sequence, value = 200 bytes, every put with
 * {@code WriteOptions.setSync(true)} (WAL fsync before return; RocksDB groups concurrent writers
 * itself). Same shape as {@link JournalAppendBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class RocksDbAppendBenchmark {
    private final AtomicLong sequence = new AtomicLong();
    private Path dir;
    private Options options;
    private WriteOptions sync;
    private RocksDB db;
    private byte[] entry;

    @Setup(Level.Trial)
    public void open() throws Exception {
        RocksDB.loadLibrary();
        dir = BenchDirs.create("rocksdb");
        options = new Options().setCreateIfMissing(true);
        sync = new WriteOptions().setSync(true);
        db = RocksDB.open(options, dir.toString());
        entry = new byte[200];
        ThreadLocalRandom.current().nextBytes(entry);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        db.close();
        sync.close();
        options.close();
        BenchDirs.delete(dir);
    }

    @Benchmark
    public long put() throws Exception {
        long seq = sequence.incrementAndGet();
        db.put(sync, ByteBuffer.allocate(Long.BYTES).putLong(seq).array(), entry);
        return seq;
    }
}

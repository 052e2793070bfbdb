package org.homeward.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.processing.PatientSnapshot;
import org.homeward.gateway.processing.ShardPathBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of the live view's share of one pack for one viewer: the {@code patient} message
 * {@link Viewer} writes for a changed patient (the snapshot of an oximeter patient with NEWS2, from
 * {@link ShardPathBenchmark}), built as a JSON tree and serialised to the frame's text. Not a test;
 * run as shown in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class LiveViewBenchmark {
    private PatientSnapshot snapshot;

    @Setup
    public void setUp() {
        ShardPathBenchmark shard = new ShardPathBenchmark();
        shard.setUp();
        for (int i = 0; i < 300; i++) {
            snapshot = shard.pack();
        }
    }

    @Benchmark
    public String patientMessage() throws JsonProcessingException {
        long now = snapshot.lastDataMillis() + 500;
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("type", "patient");
        n.put("serverTime", now);
        n.set("patient", JsonViews.patient(snapshot, now));
        n.put("receivedAtMillis", now - 400);
        return JsonViews.MAPPER.writeValueAsString(n);
    }
}

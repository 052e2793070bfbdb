package org.homeward.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.processing.PatientSnapshot;
import org.homeward.gateway.processing.ShardPathBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH benchmark of the live view's share of one pack for {@code viewers} open views: the
 * {@code patient} message for a changed patient (the snapshot of an oximeter patient with NEWS2, from
 * {@link ShardPathBenchmark}) up to the WebSocket frames handed to Netty. {@link #perViewerTree} is
 * the path before issue 14 (a JSON tree and a String per viewer); {@link #sharedUpdate} is
 * {@link PatientUpdate}: serialised once, the same bytes wrapped in a frame per viewer. Not a test;
 * run as shown in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class LiveViewBenchmark {
    @Param({"1", "3"})
    public int viewers;
    private PatientSnapshot snapshot;

    @Setup
    public void setUp() {
        ShardPathBenchmark shard = new ShardPathBenchmark();
        shard.setUp();
        for (int i = 0; i < 300; i++) {
            snapshot = shard.pack();
        }
    }

    /** Before issue 14: every viewer built and serialised its own message. */
    @Benchmark
    public void perViewerTree(Blackhole bh) throws JsonProcessingException {
        for (int v = 0; v < viewers; v++) {
            TextWebSocketFrame f = new TextWebSocketFrame(patientMessage());
            bh.consume(f);
            f.release();
        }
    }

    /** After: one {@link PatientUpdate} per change, its bytes shared by every viewer's frame. */
    @Benchmark
    public void sharedUpdate(Blackhole bh) {
        long now = snapshot.lastDataMillis() + 500;
        PatientUpdate u = new PatientUpdate(snapshot, now - 400);
        for (int v = 0; v < viewers; v++) {
            TextWebSocketFrame f = new TextWebSocketFrame(Unpooled.wrappedBuffer(u.bytes(now)));
            bh.consume(f);
            f.release();
        }
    }

    private String patientMessage() throws JsonProcessingException {
        long now = snapshot.lastDataMillis() + 500;
        ObjectNode n = JsonViews.MAPPER.createObjectNode();
        n.put("type", "patient");
        n.put("serverTime", now);
        n.set("patient", JsonViews.patient(snapshot, now));
        n.put("receivedAtMillis", now - 400);
        return JsonViews.MAPPER.writeValueAsString(n);
    }
}

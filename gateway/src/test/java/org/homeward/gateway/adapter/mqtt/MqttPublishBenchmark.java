package org.homeward.gateway.adapter.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Transport;
import org.homeward.gateway.ingest.IngestRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of the first stage of a pack: the bytes of one MQTT 3.1.1 QoS 1 PUBLISH of a
 * 200-byte SenML pack through Netty's {@link MqttDecoder} (as the pipeline has it), then what
 * {@link MqttPublishes} does before ingest: the topic route and the payload copied into an
 * {@link IngestRequest}; and the PUBACK encoded. Not a test; run as shown in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class MqttPublishBenchmark {
    private static final String DEVICE = "loadd0042";
    private EmbeddedChannel decoder;
    private EmbeddedChannel encoder;
    private ByteBuf wire;

    @Setup
    public void setUp() {
        byte[] pack = new byte[200];
        java.util.Arrays.fill(pack, (byte) ' ');
        byte[] json = "[{\"bn\":\"x:\",\"bt\":1751328930,\"n\":\"spo2\",\"u\":\"/\",\"v\":0.96}]".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(json, 0, pack, 0, json.length);
        MqttPublishMessage publish = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader("v1/devices/" + DEVICE + "/senml", 17), Unpooled.wrappedBuffer(pack));
        EmbeddedChannel enc = new EmbeddedChannel(MqttEncoder.INSTANCE);
        enc.writeOutbound(publish);
        ByteBuf out = enc.readOutbound();
        wire = Unpooled.directBuffer(out.readableBytes()).writeBytes(out);
        out.release();
        decoder = new EmbeddedChannel(new MqttDecoder(65_536, 128));
        encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
    }

    /** PUBLISH bytes → decoded message → route and payload copy → IngestRequest. */
    @Benchmark
    public IngestRequest publishToRequest() {
        decoder.writeInbound(wire.retainedDuplicate());
        MqttPublishMessage m = decoder.readInbound();
        try {
            TopicRoute route = TopicRoute.of(m.variableHeader().topicName(), DEVICE);
            return new IngestRequest(Transport.MQTT, DEVICE, route.channel(),
                    route.format(m.variableHeader().properties()), ByteBufUtil.getBytes(m.content()), 1L);
        } finally {
            m.release();
        }
    }

    /** The PUBACK of an accepted pack, built and encoded (written, not flushed to a socket). */
    @Benchmark
    public int pubAck() {
        encoder.writeOutbound(MqttReplies.pubAck(17, (byte) 0, null, 0));
        ByteBuf b = encoder.readOutbound();
        int n = b.readableBytes();
        b.release();
        return n;
    }

    @TearDown
    public void tearDown() {
        decoder.finishAndReleaseAll();
        encoder.finishAndReleaseAll();
        wire.release();
    }
}

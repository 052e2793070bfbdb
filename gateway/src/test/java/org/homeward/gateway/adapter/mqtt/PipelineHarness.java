package org.homeward.gateway.adapter.mqtt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.metrics.Meters;

/**
 * The server pipeline on an {@link EmbeddedChannel}, driven by a client-side MQTT codec so every
 * packet crosses the wire format. Ingest completions run when the test calls {@link #runTasks()}.
 */
final class PipelineHarness implements AutoCloseable {
    final FakeIngest ingest = new FakeIngest();
    final FakeDirectory directory = new FakeDirectory().add(ServerFixture.DEVICE, ServerFixture.SECRET);
    final List<DeviceEvent> events = new ArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final EmbeddedChannel server;
    final EmbeddedChannel client = new EmbeddedChannel(new MqttDecoder(), MqttEncoder.INSTANCE);

    PipelineHarness(MqttSettings settings) {
        MqttMetrics metrics = new MqttMetrics(meters);
        AdapterContext context = new AdapterContext(settings, ingest, directory, new SessionRegistry(), events::add,
                metrics, Clock.systemUTC());
        ConnectionLimiter limiter = new ConnectionLimiter("mqtt", new AtomicInteger(), 10, new UnauthenticatedSlots(10, metrics), metrics);
        server = new EmbeddedChannel(new MqttChannelInitializer(context, "mqtt", null, limiter,
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE)));
    }

    /** Encodes with the client codec and feeds the bytes to the server. */
    void send(MqttMessage message) {
        client.writeOutbound(message);
        for (ByteBuf b = client.readOutbound(); b != null; b = client.readOutbound()) {
            server.writeInbound(b);
        }
        runTasks();
    }

    void sendRaw(byte[] bytes) {
        server.writeInbound(Unpooled.wrappedBuffer(bytes));
        runTasks();
    }

    void runTasks() {
        server.runPendingTasks();
        server.checkException();
    }

    /** The next packet the server wrote, decoded by the client codec, or null. */
    MqttMessage receive() {
        for (ByteBuf b = server.readOutbound(); b != null; b = server.readOutbound()) {
            client.writeInbound(b);
        }
        return client.readInbound();
    }

    MqttMessage connect(MqttVersion version) {
        return connect(version, 60);
    }

    MqttMessage connect(MqttVersion version, int keepAliveSeconds) {
        send(MqttMessageBuilders.connect().clientId("c1").protocolVersion(version)
                .username(ServerFixture.DEVICE).password(ServerFixture.SECRET.getBytes(StandardCharsets.UTF_8))
                .keepAlive(keepAliveSeconds).cleanSession(true).build());
        return receive();
    }

    /** Moves the embedded loop's clock and runs the timers that became due. */
    void advance(long millis) {
        server.advanceTimeBy(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        server.runScheduledPendingTasks();
        runTasks();
    }

    static MqttPublishMessage publish(String topic, int qos, int packetId, boolean dup, String payload) {
        return new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), false, 0),
                new MqttPublishVariableHeader(topic, packetId),
                Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8));
    }

    static MqttMessage pubRel(int packetId) {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBREL, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(packetId));
    }

    double protocolErrors(String reason) {
        return meters.find(Meters.PROTOCOL_ERRORS).tag("reason", reason).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() {
        server.finishAndReleaseAll();
        for (Object o = client.readInbound(); o != null; o = client.readInbound()) {
            ReferenceCountUtil.release(o);
        }
        client.finishAndReleaseAll();
    }
}

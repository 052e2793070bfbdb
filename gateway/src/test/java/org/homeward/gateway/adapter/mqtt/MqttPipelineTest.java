package org.homeward.gateway.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.ingest.IngestRequest;
import org.homeward.gateway.ingest.PayloadFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Protocol edge cases on an EmbeddedChannel: exact packets, no sockets, no timing. */
@Timeout(30)
class MqttPipelineTest {
    private static final String TOPIC = "v1/devices/" + ServerFixture.DEVICE + "/senml";

    @Test
    void qos2DuplicateIsNotIngestedTwiceAndPubRecWaitsForTheDurableWrite() throws Exception {
        try (PipelineHarness h = new PipelineHarness(ServerFixture.settings())) {
            h.ingest.autoComplete = false;
            assertAccepted(h.connect(MqttVersion.MQTT_3_1_1));

            h.send(PipelineHarness.publish(TOPIC, 2, 7, false, "[]"));
            FakeIngest.Call call = h.ingest.next();
            h.send(PipelineHarness.publish(TOPIC, 2, 7, true, "[]"));
            assertThat(h.receive()).as("no PUBREC before durable").isNull();

            call.succeed();
            h.runTasks();
            assertReply(h.receive(), MqttMessageType.PUBREC, 7);
            h.send(PipelineHarness.publish(TOPIC, 2, 7, true, "[]"));
            assertReply(h.receive(), MqttMessageType.PUBREC, 7);
            h.send(PipelineHarness.pubRel(7));
            assertReply(h.receive(), MqttMessageType.PUBCOMP, 7);

            assertThat(h.ingest.poll()).as("the DUPs were not ingested").isNull();
        }
    }

    /**
     * Issue 14: an idle authenticated connection carries only the decoder, the encoder and the one shared
     * protocol handler (each handler context is 64 B per connection), and no publish state until its first
     * PUBLISH. Fails if a per-connection handler comes back into the established pipeline.
     */
    @Test
    void idleConnectionCarriesThreeHandlersAndNoPublishStateUntilItsFirstPublish() {
        try (PipelineHarness h = new PipelineHarness(ServerFixture.settings())) {
            assertThat(h.server.pipeline().names()).as("before CONNECT").contains(MqttChannelInitializer.CONNECT_TIMEOUT);
            assertAccepted(h.connect(MqttVersion.MQTT_5));

            assertThat(h.server.pipeline().names()).containsExactly(MqttChannelInitializer.DECODER,
                    MqttChannelInitializer.ENCODER, MqttChannelInitializer.PROTOCOL, "DefaultChannelPipeline$TailContext#0");
            MqttSession session = MqttSession.of(h.server);
            assertThat(session.publishesIfAny()).isNull();

            h.send(PipelineHarness.publish(TOPIC, 1, 1, false, "[]"));
            assertReply(h.receive(), MqttMessageType.PUBACK, 1);
            assertThat(session.publishesIfAny()).isNotNull();
            assertThat(h.server.pipeline().names()).hasSize(4);
        }
    }

    /** The remembered route of the last topic must never let another topic through on its strength. */
    @Test
    void everyTopicIsRoutedOnItsOwnWhateverTheDeviceSentBefore() throws Exception {
        try (PipelineHarness h = new PipelineHarness(ServerFixture.settings())) {
            assertAccepted(h.connect(MqttVersion.MQTT_5));
            String other = "v1/devices/someone-else/senml";

            h.send(PipelineHarness.publish(TOPIC, 1, 1, false, "[]"));
            assertReply(h.receive(), MqttMessageType.PUBACK, 1);
            assertThat(h.ingest.next().request().channel()).isEqualTo(org.homeward.gateway.ingest.Channel.SENML);
            h.send(PipelineHarness.publish(other, 1, 2, false, "[]"));
            MqttMessage refused = h.receive();
            assertThat(((MqttPubReplyMessageVariableHeader) refused.variableHeader()).reasonCode()).isEqualTo((byte) 0x87);
            h.send(PipelineHarness.publish(TOPIC, 1, 3, false, "[]"));
            assertReply(h.receive(), MqttMessageType.PUBACK, 3);
            h.send(PipelineHarness.publish("v1/devices/" + ServerFixture.DEVICE + "/status", 1, 4, false, "[]"));
            assertReply(h.receive(), MqttMessageType.PUBACK, 4);
            h.send(PipelineHarness.publish(TOPIC + "/cbor", 1, 5, false, "[]"));
            assertReply(h.receive(), MqttMessageType.PUBACK, 5);
            h.send(PipelineHarness.publish(TOPIC, 1, 6, false, "[]"));
            assertReply(h.receive(), MqttMessageType.PUBACK, 6);

            List<IngestRequest> routed = new ArrayList<>();
            for (FakeIngest.Call c = h.ingest.poll(); c != null; c = h.ingest.poll()) {
                routed.add(c.request());
            }
            assertThat(routed).extracting(IngestRequest::channel).containsExactly(org.homeward.gateway.ingest.Channel.SENML,
                    org.homeward.gateway.ingest.Channel.STATUS, org.homeward.gateway.ingest.Channel.SENML,
                    org.homeward.gateway.ingest.Channel.SENML);
            assertThat(routed).extracting(IngestRequest::format).containsExactly(PayloadFormat.SENML_JSON,
                    PayloadFormat.SENML_JSON, PayloadFormat.SENML_CBOR, PayloadFormat.SENML_JSON);
        }
    }

    @Test
    void readsPauseAtReceiveMaximumAndResumeWhenIngestCompletes() throws Exception {
        MqttSettings settings = ServerFixture.settings().withLimits(Duration.ofSeconds(10), 65_536, 2);
        try (PipelineHarness h = new PipelineHarness(settings)) {
            h.ingest.autoComplete = false;
            assertAccepted(h.connect(MqttVersion.MQTT_5));

            h.send(PipelineHarness.publish(TOPIC, 1, 1, false, "[]"));
            assertThat(h.server.config().isAutoRead()).isTrue();
            h.send(PipelineHarness.publish(TOPIC, 1, 2, false, "[]"));
            assertThat(h.server.config().isAutoRead()).isFalse();

            h.ingest.next().succeed();
            h.runTasks();
            assertThat(h.server.config().isAutoRead()).isTrue();
            assertReply(h.receive(), MqttMessageType.PUBACK, 1);
        }
    }

    @Test
    void oversizePacketClosesWithDisconnect0x95AndIsCounted() {
        MqttSettings settings = ServerFixture.settings().withLimits(Duration.ofSeconds(10), 256, 32);
        try (PipelineHarness h = new PipelineHarness(settings)) {
            assertAccepted(h.connect(MqttVersion.MQTT_5));

            h.send(PipelineHarness.publish(TOPIC, 1, 3, false, "x".repeat(1024)));

            MqttMessage disconnect = h.receive();
            assertThat(disconnect.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode())
                    .isEqualTo((byte) 0x95);
            assertThat(h.server.isOpen()).isFalse();
            assertThat(h.protocolErrors("packet_too_large")).isEqualTo(1.0);
            assertThat(h.ingest.poll()).isNull();
        }
    }

    @Test
    void malformedBytesCloseTheConnectionWithoutAnException() {
        try (PipelineHarness h = new PipelineHarness(ServerFixture.settings())) {
            assertAccepted(h.connect(MqttVersion.MQTT_3_1_1));

            // PUBLISH with QoS 3 is illegal in the fixed header
            h.sendRaw(new byte[] {0x36, 0x04, 0x00, 0x01, 0x61, 0x00});

            assertThat(h.server.isOpen()).isFalse();
            assertThat(h.protocolErrors("malformed_packet")).isEqualTo(1.0);
        }
    }

    @Test
    void garbageBeforeConnectClosesAndIsCounted() {
        try (PipelineHarness h = new PipelineHarness(ServerFixture.settings())) {
            h.sendRaw("GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

            assertThat(h.server.isOpen()).isFalse();
            assertThat(h.protocolErrors("malformed_packet") + h.protocolErrors("protocol_version")).isEqualTo(1.0);
        }
    }

    @Test
    void packetBeforeConnectCloses() {
        try (PipelineHarness h = new PipelineHarness(ServerFixture.settings())) {
            h.send(PipelineHarness.publish(TOPIC, 0, 0, false, "[]"));

            assertThat(h.server.isOpen()).isFalse();
            assertThat(h.protocolErrors("packet_before_connect")).isEqualTo(1.0);
            assertThat(h.ingest.poll()).isNull();
        }
    }

    @Test
    void v5Qos0OnForeignTopicDisconnectsWith0x87() {
        try (PipelineHarness h = new PipelineHarness(ServerFixture.settings())) {
            assertAccepted(h.connect(MqttVersion.MQTT_5));

            h.send(PipelineHarness.publish("v1/devices/someone-else/senml", 0, 0, false, "[]"));

            MqttMessage disconnect = h.receive();
            assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode())
                    .isEqualTo((byte) 0x87);
            assertThat(h.server.isOpen()).isFalse();
        }
    }

    @Test
    void mqtt311EmptyClientIdWithoutCleanSessionIsRejectedWith0x02() {
        try (PipelineHarness h = new PipelineHarness(ServerFixture.settings())) {
            h.send(MqttMessageBuilders.connect().clientId("").protocolVersion(MqttVersion.MQTT_3_1_1)
                    .username(ServerFixture.DEVICE).password(ServerFixture.SECRET.getBytes(StandardCharsets.UTF_8))
                    .cleanSession(false).build());

            assertThat(((MqttConnAckMessage) h.receive()).variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            assertThat(h.server.isOpen()).isFalse();
            assertThat(h.protocolErrors("client_id_rejected")).isEqualTo(1.0);
        }
    }

    @Test
    void willOnAnotherTopicIsRefusedAsNotAuthorized() {
        try (PipelineHarness h = new PipelineHarness(ServerFixture.settings())) {
            h.send(MqttMessageBuilders.connect().clientId("c1").protocolVersion(MqttVersion.MQTT_3_1_1)
                    .username(ServerFixture.DEVICE).password(ServerFixture.SECRET.getBytes(StandardCharsets.UTF_8))
                    .willFlag(true).willTopic("v1/devices/someone-else/status").willMessage(new byte[0])
                    .cleanSession(true).build());

            assertThat(((MqttConnAckMessage) h.receive()).variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            assertThat(h.server.isOpen()).isFalse();
            assertThat(h.events).isEmpty();
        }
    }

    @Test
    void aSecondConnectOnTheSameConnectionIsAProtocolError() {
        try (PipelineHarness h = new PipelineHarness(ServerFixture.settings())) {
            assertAccepted(h.connect(MqttVersion.MQTT_3_1_1));

            h.connect(MqttVersion.MQTT_3_1_1);

            assertThat(h.server.isOpen()).isFalse();
            assertThat(h.protocolErrors("second_connect")).isEqualTo(1.0);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAndCounted() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ConnectionLimiter limiter = new ConnectionLimiter("mqtt", new AtomicInteger(), 1, new UnauthenticatedSlots(1, new MqttMetrics(meters)), new MqttMetrics(meters));

        EmbeddedChannel first = new EmbeddedChannel(limiter);
        EmbeddedChannel second = new EmbeddedChannel(limiter);

        assertThat(first.isOpen()).isTrue();
        assertThat(second.isOpen()).isFalse();
        assertThat(meters.get(Meters.CONNECTIONS_REFUSED).tag("reason", "max_connections").counter().count())
                .isEqualTo(1.0);
        assertThat(meters.get(Meters.CONNECTIONS).tag("listener", "mqtt").gauge().value()).isEqualTo(1.0);
        first.close();
        assertThat(meters.get(Meters.CONNECTIONS).tag("listener", "mqtt").gauge().value()).isZero();
    }

    private static void assertAccepted(MqttMessage connAck) {
        assertThat(((MqttConnAckMessage) connAck).variableHeader().connectReturnCode())
                .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
    }

    private static void assertReply(MqttMessage reply, MqttMessageType type, int packetId) {
        assertThat(reply).isNotNull();
        assertThat(reply.fixedHeader().messageType()).isEqualTo(type);
        MqttPubReplyMessageVariableHeader h = (MqttPubReplyMessageVariableHeader) reply.variableHeader();
        assertThat(h.messageId()).isEqualTo(packetId);
        assertThat(h.reasonCode()).isEqualTo((byte) 0);
    }
}

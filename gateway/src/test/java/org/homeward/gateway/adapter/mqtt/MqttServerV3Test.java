package org.homeward.gateway.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.homeward.gateway.adapter.mqtt.ServerFixture.DEVICE;
import static org.homeward.gateway.adapter.mqtt.ServerFixture.OTHER;
import static org.homeward.gateway.adapter.mqtt.ServerFixture.SECRET;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.Transport;
import org.homeward.gateway.ingest.Channel;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.PayloadFormat;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** MQTT 3.1.1 devices (Eclipse Paho mqttv3) against the real server. */
@Timeout(60)
class MqttServerV3Test {
    private static final long WAIT = 10_000;
    private static final String SENML = "[{\"bn\":\"x:\",\"n\":\"temp\",\"u\":\"Cel\",\"v\":37.1}]";
    private final ServerFixture fx = new ServerFixture();
    private MqttAsyncClient client;

    @AfterEach
    void tearDown() throws MqttException {
        if (client != null) {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
            client.close(true);
        }
        fx.close();
    }

    @Test
    void publishesAtEveryQosReachIngestAsTheAuthenticatedDevice() throws Exception {
        client = connect(DEVICE, SECRET, options(DEVICE, SECRET));

        for (int qos = 0; qos <= 2; qos++) {
            client.publish("v1/devices/" + DEVICE + "/senml", bytes(SENML), qos, false).waitForCompletion(WAIT);
            FakeIngest.Call call = fx.ingest.next();
            assertThat(call.request().deviceId()).isEqualTo(DEVICE);
            assertThat(call.request().transport()).isEqualTo(Transport.MQTT);
            assertThat(call.request().channel()).isEqualTo(Channel.SENML);
            assertThat(call.request().format()).isEqualTo(PayloadFormat.SENML_JSON);
            assertThat(new String(call.request().payload(), StandardCharsets.UTF_8)).isEqualTo(SENML);
        }
        client.publish("v1/devices/" + DEVICE + "/senml/cbor", new byte[] {(byte) 0x80}, 1, false).waitForCompletion(WAIT);
        assertThat(fx.ingest.next().request().format()).isEqualTo(PayloadFormat.SENML_CBOR);
        client.publish("v1/devices/" + DEVICE + "/status", bytes(SENML), 1, false).waitForCompletion(WAIT);
        assertThat(fx.ingest.next().request().channel()).isEqualTo(Channel.STATUS);
        assertThat(fx.eventTypes()).containsExactly(DeviceEvent.Type.CONNECTED);
    }

    @Test
    void pubAckIsWithheldUntilTheIngestFutureCompletes() throws Exception {
        fx.ingest.autoComplete = false;
        client = connect(DEVICE, SECRET, options(DEVICE, SECRET));

        IMqttDeliveryToken token = client.publish("v1/devices/" + DEVICE + "/senml", bytes(SENML), 1, false);
        FakeIngest.Call call = fx.ingest.next();
        // a SUBSCRIBE round trip proves the connection is serviced while the PUBACK stays withheld
        client.subscribe("v1/devices/" + DEVICE + "/commands", 1).waitForCompletion(WAIT);
        assertThat(token.isComplete()).as("PUBACK before durable").isFalse();

        call.succeed();
        token.waitForCompletion(WAIT);
        assertThat(token.isComplete()).isTrue();
    }

    @Test
    void wrongPasswordIsRefusedWithBadUserNameOrPasswordAndCounted() throws Exception {
        client = new MqttAsyncClient(fx.uri(), "c-wrong", new MemoryPersistence());
        assertThatThrownBy(() -> client.connect(options(DEVICE, "not-the-secret")).waitForCompletion(WAIT))
                .isInstanceOfSatisfying(MqttSecurityException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        await().untilAsserted(() -> assertThat(fx.count(Meters.AUTH_FAILURES, "bad_secret")).isEqualTo(1.0));
        assertThat(fx.events).isEmpty();
    }

    @Test
    void publishingOnAnotherDevicesTopicDisconnects() throws Exception {
        client = connect(DEVICE, SECRET, options(DEVICE, SECRET));

        client.publish("v1/devices/" + OTHER + "/senml", bytes(SENML), 1, false);

        await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
        assertThat(fx.ingest.poll()).isNull();
        assertThat(fx.protocolErrors("topic_not_allowed")).isEqualTo(1.0);
    }

    @Test
    void retryableIngestFailureClosesWithoutPubAckSoTheDeviceResends() throws Exception {
        fx.ingest.failWith = FailureReason.OVERLOADED;
        client = connect(DEVICE, SECRET, options(DEVICE, SECRET));

        IMqttDeliveryToken token = client.publish("v1/devices/" + DEVICE + "/senml", bytes(SENML), 1, false);

        await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
        assertThat(token.getException() != null || !token.isComplete()).as("never acknowledged").isTrue();
    }

    @Test
    void contentFailureIsAcknowledgedAndDroppedSoTheDeviceDoesNotResendForever() throws Exception {
        fx.ingest.failWith = FailureReason.MALFORMED_PAYLOAD;
        client = connect(DEVICE, SECRET, options(DEVICE, SECRET));

        client.publish("v1/devices/" + DEVICE + "/senml", bytes("not senml"), 1, false).waitForCompletion(WAIT);

        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void subscribingToOwnCommandsIsGrantedAndReceivesCommands() throws Exception {
        client = connect(DEVICE, SECRET, options(DEVICE, SECRET));
        BlockingQueue<String> received = new LinkedBlockingQueue<>();

        IMqttToken own = client.subscribe("v1/devices/" + DEVICE + "/commands", 1,
                (topic, msg) -> received.add(topic + " " + new String(msg.getPayload(), StandardCharsets.UTF_8)));
        own.waitForCompletion(WAIT);
        assertThat(own.getGrantedQos()).containsExactly(1);

        assertThat(fx.server.publishCommand(DEVICE, bytes("{\"cmd\":\"ping\"}"))).isTrue();
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("v1/devices/" + DEVICE + "/commands {\"cmd\":\"ping\"}");
        assertThat(fx.server.publishCommand(OTHER, bytes("x"))).as("not connected").isFalse();
    }

    @Test
    void subscribingToAnotherDevicesCommandsIsRefused() throws Exception {
        client = connect(DEVICE, SECRET, options(DEVICE, SECRET));

        IMqttToken other = client.subscribe("v1/devices/" + OTHER + "/commands", 1);
        try {
            other.waitForCompletion(WAIT);
        } catch (MqttException expectedByNewerPaho) {
            // some Paho versions raise on a 0x80 return code instead of reporting it
        }

        assertThat(other.getGrantedQos()).containsExactly(0x80);
        assertThat(fx.protocolErrors("subscribe_not_allowed")).isEqualTo(1.0);
    }

    @Test
    void willOnOwnStatusTopicIsIngestedAndAnnouncedWhenTheConnectionDrops() throws Exception {
        MqttConnectOptions opts = options(DEVICE, SECRET);
        opts.setWill("v1/devices/" + DEVICE + "/status", bytes("[{\"n\":\"wear\",\"vb\":false}]"), 1, false);
        client = connect(DEVICE, SECRET, opts);

        client.disconnectForcibly(0, 1000, false);

        FakeIngest.Call will = fx.ingest.next();
        assertThat(will.request().channel()).isEqualTo(Channel.STATUS);
        assertThat(will.request().deviceId()).isEqualTo(DEVICE);
        await().untilAsserted(() -> assertThat(fx.eventTypes()).containsExactly(
                DeviceEvent.Type.CONNECTED, DeviceEvent.Type.OFFLINE_NOTICE, DeviceEvent.Type.DISCONNECTED));
    }

    @Test
    void cleanDisconnectDiscardsTheWill() throws Exception {
        MqttConnectOptions opts = options(DEVICE, SECRET);
        opts.setWill("v1/devices/" + DEVICE + "/status", bytes("[]"), 1, false);
        client = connect(DEVICE, SECRET, opts);

        client.disconnect().waitForCompletion(WAIT);

        await().untilAsserted(() -> assertThat(fx.eventTypes()).contains(DeviceEvent.Type.DISCONNECTED));
        assertThat(fx.eventTypes()).doesNotContain(DeviceEvent.Type.OFFLINE_NOTICE);
        assertThat(fx.ingest.poll()).isNull();
    }

    @Test
    void aSecondConnectionOfTheSameDeviceTakesTheSessionOver() throws Exception {
        client = connect(DEVICE, SECRET, options(DEVICE, SECRET));
        MqttAsyncClient second = connect(DEVICE, SECRET, options(DEVICE, SECRET));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
            assertThat(second.isConnected()).isTrue();
            assertThat(fx.server.sessionCount()).isEqualTo(1);
        } finally {
            second.disconnect().waitForCompletion(WAIT);
            second.close();
        }
    }

    @Test
    void closingTheServerClosesSessionsWithoutPublishingWills() throws Exception {
        MqttConnectOptions opts = options(DEVICE, SECRET);
        opts.setWill("v1/devices/" + DEVICE + "/status", bytes("[]"), 1, false);
        client = connect(DEVICE, SECRET, opts);

        fx.server.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
        await().untilAsserted(() -> assertThat(fx.eventTypes()).contains(DeviceEvent.Type.DISCONNECTED));
        assertThat(fx.eventTypes()).doesNotContain(DeviceEvent.Type.OFFLINE_NOTICE);
    }

    @Test
    void revocationClosesTheLiveConnection() throws Exception {
        client = connect(DEVICE, SECRET, options(DEVICE, SECRET));

        fx.directory.deactivate(DEVICE);

        await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
        await().untilAsserted(() -> assertThat(fx.events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(DeviceEvent.Type.DISCONNECTED);
            assertThat(e.detail()).isEqualTo("deactivated");
        }));
    }

    private MqttAsyncClient connect(String user, String secret, MqttConnectOptions opts) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(fx.uri(), "client-" + System.nanoTime(), new MemoryPersistence());
        c.connect(opts).waitForCompletion(WAIT);
        return c;
    }

    private static MqttConnectOptions options(String user, String secret) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setUserName(user);
        o.setPassword(secret.toCharArray());
        o.setAutomaticReconnect(false);
        o.setCleanSession(true);
        return o;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

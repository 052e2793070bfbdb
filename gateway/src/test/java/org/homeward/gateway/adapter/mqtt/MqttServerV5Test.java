package org.homeward.gateway.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.homeward.gateway.adapter.mqtt.ServerFixture.DEVICE;
import static org.homeward.gateway.adapter.mqtt.ServerFixture.OTHER;
import static org.homeward.gateway.adapter.mqtt.ServerFixture.SECRET;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.PayloadFormat;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** MQTT 5 devices (Eclipse Paho mqttv5) against the real server. */
@Timeout(60)
class MqttServerV5Test {
    private static final long WAIT = 10_000;
    private static final String SENML = "[{\"n\":\"hr\",\"u\":\"beat/min\",\"v\":72}]";
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
    void contentTypeSelectsCborAndPubAckFollowsTheDurableWrite() throws Exception {
        fx.ingest.autoComplete = false;
        client = connect(DEVICE, SECRET);
        MqttMessage msg = message(new byte[] {(byte) 0x81, (byte) 0xa0}, 1);
        MqttProperties props = new MqttProperties();
        props.setContentType("application/senml+cbor");
        msg.setProperties(props);

        IMqttToken token = client.publish("v1/devices/" + DEVICE + "/senml", msg);
        FakeIngest.Call call = fx.ingest.next();
        assertThat(call.request().format()).isEqualTo(PayloadFormat.SENML_CBOR);
        client.subscribe("v1/devices/" + DEVICE + "/commands", 1).waitForCompletion(WAIT);
        assertThat(token.isComplete()).as("PUBACK before durable").isFalse();

        call.succeed();
        token.waitForCompletion(WAIT);
        assertThat(token.getReasonCodes()).containsExactly(0);
    }

    @Test
    void wrongPasswordIsRefusedWithReasonCode0x86() throws Exception {
        client = new MqttAsyncClient(fx.uri(), "c-wrong", new MemoryPersistence());
        MqttConnectionOptions opts = options(OTHER, "wrong");

        assertThatThrownBy(() -> client.connect(opts).waitForCompletion(WAIT))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
        await().untilAsserted(() -> assertThat(fx.count(Meters.AUTH_FAILURES, "bad_secret")).isEqualTo(1.0));
    }

    @Test
    void unknownDeviceGetsTheSameAnswerAsAWrongSecret() throws Exception {
        client = new MqttAsyncClient(fx.uri(), "c-unknown", new MemoryPersistence());
        MqttConnectionOptions opts = options("nobody", "x");

        assertThatThrownBy(() -> client.connect(opts).waitForCompletion(WAIT))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
        await().untilAsserted(() -> assertThat(fx.count(Meters.AUTH_FAILURES, "unknown_device")).isEqualTo(1.0));
    }

    @Test
    void publishOnAnotherDevicesTopicGetsPubAck0x87AndIsNotIngested() throws Exception {
        client = connect(DEVICE, SECRET);

        IMqttToken token = client.publish("v1/devices/" + OTHER + "/senml", message(bytes(SENML), 1));

        assertThat(reasonCodes(token)).containsExactly(0x87);
        assertThat(fx.ingest.poll()).isNull();
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void malformedPayloadGetsPubAck0x99() throws Exception {
        fx.ingest.failWith = FailureReason.MALFORMED_PAYLOAD;
        client = connect(DEVICE, SECRET);

        IMqttToken token = client.publish("v1/devices/" + DEVICE + "/senml", message(bytes("{"), 1));

        assertThat(reasonCodes(token)).containsExactly(0x99);
    }

    @Test
    void overloadGetsPubAck0x97QuotaExceeded() throws Exception {
        fx.ingest.failWith = FailureReason.OVERLOADED;
        client = connect(DEVICE, SECRET);

        IMqttToken token = client.publish("v1/devices/" + DEVICE + "/senml", message(bytes(SENML), 1));

        assertThat(reasonCodes(token)).containsExactly(0x97);
    }

    @Test
    void subscribeIsGrantedOnlyForOwnCommands() throws Exception {
        client = connect(DEVICE, SECRET);

        IMqttToken own = client.subscribe("v1/devices/" + DEVICE + "/commands", 2);
        own.waitForCompletion(WAIT);
        IMqttToken other = client.subscribe("v1/devices/" + OTHER + "/commands", 1);

        assertThat(own.getReasonCodes()).containsExactly(1);
        assertThat(reasonCodes(other)).containsExactly(0x87);
    }

    @Test
    void closeDeviceDisconnectsAndReportsWhy() throws Exception {
        client = connect(DEVICE, SECRET);

        assertThat(fx.server.closeDevice(DEVICE, "revoked")).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
        await().untilAsserted(() -> assertThat(fx.events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(DeviceEvent.Type.DISCONNECTED);
            assertThat(e.detail()).isEqualTo("revoked");
        }));
        assertThat(fx.server.closeDevice(DEVICE, "again")).isFalse();
    }

    private static int[] reasonCodes(IMqttToken token) {
        try {
            token.waitForCompletion(WAIT);
        } catch (MqttException e) {
            return new int[] {e.getReasonCode()};
        }
        return token.getReasonCodes();
    }

    private MqttAsyncClient connect(String user, String secret) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(fx.uri(), "v5-" + System.nanoTime(), new MemoryPersistence());
        c.connect(options(user, secret)).waitForCompletion(WAIT);
        return c;
    }

    private static MqttConnectionOptions options(String user, String secret) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        o.setPassword(bytes(secret));
        o.setAutomaticReconnect(false);
        o.setCleanStart(true);
        return o;
    }

    private static MqttMessage message(byte[] payload, int qos) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        return m;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package org.homeward.gateway.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keep-alive on the embedded loop's virtual clock (no sleeps): packets keep a session open
 * indefinitely, and silence closes it no earlier than 1.5 × keep-alive and no later than two sweep
 * periods after that.
 */
@Timeout(30)
class KeepAliveSweeperTest {
    private static final long STEP = KeepAliveSweeper.PERIOD_MILLIS / 5;

    @Test
    void packetsKeepTheSessionOpenAndSilenceClosesItWithinTheWindow() {
        try (PipelineHarness h = new PipelineHarness(ServerFixture.settings())) {
            h.server.freezeTime();
            assertThat(h.connect(MqttVersion.MQTT_3_1_1, 1)).isInstanceOf(MqttConnAckMessage.class);
            for (int i = 0; i < 20; i++) {  // 20 s with a PINGREQ every second
                h.advance(1_000);
                h.send(MqttMessage.PINGREQ);
                assertThat(h.receive().fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGRESP);
                assertThat(h.server.isActive()).as("open after %d s of pings", i + 1).isTrue();
            }
            long silent = 0;
            while (h.server.isActive() && silent < 10_000) {
                h.advance(STEP);
                silent += STEP;
            }
            assertThat(silent).as("closed after ms of silence").isBetween(1_500L, 1_500L + 2 * KeepAliveSweeper.PERIOD_MILLIS);
            assertThat(h.protocolErrors("keep_alive_timeout")).isEqualTo(1.0);
        }
    }

    @Test
    void aClosedSessionIsNoLongerSweptAndAnotherStaysWatched() {
        try (PipelineHarness a = new PipelineHarness(ServerFixture.settings())) {
            a.server.freezeTime();
            assertThat(a.connect(MqttVersion.MQTT_5, 2)).isInstanceOf(MqttConnAckMessage.class);
            a.server.close();
            a.advance(10_000);
            assertThat(a.protocolErrors("keep_alive_timeout")).as("closed sessions never time out").isZero();
        }
    }
}

package org.homeward.gateway.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MqttSettingsTest {

    @Test
    void defaultsAreTheEmbeddedProfile() {
        MqttSettings d = MqttSettings.defaults();

        assertThat(d.port()).isEqualTo(1883);
        assertThat(d.tlsPort()).isEqualTo(8883);
        assertThat(d.tlsEnabled()).isFalse();
        assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.maxPacketBytes()).isEqualTo(65_536);
        assertThat(d.maxConnections()).isEqualTo(25_000);
        assertThat(d.receiveMaximum()).isEqualTo(32);
    }

    @Test
    void outOfRangeValuesAreRefusedNotReplaced() {
        MqttSettings d = MqttSettings.defaults();

        assertThatThrownBy(() -> d.withPorts(70_000, 8883)).hasMessageContaining("port");
        assertThatThrownBy(() -> d.withLimits(Duration.ZERO, 65_536, 32)).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> d.withLimits(Duration.ofSeconds(1), 65_536, 0)).hasMessageContaining("receiveMaximum");
        assertThatThrownBy(() -> d.withTls(null, null, MqttSettings.ClientAuth.NONE, null))
                .hasMessageContaining("tlsCertPath");
    }
}

package org.homeward.gateway.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.homeward.gateway.domain.DeviceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Silent and idle raw TCP clients are closed by the server. */
@Timeout(60)
class MqttTimeoutTest {

    @Test
    void aConnectionThatNeverSendsConnectIsClosedAfterTheConnectTimeout() throws Exception {
        MqttSettings settings = ServerFixture.settings().withLimits(Duration.ofMillis(300), 65_536, 32);
        try (ServerFixture fx = new ServerFixture(settings); Socket socket = new Socket("127.0.0.1", fx.port)) {
            socket.setSoTimeout(20_000);

            assertThat(socket.getInputStream().read()).as("end of stream").isEqualTo(-1);
            await().untilAsserted(() -> assertThat(fx.protocolErrors("connect_timeout")).isEqualTo(1.0));
        }
    }

    @Test
    void aSessionSilentForOneAndAHalfKeepAlivesIsClosed() throws Exception {
        try (ServerFixture fx = new ServerFixture(); Socket socket = new Socket("127.0.0.1", fx.port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(connectBytes(1));
            InputStream in = socket.getInputStream();

            assertThat(in.readNBytes(4)).containsExactly(0x20, 0x02, 0x00, 0x00);
            assertThat(in.read()).as("end of stream").isEqualTo(-1);
            await().untilAsserted(() -> assertThat(fx.protocolErrors("keep_alive_timeout")).isEqualTo(1.0));
            await().untilAsserted(() -> assertThat(fx.events).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo(DeviceEvent.Type.DISCONNECTED);
                assertThat(e.detail()).isEqualTo("keep-alive timeout");
            }));
        }
    }

    private static byte[] connectBytes(int keepAliveSeconds) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(MqttMessageBuilders.connect().clientId("raw").protocolVersion(MqttVersion.MQTT_3_1_1)
                .username(ServerFixture.DEVICE).password(ServerFixture.SECRET.getBytes(StandardCharsets.UTF_8))
                .keepAlive(keepAliveSeconds).cleanSession(true).build());
        ByteBuf buf = encoder.readOutbound();
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
            encoder.finishAndReleaseAll();
        }
    }
}

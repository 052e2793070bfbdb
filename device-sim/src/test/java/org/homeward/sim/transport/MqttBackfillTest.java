package org.homeward.sim.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.homeward.sim.model.Channel;
import org.homeward.sim.senml.SenmlFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Readings taken while the broker is unreachable are held and delivered late once it appears. */
@Timeout(90)
class MqttBackfillTest {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    @ParameterizedTest
    @EnumSource(value = Links.Kind.class, names = {"MQTT3", "MQTT5"})
    void buffersWhileOfflineAndBackfillsOnConnect(Links.Kind kind, @TempDir Path dir) throws Exception {
        assumeThat(Files.isExecutable(MOSQUITTO)).as("mosquitto not installed").isTrue();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        SimStats stats = new SimStats();
        DeviceLink link = Links.create(kind, new LinkSettings("127.0.0.1", port, "d-0000beef", "x", "urn:dev:x:",
                100, scheduler, stats), null);
        Process broker = null;
        try {
            link.start();
            for (int i = 0; i < 5; i++) {
                assertThat(link.send(new Outgoing(Channel.SENML, SenmlFormat.JSON,
                        ("[{\"bn\":\"urn:dev:x:\",\"bt\":1767225600,\"n\":\"temp\",\"u\":\"Cel\",\"v\":36." + i + "}]")
                                .getBytes(StandardCharsets.UTF_8)))).isTrue();
            }
            assertThat(stats.buffered.sum()).isEqualTo(5);
            assertThat(stats.acked.sum()).isZero();

            Path conf = dir.resolve("m.conf");
            Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\n");
            broker = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("m.log").toFile()).start();
            int p = port;
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> reachable(p));

            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> stats.acked.sum() == 5);
            assertThat(stats.backfilled.sum()).isEqualTo(5);
            assertThat(stats.buffered.sum()).isZero();
            assertThat(link.connected()).isTrue();
        } finally {
            link.close();
            scheduler.shutdownNow();
            if (broker != null) {
                broker.destroy();
                broker.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

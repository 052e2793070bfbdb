package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One address cannot hold more than {@code mqtt.max-unauthenticated-per-address} MQTT connections that
 * have not authenticated (issue 15: silent connections from one address could take every descriptor),
 * while the devices of a carrier-grade-NAT cell on that same address are not limited by it: more
 * authenticated devices than the cap stay connected, and a new device (mosquitto_pub) still connects
 * and publishes while the attacker's connections are open. Real sockets, real clients.
 */
@Timeout(180)
class MqttUnauthenticatedShareEndToEndTest {
    private static final int SHARE = 10;
    private static final int ATTACKER_SOCKETS = 100;
    private static final int CELL = 15;

    @TempDir
    Path dir;

    @Test
    void givenSilentConnectionsFromOneAddress_thenItHoldsOnlyItsShare_whileAuthenticatedDevicesThereAreNotLimited()
            throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")),
                "mosquitto_pub not installed (apt-get install mosquitto-clients)");
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            gw.patient("p-cell");
            List<String> secrets = new ArrayList<>();
            for (int i = 0; i <= CELL; i++) {
                secrets.add(gw.device("d-cell-" + i, "p-cell", "patch"));
            }
            gw.start(Map.of("mqtt.max-unauthenticated-per-address", Integer.toString(SHARE),
                    "mqtt.connect-timeout", "2m"));
            // a cell of more authenticated devices than the share, all on 127.0.0.1
            List<MqttAsyncClient> cell = new ArrayList<>();
            for (int i = 0; i < CELL; i++) {
                cell.add(connect(gw, "d-cell-" + i, secrets.get(i)));
            }
            List<Socket> attacker = new ArrayList<>();
            try {
                for (int i = 0; i < ATTACKER_SOCKETS; i++) {
                    attacker.add(new Socket("127.0.0.1", gw.port("mqtt"))); // never sends CONNECT
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        gw.metric("homeward_connections_refused_total", "reason=\"max_unauthenticated_per_address\""))
                        .isEqualTo(ATTACKER_SOCKETS - SHARE));
                assertThat(stillOpen(attacker)).isEqualTo(SHARE);

                // a device of the same cell connects and publishes while the attacker holds its share
                Process pub = new ProcessBuilder("/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p",
                        Integer.toString(gw.port("mqtt")), "-V", "mqttv5", "-q", "1", "-u", "d-cell-" + CELL,
                        "-P", secrets.get(CELL), "-t", "v1/devices/d-cell-" + CELL + "/senml",
                        "-m", "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":37.4}]").redirectErrorStream(true).start();
                assertThat(pub.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(pub.exitValue()).as(new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .isZero();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(gw.latest("p-cell", "temp")).isEqualTo(37.4));
                assertThat(cell).allMatch(MqttAsyncClient::isConnected);
                assertThat(stillOpen(attacker)).isLessThanOrEqualTo(SHARE);
            } finally {
                for (Socket s : attacker) {
                    s.close();
                }
                for (MqttAsyncClient c : cell) {
                    c.disconnectForcibly(1_000, 1_000, false);
                    c.close(true);
                }
            }
        }
    }

    private static MqttAsyncClient connect(GatewayFixture gw, String device, String secret) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + gw.port("mqtt"), "c-" + device,
                new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(device);
        o.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        o.setConnectionTimeout(20);
        o.setAutomaticReconnect(false);
        c.connect(o).waitForCompletion(20_000);
        return c;
    }

    /** Sockets the gateway has not closed: a read neither ends (EOF) nor fails within 200 ms. */
    private static int stillOpen(List<Socket> sockets) throws IOException {
        int open = 0;
        for (Socket s : sockets) {
            s.setSoTimeout(200);
            try {
                if (s.getInputStream().read() >= 0) {
                    open++; // the gateway never sends first; count it anyway as not closed
                }
            } catch (SocketTimeoutException e) {
                open++;
            } catch (IOException reset) {
                // closed by the gateway
            }
        }
        return open;
    }
}

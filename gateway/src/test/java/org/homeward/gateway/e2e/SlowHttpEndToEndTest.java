package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, slow HTTP: ~20,000 connections sending one byte every 20 s took every file descriptor
 * and stopped all ingest; 1,500 were held indefinitely. Real sockets from another loopback address
 * (127.0.0.2): the address holds no more than its cap, the ones it holds are closed at the request
 * time-out however slowly they trickle bytes, and meanwhile the nurse side, MQTT devices and the
 * journal (a segment roll) carry on.
 */
@Timeout(120)
class SlowHttpEndToEndTest {
    private static final int PER_ADDRESS = 10;

    @TempDir
    Path dir;

    /** True when the server closed (or reset) the connection; false while it holds it. */
    private static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(20);
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static long segments(Path journal) throws IOException {
        try (Stream<Path> s = Files.list(journal)) {
            return s.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }

    @Test
    void givenSlowHttpConnectionsFromOneAddress_thenTheyHoldAtMostTheirCapAndAreTimedOut_whileDevicesAndTheJournalCarryOn()
            throws Exception {
        List<Socket> attack = new ArrayList<>();
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            gw.patient("p-slow");
            String secret = gw.device("d-slow", "p-slow", "patch");
            gw.start(Map.of("http.max-connections-per-address", String.valueOf(PER_ADDRESS),
                    "http.request-timeout", "2s", "journal.segment-bytes", "64KiB", "ingest.device-rate", "0"));
            double timedOut0 = gw.metric("homeward_http_connections_refused_total", "request_timeout");

            // when: 3 x the cap of slow connections from one address, each starting a request
            for (int i = 0; i < 3 * PER_ADDRESS; i++) {
                Socket s = new Socket();
                s.bind(new InetSocketAddress("127.0.0.2", 0));
                s.connect(new InetSocketAddress("127.0.0.1", gw.port("http")), 5_000);
                s.getOutputStream().write('G');
                attack.add(s);
            }
            // then: the address holds no more than its cap
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> attack.stream().filter(s -> !closedByServer(s)).count() <= PER_ADDRESS);
            assertThat(gw.metric("homeward_http_connections_refused_total", "max_per_address"))
                    .isGreaterThanOrEqualTo(2.0 * PER_ADDRESS);

            // and while it trickles bytes, nurses (another address), devices and the journal carry on
            assertThat(gw.get("/health", false).statusCode()).isEqualTo(200);
            MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + gw.port("mqtt"), "c-slow", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName("d-slow");
            o.setPassword(secret.getBytes(StandardCharsets.UTF_8));
            c.connect(o).waitForCompletion(20_000);
            try {
                long before = segments(dir.resolve("journal"));
                StringBuilder pack = new StringBuilder("[");
                for (int k = 0; k < 40; k++) {
                    pack.append(k == 0 ? "" : ",").append("{\"n\":\"hr\",\"u\":\"beat/min\",\"v\":7").append(k % 10)
                            .append(",\"t\":-").append(60 - k).append('}');
                }
                byte[] payload = pack.append(']').toString().getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 200 && segments(dir.resolve("journal")) == before; i++) {
                    for (Socket s : attack) {
                        if (!s.isClosed()) {
                            try {
                                s.getOutputStream().write('E');
                            } catch (IOException closed) {
                                s.close();
                            }
                        }
                    }
                    MqttMessage m = new MqttMessage(payload);
                    m.setQos(1);
                    IMqttToken t = c.publish("v1/devices/d-slow/senml", m);
                    t.waitForCompletion(20_000);
                    assertThat(t.getReasonCodes()[0]).isZero();
                }
                assertThat(segments(dir.resolve("journal"))).as("the journal rolled").isGreaterThan(before);
            } finally {
                c.disconnect().waitForCompletion(10_000);
                c.close();
            }

            // and the held slow requests are closed at the request time-out, however slowly they trickle
            await().atMost(Duration.ofSeconds(15)).until(() -> attack.stream().allMatch(s -> {
                try {
                    s.getOutputStream().write('T');
                } catch (IOException closed) {
                    return true;
                }
                return closedByServer(s);
            }));
            assertThat(gw.metric("homeward_http_connections_refused_total", "request_timeout") - timedOut0)
                    .isGreaterThanOrEqualTo(1.0);
        } finally {
            for (Socket s : attack) {
                s.close();
            }
        }
    }
}

package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.homeward.gateway.audit.AuditLog;
import org.homeward.gateway.device.RegistryAdmin;
import org.homeward.gateway.device.RegistryStore;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.journal.JournalEntry;
import org.homeward.gateway.records.JournalRecords;
import org.homeward.gateway.journal.JournalSettings;
import org.homeward.gateway.journal.SegmentedJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Nothing acknowledged is ever lost": a real gateway process receives QoS 1 publishes, is killed
 * with SIGKILL mid-stream, and every reading whose PUBACK the device got must be in the journal;
 * the restarted gateway replays it into its live state.
 */
@Timeout(300)
class CrashRecoveryTest {
    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedReadingSurvivesKillMinus9AndIsReplayed() throws Exception {
        Path data = tmp.resolve("data");
        RegistryAdmin admin = new RegistryAdmin(new RegistryStore(data), new AuditLog(data.resolve("audit/audit.log")),
                Clock.systemUTC());
        admin.addPatient("p-crash", LocalDate.now().minusDays(2).toString(), "", "", "test");
        String secret = admin.addDevice("d-crash", "p-crash", "patch", "test");
        admin.addUser("nurse1", "nurse", "nurse1-password".toCharArray(), "test");

        Set<Double> acked = ConcurrentHashMap.newKeySet();
        try (ChildGateway child = new ChildGateway(data).start(Map.of())) {
            MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + child.port("mqtt"), "crash-device",
                    new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName("d-crash");
            o.setPassword(secret.getBytes(StandardCharsets.UTF_8));
            o.setReceiveMaximum(32);
            client.connect(o).waitForCompletion(30_000);
            Semaphore inFlight = new Semaphore(16);
            // value i/1000 above 30 °C identifies each publish: 30.001, 30.002, ...
            for (int i = 1; i <= 5_000 && acked.size() < 600; i++) {
                if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
                    break;
                }
                double value = 30.0 + i / 1000.0;
                MqttMessage m = new MqttMessage(("[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":" + value + "}]")
                        .getBytes(StandardCharsets.UTF_8));
                m.setQos(1);
                client.publish("v1/devices/d-crash/senml", m, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        int[] codes = token.getReasonCodes();
                        if (codes == null || codes.length == 0 || codes[0] == 0) {
                            acked.add(value);
                        }
                        inFlight.release();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        inFlight.release();
                    }
                });
            }
            child.kill(); // with up to 16 publishes in flight
            client.disconnectForcibly(0, 1_000, false);
            client.close(true);
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(600);

        Set<Double> stored = new HashSet<>();
        long lastMeasured = 0;
        double lastValue = Double.NaN;
        try (SegmentedJournal journal = SegmentedJournal.open(JournalSettings.defaults(data.resolve("journal")),
                Clock.systemUTC(), new SimpleMeterRegistry())) {
            long after = 0;
            for (List<JournalEntry> batch = journal.read(after, 1024); !batch.isEmpty(); batch = journal.read(after, 1024)) {
                for (JournalEntry e : batch) {
                    JournalRecords.Decoded d = JournalRecords.decode(e.payload());
                    if (d.type() == JournalRecords.READINGS) {
                        for (Reading r : d.readings()) {
                            stored.add(r.value());
                            if (r.measuredAtMillis() >= lastMeasured) {
                                lastMeasured = r.measuredAtMillis();
                                lastValue = r.value();
                            }
                        }
                    }
                    after = e.sequence();
                }
            }
        }
        assertThat(stored).as("every acknowledged reading is in the journal").containsAll(acked);

        double expectedLatest = lastValue;
        try (ChildGateway again = new ChildGateway(data).start(Map.of())) {
            GatewayFixture api = GatewayFixture.forRunning(again.port("http"));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(api.latest("p-crash", "temp")).isEqualTo(expectedLatest));
        }
    }
}

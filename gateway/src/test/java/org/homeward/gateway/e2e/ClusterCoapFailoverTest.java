package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.homeward.gateway.cluster.ReadingsTopic;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.forward.kafka.KafkaTestBroker;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CoAP/DTLS in cluster mode with per-node addresses (docs/cluster.md, "CoAP/DTLS behind a load
 * balancer"): one KRaft broker, two gateway JVMs started through the real command line, one CoAP
 * device whose PSK both nodes know (the same registry). The device is provisioned with node B's
 * address first and node A's second. It POSTs readings to B over its DTLS session (each answered
 * 2.04), the real libcoap client {@code coap-client-openssl} posts one to B as well; B is killed with
 * SIGKILL; the device's next POST to B gets no answer, it re-handshakes with A and carries on. Every
 * reading that got a 2.04 from either node is in the readings topic, and a fever the device sends
 * through A after the kill raises the alarm on A (which has taken over B's partitions).
 */
@Timeout(240)
class ClusterCoapFailoverTest {
    static final int PARTITIONS = 4;
    static final String COAP_CLIENT = "/usr/bin/coap-client-openssl";
    @TempDir
    Path tmp;

    @Test
    void aCoapDeviceMovesToTheSecondAddressWhenItsNodeIsKilled() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Devices registry = new Devices(a);
        for (int i = 0; i < 8; i++) {
            registry.add(String.format("p-%02d", i), String.format("c-%02d", i));
        }
        ClusterFailoverTest.copyTree(a, b); // the same registry (and so the same PSKs) on both nodes
        try (KafkaTestBroker broker = new KafkaTestBroker(Files.createDirectories(tmp.resolve("kafka")));
             ChildGateway nodeA = new ChildGateway(a).start(ClusterFailoverTest.cluster(broker, "node-a"));
             ChildGateway nodeB = new ChildGateway(b).start(ClusterFailoverTest.cluster(broker, "node-b"))) {
            GatewayFixture apiA = GatewayFixture.forRunning(nodeA.port("http"));
            GatewayFixture apiB = GatewayFixture.forRunning(nodeB.port("http"));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    !ClusterFailoverTest.owned(apiA).isEmpty() && !ClusterFailoverTest.owned(apiB).isEmpty()
                            && ClusterFailoverTest.owned(apiA).size() + ClusterFailoverTest.owned(apiB).size() == PARTITIONS);
            // a patient whose partition node B owns: after the kill, A must take it over to raise the fever
            String patient = patientOn(registry, ClusterFailoverTest.owned(apiB));
            assertThat(patient).as("a patient on a partition node B owns").isNotNull();
            String device = "c-" + patient.substring(2);
            int portA = nodeA.port("coaps");
            int portB = nodeB.port("coaps");

            Set<Long> acked = new HashSet<>(); // temperatures in milli-degrees that got a 2.04
            try (CoapFailoverDevice coap = new CoapFailoverDevice(device, registry.secret(device), List.of(portB, portA))) {
                int milli = 36_000;
                for (int i = 0; i < 5; i++, milli += 10) {
                    assertThat(coap.post(temp(milli))).as("POST %d answered 2.04 by node B", i).isEqualTo(portB);
                    acked.add((long) milli);
                }
                if (Files.isExecutable(Path.of(COAP_CLIENT))) { // the real libcoap client, on node B too
                    assertThat(libcoapPost(device, registry.secret(device), portB, milli)).isZero();
                    acked.add((long) milli);
                    milli += 10;
                }

                // a device connected to node B whose patient node A owns sends implausible values: B refuses
                // them (4.00) and sends the refusals on the patient's partition, so A raises SENSOR-FAULT
                String faulty = patientOn(registry, ClusterFailoverTest.owned(apiA));
                String faultyDevice = "c-" + faulty.substring(2);
                try (CoapFailoverDevice onB = new CoapFailoverDevice(faultyDevice, registry.secret(faultyDevice),
                        List.of(portB))) {
                    for (int i = 0; i < 5; i++) {
                        assertThat(onB.post(temp(50_000 + i * 500))).as("implausible value refused").isEqualTo(-1);
                    }
                }
                await().alias("SENSOR-FAULT raised by the owner, node A").atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(200)).until(() -> ClusterFailoverTest.alarm(apiA, faulty, "SENSOR-FAULT") != null);

                nodeB.kill();
                // the next POST gets no answer from B; the device moves to A, handshakes and is answered
                assertThat(coap.post(temp(milli))).as("after the kill, node A answers").isEqualTo(portA);
                acked.add((long) milli);
                milli += 10;
                assertThat(coap.failures()).as("exactly one POST went unanswered (to the dead node B)").isEqualTo(1);
                for (int i = 0; i < 5; i++, milli += 10) {
                    assertThat(coap.post(temp(milli))).as("POST %d after the move", i).isEqualTo(portA);
                    acked.add((long) milli);
                }
                if (Files.isExecutable(Path.of(COAP_CLIENT))) {
                    assertThat(libcoapPost(device, registry.secret(device), portA, milli)).isZero();
                    acked.add((long) milli);
                }
                double bt = System.currentTimeMillis() / 1000.0 - 300;
                assertThat(coap.post("[{\"bt\":" + bt + ",\"n\":\"temp\",\"u\":\"Cel\",\"v\":38.5,\"t\":0},"
                        + "{\"n\":\"temp\",\"u\":\"Cel\",\"v\":38.6,\"t\":240}]")).as("fever via node A").isEqualTo(portA);
                assertThat(coap.failures()).isEqualTo(1);
            }

            String feverPatient = patient;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> ClusterFailoverTest.owned(apiA).size() == PARTITIONS);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ClusterFailoverTest.feverAlarm(apiA, feverPatient) != null);
            Set<Long> inTopic = new HashSet<>();
            for (ConsumerRecord<String, byte[]> r : ClusterFailoverTest.readAll(broker)) {
                if (r.value().length == 0 || r.value()[0] == 'C') {
                    continue;
                }
                JournalRecords.Decoded d = JournalRecords.decode(r.value());
                if (d.type() == JournalRecords.READINGS) {
                    for (Reading x : d.readings()) {
                        if (x.deviceId().equals(device)) {
                            inTopic.add(Math.round(x.value() * 1000));
                        }
                    }
                }
            }
            assertThat(inTopic).as("every reading answered 2.04 by either node is in the readings topic")
                    .containsAll(acked);
        }
    }

    /** The first registered patient whose partition is in {@code partitions}, or null. */
    private static String patientOn(Devices registry, Set<Integer> partitions) {
        return registry.patientOf.values().stream()
                .filter(p -> partitions.contains(ReadingsTopic.partitionOf(p, PARTITIONS))).findFirst().orElse(null);
    }

    private static String temp(int milli) {
        return "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":" + (milli / 1000.0) + "}]";
    }

    /** One POST with the real libcoap client (its own DTLS handshake); returns its exit code. */
    private static int libcoapPost(String device, String secret, int port, int milli)
            throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of(COAP_CLIENT)));
        Process p = new ProcessBuilder(List.of(COAP_CLIENT, "-m", "post", "-t", "110", "-u", device, "-k", secret,
                "-B", "30", "-e", temp(milli), "coaps://127.0.0.1:" + port + "/v1/senml"))
                .redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // libcoap prints an error response's code (4.xx/5.xx) and may still exit 0: a 2.04 prints nothing
        return out.matches("(?s).*\\b[45]\\.\\d\\d\\b.*") ? 1 : p.exitValue();
    }
}

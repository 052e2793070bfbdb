package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.homeward.gateway.forward.kafka.KafkaTestBroker;
import org.homeward.gateway.forward.mqtt.MosquittoBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 seam 6 through real processes: "forwarders deliver each record once per cluster, not once per
 * node". A KRaft broker, two gateway JVMs started through the real command line in cluster mode, both with
 * the Kafka-out and MQTT-bridge sinks on (a real mosquitto), Paho devices spread over both nodes. Each node's forwarder reads the readings topic
 * in the sink's consumer group, so each record is delivered by the node that owns its partition.
 * <ol>
 *   <li>before any failure every PUBACKed reading reaches the sink exactly once;</li>
 *   <li>node B is SIGKILLed while the devices publish; they reconnect to A, which takes B's partitions over
 *       from B's committed offsets: every PUBACKed reading arrives at least once; a record B delivered but
 *       had not committed may come again, always under its one idempotency key;</li>
 *   <li>what the devices send after the take-over arrives exactly once.</li>
 * </ol>
 * Duplicates are counted and printed (they are the kill window's, the hospital deduplicates by key).
 */
@Timeout(300)
class ClusterForwardingKillTest {
    static final int PATIENTS = 12;
    @TempDir
    Path tmp;

    @Test
    void eachReadingReachesTheSinkOncePerClusterAndAKilledNodesWindowOnlyAsSameKeyDuplicates() throws Exception {
        long t0 = System.nanoTime();
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Devices devices = ClusterFailoverTest.registered(a, b, PATIENTS);
        try (KafkaTestBroker broker = new KafkaTestBroker(Files.createDirectories(tmp.resolve("kafka")))) {
            broker.createTopics("hospital.vitals", "hospital.alarms");
            try (MosquittoBroker mosquitto = new MosquittoBroker(Files.createDirectories(tmp.resolve("mosquitto")));
                 SinkReceivers.Mqtt mqtt = new SinkReceivers.Mqtt(mosquitto.uri(), "hospital");
                 SinkReceivers.Kafka kafka = new SinkReceivers.Kafka(broker.bootstrap(), "hospital.vitals", "hospital.alarms");
                 ChildGateway nodeA = new ChildGateway(a).start(settings(broker, mosquitto, "node-a"));
                 ChildGateway nodeB = new ChildGateway(b).start(settings(broker, mosquitto, "node-b"))) {
                Map<String, Supplier<List<Received>>> sinks = Map.of("Kafka", kafka::arrivals, "MQTT", mqtt::arrivals);
                GatewayFixture apiA = GatewayFixture.forRunning(nodeA.port("http"));
                GatewayFixture apiB = GatewayFixture.forRunning(nodeB.port("http"));
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                        !ClusterFailoverTest.owned(apiA).isEmpty() && !ClusterFailoverTest.owned(apiB).isEmpty());

                // 1. no failure: exactly once
                devices.connect(nodeA.port("mqtt"), nodeB.port("mqtt"));
                devices.send(3, 0);
                assertThat(devices.drain()).isTrue();
                Set<Received.Sent> calm = new HashSet<>(devices.acked);
                assertThat(calm).hasSize(PATIENTS * 3);
                awaitAtSinks(sinks, calm);
                sinks.forEach((name, sink) -> assertThat(perReading(sink, calm).values())
                        .as("%s: deliveries per reading, no failure", name).containsOnly(1));

                // 2. node B killed while the devices publish at about 1/s each
                Thread load = new Thread(() -> {
                    try {
                        devices.send(100_000, PATIENTS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "devices");
                load.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> devices.acked.size() >= calm.size() + PATIENTS * 4);
                nodeB.kill();
                long killedAt = System.nanoTime();
                devices.stop();
                load.join(60_000);
                Set<Received.Sent> window = new HashSet<>(devices.acked);
                window.removeAll(calm);

                // 3. the devices reconnect to the survivor; it takes B's partitions over
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> ClusterFailoverTest.owned(apiA).size() == ClusterFailoverTest.PARTITIONS);
                devices.connect(nodeA.port("mqtt"));
                Set<Received.Sent> beforeAfter = new HashSet<>(devices.acked);
                devices.send(3, 0);
                assertThat(devices.drain()).isTrue();
                Set<Received.Sent> after = new HashSet<>(devices.acked);
                after.removeAll(beforeAfter);
                assertThat(after).hasSize(PATIENTS * 3);

                awaitAtSinks(sinks, devices.acked);
                long allAt = System.nanoTime();
                for (Map.Entry<String, Supplier<List<Received>>> sink : sinks.entrySet()) {
                    String name = sink.getKey();
                    List<Received> arrivals = sink.getValue().get();
                    // a reading under two keys would be journaled twice: Received.temps fails on it
                    assertThat(Received.temps(Received.dedupe(arrivals))).as("%s: every PUBACKed reading", name)
                            .containsAll(devices.acked);
                    assertThat(perReading(sink.getValue(), calm).values()).as("%s: no failure, still exactly once", name)
                            .containsOnly(1);
                    assertThat(perReading(sink.getValue(), after).values()).as("%s: after the take-over, exactly once",
                            name).containsOnly(1);
                    Map<Received.Sent, Integer> inWindow = perReading(sink.getValue(), window);
                    System.out.printf("forwarding to %s, node B SIGKILLed: %d readings PUBACKed (%d before, %d around,"
                                    + " %d after the kill), 0 lost; %d records at the sink, %d duplicate deliveries (same"
                                    + " key), readings delivered twice in the kill window %d of %d%n",
                            name, devices.acked.size(), calm.size(), window.size(), after.size(), arrivals.size(),
                            arrivals.size() - Received.dedupe(arrivals).size(),
                            inWindow.values().stream().filter(n -> n > 1).count(), window.size());
                }
                System.out.printf("forwarding: every PUBACKed reading at both sinks %d ms after the kill; test %d s%n",
                        (allAt - killedAt) / 1_000_000, (System.nanoTime() - t0) / 1_000_000_000);
            }
        } finally {
            devices.close();
        }
    }

    private static Map<String, String> settings(KafkaTestBroker broker, MosquittoBroker mosquitto, String node) {
        Map<String, String> s = ClusterFailoverTest.cluster(broker.bootstrap(), node, ClusterFailoverTest.PARTITIONS, 1, 1);
        s.put("forward.kafka.enabled", "true");
        s.put("forward.kafka.bootstrap-servers", broker.bootstrap());
        s.put("forward.kafka.topic", "hospital.vitals");
        s.put("forward.kafka.alarms-topic", "hospital.alarms");
        s.put("forward.mqtt.enabled", "true");
        s.put("forward.mqtt.uri", mosquitto.uri());
        s.put("forward.mqtt.topic", "hospital/vitals/{patient}/{vital}");
        s.put("forward.mqtt.alarm-topic", "hospital/alarms/{patient}");
        return s;
    }

    private static void awaitAtSinks(Map<String, Supplier<List<Received>>> sinks, Set<Received.Sent> readings) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                sinks.values().stream().allMatch(sink -> temps(sink.get()).keySet().containsAll(readings)));
    }

    /** Deliveries (with duplicates) of each of {@code readings}' temperatures at the sink. */
    private static Map<Received.Sent, Integer> perReading(Supplier<List<Received>> sink, Set<Received.Sent> readings) {
        Map<Received.Sent, Integer> all = temps(sink.get());
        Map<Received.Sent, Integer> out = new HashMap<>();
        readings.forEach(r -> out.put(r, all.getOrDefault(r, 0)));
        return out;
    }

    private static Map<Received.Sent, Integer> temps(List<Received> arrivals) {
        Map<Received.Sent, Integer> out = new HashMap<>();
        for (Received r : arrivals) {
            if ("reading".equals(r.type()) && "temp".equals(r.vital())) {
                out.merge(Received.Sent.of(r.device(), r.value()), 1, Integer::sum);
            }
        }
        return out;
    }
}

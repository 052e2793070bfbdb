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
import org.homeward.gateway.forward.kafka.KafkaTestBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 seam 6 through real processes: "forwarders deliver each record once per cluster, not once per
 * node". A KRaft broker, two gateway JVMs started through the real command line in cluster mode, both with
 * the Kafka-out sink on, Paho devices spread over both nodes. Each node's forwarder reads the readings topic
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
            try (SinkReceivers.Kafka sink = new SinkReceivers.Kafka(broker.bootstrap(), "hospital.vitals", "hospital.alarms");
                 ChildGateway nodeA = new ChildGateway(a).start(settings(broker, "node-a"));
                 ChildGateway nodeB = new ChildGateway(b).start(settings(broker, "node-b"))) {
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
                awaitAtSink(sink, calm);
                assertThat(perReading(sink, calm).values()).as("deliveries per reading, no failure").containsOnly(1);

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

                awaitAtSink(sink, devices.acked);
                long allAt = System.nanoTime();
                List<Received> arrivals = sink.arrivals();
                // a reading under two keys would be journaled twice: Received.temps fails on it
                assertThat(Received.temps(Received.dedupe(arrivals))).as("every PUBACKed reading at the sink")
                        .containsAll(devices.acked);
                assertThat(perReading(sink, calm).values()).as("no failure: still exactly once").containsOnly(1);
                assertThat(perReading(sink, after).values()).as("after the take-over: exactly once").containsOnly(1);
                Map<Received.Sent, Integer> inWindow = perReading(sink, window);
                long duplicates = arrivals.size() - Received.dedupe(arrivals).size();
                System.out.printf("forwarding, node B SIGKILLed: %d readings PUBACKed (%d before, %d around, %d after the"
                                + " kill), 0 lost; %d records at the sink, %d duplicate deliveries (same key), readings"
                                + " delivered twice in the kill window %d of %d; all at the sink %d ms after the kill;"
                                + " test %d s%n",
                        devices.acked.size(), calm.size(), window.size(), after.size(), arrivals.size(), duplicates,
                        inWindow.values().stream().filter(n -> n > 1).count(), window.size(),
                        (allAt - killedAt) / 1_000_000, (System.nanoTime() - t0) / 1_000_000_000);
            }
        } finally {
            devices.close();
        }
    }

    private static Map<String, String> settings(KafkaTestBroker broker, String node) {
        Map<String, String> s = ClusterFailoverTest.cluster(broker.bootstrap(), node, ClusterFailoverTest.PARTITIONS, 1, 1);
        s.put("forward.kafka.enabled", "true");
        s.put("forward.kafka.bootstrap-servers", broker.bootstrap());
        s.put("forward.kafka.topic", "hospital.vitals");
        s.put("forward.kafka.alarms-topic", "hospital.alarms");
        return s;
    }

    private static void awaitAtSink(SinkReceivers.Kafka sink, Set<Received.Sent> readings) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                temps(sink.arrivals()).keySet().containsAll(readings));
    }

    /** Deliveries (with duplicates) of each of {@code readings}' temperatures at the sink. */
    private static Map<Received.Sent, Integer> perReading(SinkReceivers.Kafka sink, Set<Received.Sent> readings) {
        Map<Received.Sent, Integer> all = temps(sink.arrivals());
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

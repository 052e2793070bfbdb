package org.homeward.gateway.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.cluster.ReadingsTopic;
import org.homeward.gateway.forward.kafka.KafkaTestBroker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The figures of cluster mode (not a test: prints, asserts nothing; tag "bench", run by
 * {@code scripts/cluster-failover-bench.sh}): PUBACK p50/p99 of {@code bench.devices} MQTT devices at 1
 * pack/s on a single gateway on its local journal (fsync) and on a 2-node cluster on one KRaft broker
 * (acks=all), then SIGKILL of the node the devices use: time until they are reconnected to the survivor,
 * until it owns every partition, and until a reading of a patient the dead node processed is evaluated
 * by the survivor (shown as its latest value). Child JVMs, loopback only, bounded in time.
 */
@Tag("bench")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ClusterFailoverBench {
    static final int DEVICES = Integer.getInteger("bench.devices", 200);
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final int PARTITIONS = Integer.getInteger("bench.partitions", 12);

    public static void main(String[] args) throws Exception {
        new ClusterFailoverBench().run();
    }

    @Test
    void run() throws Exception {
        Path tmp = Files.createTempDirectory("cluster-bench");
        Path local = tmp.resolve("local");
        Devices devices = new Devices(local);
        for (int i = 0; i < DEVICES; i++) {
            devices.add(String.format("bp-%04d", i), String.format("bd-%04d", i));
        }
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        ClusterFailoverTest.copyTree(local, a);
        ClusterFailoverTest.copyTree(local, b);
        try (ChildGateway single = new ChildGateway(local).start(Map.of())) {
            devices.connect(single.port("mqtt"));
            devices.send(2, DEVICES); // warm-up
            devices.drain();
            devices.takeLatencies();
            devices.send(SECONDS, DEVICES);
            devices.drain();
            System.out.println("PUBACK local journal (fsync): " + Devices.summary(devices.takeLatencies()));
            devices.close();
        }
        devices.acked.clear(); // from here on only what the cluster acknowledged
        try (KafkaTestBroker broker = new KafkaTestBroker(Files.createDirectories(tmp.resolve("kafka")));
             ChildGateway nodeA = new ChildGateway(a).start(cluster(broker, "node-a"));
             ChildGateway nodeB = new ChildGateway(b).start(cluster(broker, "node-b"))) {
            GatewayFixture apiA = GatewayFixture.forRunning(nodeA.port("http"));
            GatewayFixture apiB = GatewayFixture.forRunning(nodeB.port("http"));
            while (!split(apiA, apiB)) {
                Thread.sleep(200);
            }
            devices.connect(nodeB.port("mqtt"));
            devices.send(2, DEVICES);
            devices.drain();
            devices.takeLatencies();
            devices.send(SECONDS, DEVICES);
            devices.drain();
            System.out.println("PUBACK cluster, Kafka acks=all (1 broker, 2 nodes): "
                    + Devices.summary(devices.takeLatencies()));

            Set<Integer> ofB = ClusterFailoverTest.owned(apiB);
            String probe = null;
            for (String p : new TreeSet<>(devices.patientOf.values())) {
                if (probe == null && ofB.contains(ReadingsTopic.partitionOf(p, PARTITIONS))) {
                    probe = p;
                }
            }
            // SIGKILL under load: the devices keep publishing at 1 pack/s while node B dies
            Thread load = new Thread(() -> {
                try {
                    devices.send(1_000, DEVICES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            int ackedBefore = devices.acked.size();
            load.start();
            while (devices.acked.size() < ackedBefore + 3 * DEVICES) {
                Thread.sleep(50);
            }
            long kill = System.nanoTime();
            nodeB.kill();
            devices.stop();
            load.join(60_000);
            long[] allOwned = {0};
            Thread watch = new Thread(() -> { // take-over, watched from the kill on, independent of the devices
                while (allOwned[0] == 0 && System.nanoTime() - kill < TimeUnit.MINUTES.toNanos(3)) {
                    try {
                        if (ClusterFailoverTest.owned(apiA).size() == PARTITIONS) {
                            allOwned[0] = System.nanoTime();
                        }
                        Thread.sleep(100);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            watch.start();
            devices.close(); // the test client's teardown of 200 dead connections, not counted below
            long reconnectStart = System.nanoTime();
            devices.connect(nodeA.port("mqtt"));
            long reconnected = System.nanoTime();
            double before = apiA.latest(probe, "temp");
            long evaluated = 0;
            while (evaluated == 0 && System.nanoTime() - kill < TimeUnit.MINUTES.toNanos(3)) {
                devices.send(1, DEVICES);
                if (allOwned[0] != 0 && ownerHas(apiA, probe, before)) {
                    evaluated = System.nanoTime();
                }
            }
            watch.join(10_000);
            devices.drain();
            Set<Received.Sent> lost = new HashSet<>(devices.acked);
            lost.removeAll(ClusterFailoverTest.readingsIn(broker.bootstrap()));
            System.out.printf("PUBACKed readings: %d in all; missing from the readings topic after the kill: %d%n",
                    devices.acked.size(), lost.size());
            System.out.printf("failover: all %d partitions owned by the survivor %d ms after the kill (session timeout"
                            + " 10 s + replay); %d devices reconnected in %d ms (sequential client, started %d ms after"
                            + " the kill); a dead node's patient evaluated again %d ms after the kill%n", PARTITIONS,
                    ms(allOwned[0] - kill), DEVICES, ms(reconnected - reconnectStart), ms(reconnectStart - kill),
                    ms(evaluated - kill));
        } finally {
            devices.close();
        }
    }

    /** The survivor's own engine shows a newer temperature for the patient than before the kill. */
    private static boolean ownerHas(GatewayFixture api, String patient, double before) throws Exception {
        double now = api.latest(patient, "temp");
        return !Double.isNaN(now) && now > before;
    }

    /** Both nodes own partitions, and together all of them. */
    private static boolean split(GatewayFixture apiA, GatewayFixture apiB) throws Exception {
        Set<Integer> ofA = ClusterFailoverTest.owned(apiA);
        Set<Integer> ofB = ClusterFailoverTest.owned(apiB);
        return !ofA.isEmpty() && !ofB.isEmpty() && ofA.size() + ofB.size() == PARTITIONS;
    }

    private static long ms(long nanos) {
        return nanos <= 0 ? -1 : nanos / 1_000_000;
    }

    private static Map<String, String> cluster(KafkaTestBroker broker, String node) {
        return ClusterFailoverTest.cluster(broker.bootstrap(), node, PARTITIONS, 1, 1);
    }
}

package org.homeward.gateway.forward.kafka;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real 3-node KRaft Kafka 4.1 cluster from Kafka's own artifacts: three child JVMs, each a
 * combined broker and controller (a static three-voter quorum), internal topics replicated 3 with
 * min.insync.replicas 2, as production runs it. {@link #kill} SIGKILLs one node (a power cut, no
 * clean shutdown) and {@link #restart} starts it again on its own log directory and ports.
 */
public final class KafkaTestCluster implements AutoCloseable {
    public static final int SIZE = 3;
    private final Path dir;
    private final int[] ports = new int[SIZE];
    private final Process[] processes = new Process[SIZE];

    public KafkaTestCluster(Path dir) throws Exception {
        this.dir = dir;
        int[] controllers = new int[SIZE];
        StringJoiner voters = new StringJoiner(",");
        for (int i = 0; i < SIZE; i++) {
            ports[i] = KafkaTestBroker.freePort();
            controllers[i] = KafkaTestBroker.freePort();
            voters.add((i + 1) + "@127.0.0.1:" + controllers[i]);
        }
        String clusterId = Uuid.randomUuid().toString();
        List<Process> formats = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            Path node = Files.createDirectories(dir.resolve("node" + (i + 1)));
            Files.writeString(node.resolve("server.properties"), String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=" + (i + 1),
                    "controller.quorum.voters=" + voters,
                    "listeners=PLAINTEXT://127.0.0.1:" + ports[i] + ",CONTROLLER://127.0.0.1:" + controllers[i],
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + ports[i],
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + node.resolve("logs"),
                    "num.partitions=3",
                    "default.replication.factor=3",
                    "min.insync.replicas=2",
                    "offsets.topic.replication.factor=3",
                    "offsets.topic.num.partitions=3",
                    "transaction.state.log.replication.factor=3",
                    "transaction.state.log.min.isr=2",
                    "share.coordinator.state.topic.replication.factor=3",
                    "share.coordinator.state.topic.min.isr=2",
                    "group.initial.rebalance.delay.ms=0",
                    "replica.lag.time.max.ms=5000", // a dead follower leaves the ISR after 5 s (default 30 s)
                    ""));
            formats.add(KafkaTestBroker.run(node, List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                    node.resolve("server.properties").toString()), "format.log"));
        }
        for (Process f : formats) {
            f.waitFor(120, TimeUnit.SECONDS);
        }
        for (int i = 0; i < SIZE; i++) {
            start(i);
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> brokersUp() == SIZE);
    }

    /** All three brokers' listeners, for a client's bootstrap.servers. */
    public String bootstrap() {
        StringJoiner j = new StringJoiner(",");
        for (int p : ports) {
            j.add("127.0.0.1:" + p);
        }
        return j.toString();
    }

    /** SIGKILLs node {@code i} (0-based) and waits until it is gone. */
    public void kill(int i) throws InterruptedException {
        processes[i].destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts node {@code i} again and waits until the cluster sees all three brokers. */
    public void restart(int i) throws Exception {
        start(i);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> brokersUp() == SIZE);
    }

    /** The node's process id (for scripts and logs). */
    public long pid(int i) {
        return processes[i].pid();
    }

    private void start(int i) throws Exception {
        Path node = dir.resolve("node" + (i + 1));
        processes[i] = KafkaTestBroker.run(node, List.of("kafka.Kafka", node.resolve("server.properties").toString()),
                "broker-" + System.nanoTime() + ".log");
    }

    /** Brokers the cluster currently lists (0 while it cannot be asked). */
    public int brokersUp() {
        for (int i = 0; i < SIZE; i++) {
            if (processes[i] != null && !processes[i].isAlive() && processes[i].exitValue() != 137
                    && processes[i].exitValue() != 143) {
                throw new IllegalStateException("Kafka node " + (i + 1) + " exited, see " + dir.resolve("node" + (i + 1)));
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
            return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
        } catch (Exception e) {
            return 0;
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroy();
            }
        }
        for (Process p : processes) {
            if (p != null && !p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

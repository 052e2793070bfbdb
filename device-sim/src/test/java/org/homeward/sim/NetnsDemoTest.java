package org.homeward.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code scripts/netns-demo.sh} once: one device group in its own network namespace (veth pair,
 * 10.201.x.0/30 test addresses), its impairment proxy on the root-side veth address, and a local
 * mosquitto on loopback as the target; the devices' packs must arrive at the broker. Skips with the
 * script's reason when not root or when the kernel refuses network namespaces (exit 77).
 */
@Timeout(240)
class NetnsDemoTest {
    @Test
    void devicesInANamespaceReachTheBrokerThroughTheProxy(@TempDir Path dir) throws Exception {
        Path root = Path.of(System.getProperty("homeward.repo.root", "..")).toAbsolutePath().normalize();
        Path script = root.resolve("scripts/netns-demo.sh");
        assumeThat(Files.isExecutable(script)).as(script + " missing").isTrue();
        assumeThat(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")))
                .as("iproute2 'ip' not installed").isTrue();
        try (Mosquitto broker = Mosquitto.start(dir)) {
            Set<String> devices = ConcurrentHashMap.newKeySet();
            AtomicInteger packs = new AtomicInteger();
            MqttClient sub = new MqttClient("tcp://127.0.0.1:" + broker.port, "netns-sub", new MemoryPersistence());
            sub.connect(new MqttConnectionOptions());
            sub.subscribe(new MqttSubscription[] {new MqttSubscription("v1/devices/+/senml", 1)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(topic, m) -> {
                        devices.add(topic.split("/")[2]);
                        packs.incrementAndGet();
                    }});

            String java = ProcessHandle.current().info().command().orElse("java");
            String prefix = "hwt" + (ProcessHandle.current().pid() % 10_000);
            int netBase = 100 + (int) (ProcessHandle.current().pid() % 150);
            ProcessBuilder pb = new ProcessBuilder(script.toString(), "--target", "127.0.0.1:" + broker.port,
                    "--groups", "1", "--patients", "1", "--profile", "4g", "--duration", "6s",
                    "--net-base", Integer.toString(netBase), "--prefix", prefix)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("netns.log").toFile());
            pb.environment().put("SIM_CMD", java + " -Xmx256m -XX:TieredStopAtLevel=1 -cp "
                    + System.getProperty("java.class.path") + " org.homeward.sim.SimMain");
            Process p = pb.start();
            boolean done = p.waitFor(200, TimeUnit.SECONDS);
            if (!done) {
                p.destroy(); // the script's trap removes the namespaces
                p.waitFor(20, TimeUnit.SECONDS);
            }
            String log = Files.readString(dir.resolve("netns.log"));
            System.out.println(log);
            sub.disconnect();
            sub.close();

            assertThat(done).as("script finished in time").isTrue();
            assumeThat(p.exitValue()).as("netns-demo skipped: " + log.strip()).isNotEqualTo(77);
            assertThat(p.exitValue()).as(log).isZero();
            assertThat(log).contains("10.201." + (netBase + 1) + ".2 -> proxy 10.201." + (netBase + 1) + ".1:1883");
            assertThat(devices).as("devices whose packs arrived").hasSize(2)
                    .allMatch(d -> d.startsWith("d-" + prefix + "-g1-"));
            assertThat(packs.get()).isGreaterThan(2);
            assertThat(new String(new ProcessBuilder("ip", "netns", "list").start().getInputStream().readAllBytes()))
                    .as("namespaces removed").doesNotContain(prefix);
        }
    }
}

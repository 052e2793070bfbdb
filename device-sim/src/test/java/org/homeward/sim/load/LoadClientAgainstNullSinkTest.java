package org.homeward.sim.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The load client end to end against its own null sink: connects, publishes, is acknowledged, reconnects. No timing assertions. */
@Timeout(120)
class LoadClientAgainstNullSinkTest {
    @TempDir
    Path dir;

    private static List<Credentials> devices(int n) {
        List<Credentials> c = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            c.add(new Credentials("d" + i, "secret", "p" + i, "patch"));
        }
        return c;
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"MQTT_3_1_1", "MQTT_5"})
    void tenConnectionsPublishAndEveryQos1PublishIsAcknowledged(MqttVersion version) throws Exception {
        try (NullSink sink = new NullSink("127.0.0.1", 0, 1)) {
            LoadSettings s = new LoadSettings("127.0.0.1", sink.port(), version, MqttQoS.AT_LEAST_ONCE, 4, 200, 1, 600, 100);
            FleetStats stats = new FleetStats();
            try (MqttFleet fleet = new MqttFleet(s, devices(10), stats, null)) {
                MqttFleet.ConnectResult r = fleet.connectAll(0, 60_000);
                assertThat(r.connected()).isEqualTo(10);

                fleet.startMax();
                Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> stats.acked.sum() >= 300);
                fleet.stopPublishing();
                Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> stats.acked.sum() == stats.sent.sum());

                assertThat(sink.publishes.sum()).isEqualTo(stats.sent.sum());
                assertThat(stats.pubackRefused.sum()).isZero();
                assertThat(stats.publishLatency.getIntervalHistogram().getTotalCount()).isEqualTo(stats.acked.sum());
            }
        }
    }

    @Test
    void benchRunWritesJsonAndMarkdownForRampRateAndStorm() throws Exception {
        try (NullSink sink = new NullSink("127.0.0.1", 0, 1)) {
            LoadSettings s = new LoadSettings("127.0.0.1", sink.port(), MqttVersion.MQTT_3_1_1, MqttQoS.AT_LEAST_ONCE, 8, 200, 2, 600, 100);
            FleetStats stats = new FleetStats();
            Report report = new Report("test", Map.of());
            try (MqttFleet fleet = new MqttFleet(s, devices(10), stats, null)) {
                new BenchRun(fleet, stats, new ProcWatch(ProcessHandle.current().pid()), report, line -> { })
                        .run(new BenchRun.Plan(List.of("rate", "storm"), 0, 0.2, 1, 20, 0, 60_000));
            }
            report.write(dir.resolve("out"));
            assertThat(report.phases()).extracting(p -> p.get("phase")).containsExactly("ramp", "rate", "storm");
            assertThat(report.phases().get(2)).containsEntry("connected", 10).containsEntry("dropped", 10L);
            assertThat(stats.acked.sum()).isPositive();
            assertThat(Files.readString(dir.resolve("out.json"))).contains("\"phase\" : \"storm\"");
            assertThat(Files.readString(dir.resolve("out.md"))).contains("| rate | value |");
        }
    }
}

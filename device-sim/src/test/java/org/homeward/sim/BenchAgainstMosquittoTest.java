package org.homeward.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bench plumbing works with both load clients; no timing is asserted (that is what the bench reports). */
@Timeout(90)
class BenchAgainstMosquittoTest {
    @ParameterizedTest
    @ValueSource(strings = {"netty", "paho"})
    void benchConnectsPublishesAndWritesJsonAndMarkdown(String client, @TempDir Path dir) throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir)) {
            Path out = dir.resolve("results");
            int exit = SimMain.commandLine().execute("bench", "--client", client, "--mqtt", "127.0.0.1:" + broker.port,
                    "--clients", "5", "--ramp", "50", "--rate", "100", "--warmup", "300ms", "--duration", "1s",
                    "--out", out.toString());
            assertThat(exit).isZero();
            String json = Files.readString(out.resolve("bench.json"));
            assertThat(json).contains("\"connected\" : 5", "\"errors\" : 0", "p99Micros");
            assertThat(Files.readString(out.resolve("bench.md"))).contains("acked throughput");
            assertThat(json).doesNotContain("\"acked\" : 0,");
        }
    }
}

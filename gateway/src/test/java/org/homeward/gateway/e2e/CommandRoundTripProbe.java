package org.homeward.gateway.e2e;

import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A figure, not a test: how long a nurse waits from {@code POST …/commands} to the command being
 * {@code answered}, with a Paho MQTT 5 cuff that answers at once, on loopback, fsync on. Each round
 * is a durable queue, a publish, a PUBACK (durable "delivered"), an answer (durable) and a GET poll
 * every 5 ms. Prints median and max of N rounds; asserts nothing.
 * Run: {@code mvn -o -q -pl gateway -am test -Dtest=CommandRoundTripProbe -Dhomeward.probe=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "homeward.probe", matches = "true")
class CommandRoundTripProbe {
    static final int ROUNDS = 50;
    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            gw.patient("p-rt");
            String secret = gw.device("d-rt", "p-rt", "bp-cuff");
            gw.start(Map.of());
            try (CommandCuff cuff = new CommandCuff(gw.port("mqtt"), "d-rt", secret, true, "{\"status\":\"done\"}")) {
                long[] micros = new long[ROUNDS];
                for (int i = 0; i < ROUNDS; i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = gw.post("/api/patients/p-rt/devices/d-rt/commands",
                            "{\"command\":\"measure\",\"vital\":\"blood-pressure\",\"ttlSeconds\":60}");
                    String id = GatewayFixture.JSON.readTree(r.body()).path("id").asText();
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
                        for (var c : gw.getJson("/api/patients/p-rt/commands").path("commands")) {
                            if (c.path("id").asText().equals(id)) {
                                return c.path("state").asText().equals("answered");
                            }
                        }
                        return false;
                    });
                    micros[i] = (System.nanoTime() - t0) / 1000;
                }
                Arrays.sort(micros);
                System.out.printf("command round trip (POST -> answered, %d rounds): median %.1f ms, p90 %.1f ms, max %.1f ms%n",
                        ROUNDS, micros[ROUNDS / 2] / 1000.0, micros[ROUNDS * 9 / 10] / 1000.0, micros[ROUNDS - 1] / 1000.0);
            }
        }
    }
}

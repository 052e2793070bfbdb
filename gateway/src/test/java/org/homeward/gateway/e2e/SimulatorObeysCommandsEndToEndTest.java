package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.homeward.sim.SimMain;
import org.homeward.sim.provision.Credential;
import org.homeward.sim.provision.CredentialsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's cuffs obey (issue 16): with the simulator's {@code run} against a real gateway, a
 * nurse's "measure blood pressure now" reaches an MQTT 5 cuff and a CoAP/DTLS cuff (piggybacked on
 * the 2.04 of its next pack); each sends a fresh blood pressure and answers, and the API shows the
 * command answered and a blood pressure measured after the command was asked was asked. Failed before: the
 * simulator only counted commands, and the gateway never sent any.
 */
@Timeout(240)
class SimulatorObeysCommandsEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void givenSimulatedCuffsOverMqttAndCoapWhenTheNurseAsksThenEachMeasuresAndAnswers() throws Exception {
        GatewayFixture gw = new GatewayFixture(dir.resolve("data"));
        Path mqttCreds = kit(gw, "mqtt");
        Path coapCreds = kit(gw, "coap");
        try (gw) {
            gw.start(Map.of());
            CompletableFuture<Integer> mqttRun = run(gw, mqttCreds, "0");
            CompletableFuture<Integer> coapRun = run(gw, coapCreds, "1");
            for (String t : List.of("mqtt", "coap")) {
                String patient = "p-obey-" + t;
                await().atMost(Duration.ofSeconds(90)).until(() -> !Double.isNaN(gw.latest(patient, "sbp")));
                HttpResponse<String> r = gw.post("/api/patients/" + patient + "/devices/d-obey-" + t + "-bp/commands",
                        "{\"command\":\"measure\",\"vital\":\"blood-pressure\",\"ttlSeconds\":120}");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
                JsonNode asked = GatewayFixture.JSON.readTree(r.body());
                String id = asked.path("id").asText();
                await().atMost(Duration.ofSeconds(60)).until(() -> "answered".equals(command(gw, patient, id).path("state").asText()));
                assertThat(command(gw, patient, id).path("detail").asText()).as(t).startsWith("measured ").endsWith(" mmHg");
                long askedAt = Instant.parse(asked.path("createdAt").asText()).toEpochMilli();
                await().atMost(Duration.ofSeconds(30)).alias(t + ": a blood pressure measured after the command was asked")
                        .until(() -> sbpReceivedAt(gw, patient) >= askedAt);
            }
            assertThat(mqttRun.get()).isZero();
            assertThat(coapRun.get()).isZero();
        }
    }

    /** A patient with a full kit whose devices are named after the transport they will use. */
    private Path kit(GatewayFixture gw, String transport) throws Exception {
        String p = "p-obey-" + transport;
        gw.patient(p);
        List<Credential> creds = List.of(
                new Credential("d-obey-" + transport + "-patch", gw.device("d-obey-" + transport + "-patch", p, "patch"), p, "patch"),
                new Credential("d-obey-" + transport + "-oxi", gw.device("d-obey-" + transport + "-oxi", p, "oximeter"), p, "oximeter"),
                new Credential("d-obey-" + transport + "-bp", gw.device("d-obey-" + transport + "-bp", p, "bp-cuff"), p, "bp-cuff"));
        Path file = dir.resolve(transport + "-creds.json");
        CredentialsFile.write(file, creds);
        return file;
    }

    private static CompletableFuture<Integer> run(GatewayFixture gw, Path creds, String coapRatio) {
        return CompletableFuture.supplyAsync(() -> SimMain.commandLine().execute("run", "--creds", creds.toString(),
                "--patients", "1", "--scenario", "normal", "--time-scale", "900", "--duration", "45s",
                "--patch-interval", "10m", "--oximeter-interval", "10m", "--status-interval", "5m", "--progress", "10s",
                "--coap-ratio", coapRatio, "--mqtt5-ratio", "1", "--mqtt", "127.0.0.1:" + gw.port("mqtt"),
                "--coap", "127.0.0.1:" + gw.port("coaps")));
    }

    private static JsonNode command(GatewayFixture gw, String patient, String id) throws Exception {
        for (JsonNode c : gw.getJson("/api/patients/" + patient + "/commands").path("commands")) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no command " + id);
    }

    private static long sbpReceivedAt(GatewayFixture gw, String patient) throws Exception {
        for (JsonNode p : gw.getJson("/api/patients").path("patients")) {
            if (p.path("pseudonym").asText().equals(patient)) {
                return p.path("latest").path("sbp").path("atMillis").asLong(0);
            }
        }
        return 0;
    }
}

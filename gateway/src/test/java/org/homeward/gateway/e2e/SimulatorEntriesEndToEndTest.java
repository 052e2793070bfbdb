package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.homeward.sim.SimMain;
import org.homeward.sim.provision.Credential;
import org.homeward.sim.provision.CredentialsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device simulator's {@code run} against a real gateway: a neurotoxicity course at 12 simulated
 * hours per second, its devices over MQTT and its ICE neuro-checks posted over HTTP as a signed-in
 * nurse (form sign-in, session cookie, CSRF token). The gateway must raise ICANS-SUSPECT at HIGH
 * (ICE 5 entered by that nurse) — so the entries really arrived through the API and reached the rules.
 */
@Timeout(90)
class SimulatorEntriesEndToEndTest {
    private static final String PATIENT = "p-sim-neuro";

    @Test
    void iceEntriesFromTheSimulatorRaiseIcansSuspect(@TempDir Path dir) throws Exception {
        GatewayFixture gw = new GatewayFixture(dir.resolve("data"));
        gw.patient(PATIENT);
        List<Credential> creds = List.of(
                new Credential("d-sim-patch", gw.device("d-sim-patch", PATIENT, "patch"), PATIENT, "patch"),
                new Credential("d-sim-oxi", gw.device("d-sim-oxi", PATIENT, "oximeter"), PATIENT, "oximeter"),
                new Credential("d-sim-bp", gw.device("d-sim-bp", PATIENT, "bp-cuff"), PATIENT, "bp-cuff"));
        Path credsFile = dir.resolve("creds.json");
        CredentialsFile.write(credsFile, creds);
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, GatewayFixture.NURSE_PASSWORD + "\n");
        try (gw) {
            gw.start(Map.of());
            assertThat(openIcans(gw)).isNull();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream stdout = System.out;
            int exit;
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                // neurotox: ICE every 8 h, 8 from h48, 5 from h64; 7 s at 43,200x = 84 h, so the last entry is ICE 5
                exit = SimMain.commandLine().execute("run", "--creds", credsFile.toString(), "--patients", "1",
                        "--scenario", "neurotox", "--time-scale", "43200", "--duration", "7s",
                        "--patch-interval", "2s", "--oximeter-interval", "1s", "--status-interval", "5s",
                        "--progress", "2s", "--coap-ratio", "0", "--mqtt", "127.0.0.1:" + gw.port("mqtt"),
                        "--api-url", "http://127.0.0.1:" + gw.port("http"), "--api-user", GatewayFixture.NURSE,
                        "--api-password-file", passwordFile.toString());
            } finally {
                System.setOut(stdout);
            }
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(printed).isZero();
            // every ICE check of the 84 h was posted (a retry after a time-out on a loaded machine is allowed)
            assertThat(printed).contains("done: ")
                    .containsPattern("done: .* manual=10 posted=10 retried=\\d+ failed=0");

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> openIcans(gw) != null && "HIGH".equals(openIcans(gw).path("priority").asText()));
            JsonNode alarm = openIcans(gw);
            assertThat(alarm.path("evidence").asText()).contains("ICE 5/10", "by " + GatewayFixture.NURSE);
        }
    }

    private static JsonNode openIcans(GatewayFixture gw) throws Exception {
        for (JsonNode a : gw.getJson("/api/alarms?open=true").path("alarms")) {
            if (a.path("rule").asText().equals("ICANS-SUSPECT") && a.path("patient").asText().equals(PATIENT)) {
                return a;
            }
        }
        return null;
    }
}

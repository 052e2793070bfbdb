package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A patient's whole episode through the admin API of a running gateway, with a real MQTT client
 * (Paho): a CSV roster enrolled in one request; a bad roster refused naming line and field with
 * nothing written; discharge closes the open alarms with its reason, takes the patient off the
 * board and releases its devices (their connections close); a released device re-used on a new
 * patient works with its new secret; re-admission opens a new episode without the old one's
 * values; after a restart the discharged patient stays off the board.
 */
@Timeout(180)
class PatientEpisodeEndToEndTest {
    static final String ADMIN = AuditEndToEndTest.ADMIN;
    static final String ADMIN_PASSWORD = AuditEndToEndTest.ADMIN_PASSWORD;
    @TempDir
    Path dir;
    GatewayFixture gw;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final String infused = LocalDate.now().minusDays(4).toString();

    @BeforeEach
    void start() throws Exception {
        gw = new GatewayFixture(dir);
        gw.admin.addUser(ADMIN, "admin", ADMIN_PASSWORD.toCharArray(), "test");
        gw.start(Map.of());
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void givenABadRosterWhenImportedThroughTheApiThenItNamesLineAndFieldAndEnrolsNobody() throws Exception {
        String roster = "patient,infusion-date,device,kind\n"
                + "p-bad-1," + infused + ",d-bad-1,patch\n"
                + "p-bad-2," + infused + ",d-bad-2,cuff\n";

        HttpResponse<String> r = admin("POST", "/api/admin/patients/import?name=ward7.csv", roster, "text/csv");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode body = GatewayFixture.JSON.readTree(r.body());
        assertThat(body.path("field").asText()).isEqualTo("kind");
        assertThat(body.path("message").asText()).contains("ward7.csv line 3, field kind: 'cuff' is not one of");
        assertThat(admin("GET", "/api/admin/patients", null, null).body()).doesNotContain("p-bad-1");
    }

    @Test
    void givenAnEnrolledPatientWithAnOpenAlarmWhenDischargedThenAlarmsCloseDevicesAreFreedAndReadmissionStartsAfresh()
            throws Exception {
        // given: a roster of two patients and three devices, enrolled in one request
        Map<String, String> secrets = importRoster("patient,infusion-date,product,device,kind\n"
                + "p-ep-1," + infused + ",axi-cel,d-ep-1a,patch\n"
                + "p-ep-1," + infused + ",axi-cel,d-ep-1b,oximeter\n"
                + "p-ep-2," + infused + ",tisa-cel,d-ep-2a,patch\n");
        assertThat(secrets).containsOnlyKeys("d-ep-1a", "d-ep-1b", "d-ep-2a");
        MqttClient kit = gw.paho("d-ep-1a", secrets.get("d-ep-1a"));
        kit.publish("v1/devices/d-ep-1a/senml", spo2("d-ep-1a", 0.95), 1, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> gw.latest("p-ep-1", "spo2") == 95.0);
        assertThat(nurse("POST", "/api/patients/p-ep-1/entries", "{\"kind\":\"ice-score\",\"value\":5}").statusCode())
                .isIn(200, 201);
        await().atMost(Duration.ofSeconds(20)).until(() -> openAlarms("p-ep-1") > 0);

        // when: discharged through the admin API
        HttpResponse<String> d = admin("POST", "/api/admin/patients/p-ep-1/discharge",
                "{\"reason\":\"30-day monitoring completed\"}", "application/json");

        // then: off the board, every alarm closed with the reason, the devices released
        assertThat(d.statusCode()).as(d.body()).isEqualTo(200);
        assertThat(GatewayFixture.JSON.readTree(d.body()).path("state").asText()).isEqualTo("discharged");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> !onBoard("p-ep-1") && openAlarms("p-ep-1") == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("board " + gw.getJson("/api/patients") + "\nalarms " + gw.getJson("/api/alarms"), e);
        }
        JsonNode closed = alarmsOf("p-ep-1");
        // the released kit's disconnect ends the episode: no DEVICE-OFFLINE alarm
        assertThat(closed).extracting(a -> a.path("rule").asText()).containsExactly("ICANS-SUSPECT");
        assertThat(closed).allSatisfy(a -> {
            assertThat(a.path("state").asText()).isEqualTo("RESOLVED");
            assertThat(a.path("note").asText()).contains("30-day monitoring completed");
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> !kit.isConnected());
        kit.close(true);
        assertThatThrownBy(() -> gw.paho("d-ep-1a", secrets.get("d-ep-1a"))).isInstanceOf(MqttException.class);
        assertThat(onBoard("p-ep-2")).isTrue();
        JsonNode listed = GatewayFixture.JSON.readTree(admin("GET", "/api/admin/patients", null, null).body());
        assertThat(listed.path("patients")).anySatisfy(p -> {
            assertThat(p.path("patientId").asText()).isEqualTo("p-ep-1");
            assertThat(p.path("state").asText()).isEqualTo("discharged");
            assertThat(p.path("dischargeReason").asText()).isEqualTo("30-day monitoring completed");
        });

        // a released device handed to a new patient works with its new secret
        Map<String, String> reused = importRoster("patient,infusion-date,device,kind\n"
                + "p-ep-3," + infused + ",d-ep-1a,patch\n");
        MqttClient again = gw.paho("d-ep-1a", reused.get("d-ep-1a"));
        again.publish("v1/devices/d-ep-1a/senml", spo2("d-ep-1a", 0.97), 1, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> gw.latest("p-ep-3", "spo2") == 97.0);
        again.disconnect();
        again.close();

        // re-admission: a new episode, back on the board without the first episode's values
        HttpResponse<String> readmit = admin("POST", "/api/admin/patients",
                "{\"patient\":\"p-ep-1\",\"infusionDate\":\"" + infused + "\"}", "application/json");
        assertThat(readmit.statusCode()).as(readmit.body()).isEqualTo(201);
        assertThat(GatewayFixture.JSON.readTree(readmit.body()).path("episode").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> onBoard("p-ep-1"));
        assertThat(gw.latest("p-ep-1", "spo2")).isNaN();

        // after a restart: p-ep-2 and the re-admitted p-ep-1 (still without old values), no old alarm open
        gw.stop();
        gw.startAgainOnSamePorts(Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> onBoard("p-ep-2"));
        assertThat(onBoard("p-ep-1")).isTrue();
        assertThat(gw.latest("p-ep-1", "spo2")).isNaN();
        assertThat(openAlarms("p-ep-1")).isZero();
    }

    private Map<String, String> importRoster(String csv) throws Exception {
        HttpResponse<String> r = admin("POST", "/api/admin/patients/import", csv, "text/csv");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Map<String, String> secrets = new HashMap<>();
        GatewayFixture.JSON.readTree(r.body()).path("devices").forEach(d ->
                secrets.put(d.path("deviceId").asText(), d.path("secret").asText()));
        return secrets;
    }

    private static byte[] spo2(String device, double ratio) {
        return ("[{\"bn\":\"urn:dev:" + device + ":\",\"n\":\"spo2\",\"u\":\"/\",\"v\":" + ratio + "}]")
                .getBytes(StandardCharsets.UTF_8);
    }

    private boolean onBoard(String patient) throws Exception {
        for (JsonNode p : gw.getJson("/api/patients").path("patients")) {
            if (p.path("pseudonym").asText().equals(patient)) {
                return true;
            }
        }
        return false;
    }

    private int openAlarms(String patient) throws Exception {
        int n = 0;
        for (JsonNode a : gw.getJson("/api/alarms?open=true").path("alarms")) {
            n += a.path("patient").asText().equals(patient) ? 1 : 0;
        }
        return n;
    }

    private JsonNode alarmsOf(String patient) throws Exception {
        var out = GatewayFixture.JSON.createArrayNode();
        for (JsonNode a : gw.getJson("/api/alarms?open=false").path("alarms")) {
            if (a.path("patient").asText().equals(patient)) {
                out.add(a);
            }
        }
        return out;
    }

    private HttpResponse<String> admin(String method, String path, String body, String type) throws Exception {
        return send(method, path, body, type, ADMIN, ADMIN_PASSWORD);
    }

    private HttpResponse<String> nurse(String method, String path, String body) throws Exception {
        return send(method, path, body, "application/json", GatewayFixture.NURSE, GatewayFixture.NURSE_PASSWORD);
    }

    private HttpResponse<String> send(String method, String path, String body, String type, String user, String password)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port("http") + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

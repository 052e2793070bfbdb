package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.homeward.gateway.GatewayMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-patient thresholds through the product on a whole gateway: a nurse may read but not change
 * them (403), an unauthenticated caller gets 401, a cookie session needs the CSRF token, every bad
 * value is a 400 naming the field; an admin's change applies at once (a temperature that was normal
 * now raises CRS-FEVER), shows who/when/why, is in the hash-chained audit log with old and new
 * values, survives a restart, and the automatic alarm transition is audited as {@code system}
 * exactly once across the restart.
 */
@Timeout(180)
class ThresholdsEndToEndTest {
    static final Path SHIPPED = Path.of(System.getProperty("homeward.repo.root", "..")).resolve("config/gateway.yaml");
    static final String ADMIN = "admin1";
    static final String ADMIN_PASSWORD = "admin1-password";
    static final String PATIENT = "p-thr";
    static final String PATH = "/api/patients/" + PATIENT + "/thresholds";
    @TempDir
    Path dir;
    GatewayFixture gw;
    String secret;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void anAdminChangesAPatientsThresholdsWithAReasonAndTheChangeIsAppliedAuditedAndDurable() throws Exception {
        gw = new GatewayFixture(dir);
        gw.admin.addUser(ADMIN, "admin", ADMIN_PASSWORD.toCharArray(), "test");
        gw.patient(PATIENT);
        secret = gw.device("d-thr", PATIENT, "patch");
        gw.start(Map.of());

        // given: programme values, readable by a nurse; nobody else may change them
        assertThat(send(request(PATH), null).statusCode()).isEqualTo(401);
        assertThat(send(put(PATH, "{\"feverC\":37.5,\"reason\":\"x\"}"), null).statusCode()).isEqualTo(401);
        JsonNode before = json(send(request(PATH), GatewayFixture.NURSE + ":" + GatewayFixture.NURSE_PASSWORD));
        assertThat(before.path("current").path("feverC").asDouble()).isEqualTo(38.0);
        assertThat(before.path("history")).isEmpty();
        HttpResponse<String> nurse = send(put(PATH, "{\"feverC\":37.5,\"reason\":\"x\"}"),
                GatewayFixture.NURSE + ":" + GatewayFixture.NURSE_PASSWORD);
        assertThat(nurse.statusCode()).as(nurse.body()).isEqualTo(403);

        String[] session = login();
        HttpRequest.Builder noToken = put(PATH, "{\"feverC\":37.5,\"reason\":\"x\"}").header("Cookie", session[0]);
        assertThat(send(noToken, null).body()).contains("csrf");
        double bad0 = gw.metric("homeward_http_requests_total", "route=\"/api/patients/{id}/thresholds\"", "4xx");
        assertBad(session, "{\"feverC\":41,\"reason\":\"x\"}", "feverC must be between 37.5 and 40");
        assertBad(session, "{\"news2Spo2Scale\":3,\"reason\":\"x\"}", "news2Spo2Scale must be between 1 and 2");
        assertBad(session, "{\"feverSamples\":1.5,\"reason\":\"x\"}", "feverSamples must be a whole number");
        assertBad(session, "{\"sbpLow\":\"90\",\"reason\":\"x\"}", "sbpLow must be a number");
        assertBad(session, "{\"feverC\":37.5}", "reason is required");
        assertBad(session, "{\"feverC\":37.5,\"reason\":\"   \"}", "reason is required");
        assertBad(session, "{\"fever\":37.5,\"reason\":\"x\"}", "unknown field fever");
        assertBad(session, "{\"reason\":\"x\"}", "no threshold given");
        assertThat(gw.metric("homeward_http_requests_total", "route=\"/api/patients/{id}/thresholds\"", "4xx") - bad0)
                .as("each bad request counted on the route").isGreaterThanOrEqualTo(8);

        MqttClient patch = connect();
        try {
            // a 37.8 °C patch reading is normal under the programme's 38.0 °C
            publish(patch, 37.8);
            await().atMost(Duration.ofSeconds(30)).until(() -> gw.latest(PATIENT, "temp") == 37.8);
            assertThat(openRules()).doesNotContain("CRS-FEVER");

            // when: the admin lowers the limit and confirms on one sample (reason required)
            HttpResponse<String> ok = send(put(PATH, "{\"feverC\":37.5,\"feverSamples\":1,\"feverMinutes\":0,"
                    + "\"news2Spo2Scale\":2,\"reason\":\"neutropenic, fever at 37.5 per Dr B\"}")
                    .header("Cookie", session[0]).header("X-CSRF-Token", session[1]), null);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            JsonNode after = json(ok);
            assertThat(after.path("current").path("feverC").asDouble()).isEqualTo(37.5);
            assertThat(after.path("programme").path("feverC").asDouble()).isEqualTo(38.0);
            assertThat(after.path("differsFromProgramme").toString()).contains("feverC", "news2Spo2Scale");
            assertHistory(after);

            // then: the same kind of reading now raises the fever alarm
            publish(patch, 37.9);
            await().atMost(Duration.ofSeconds(30)).until(() -> openRules().contains("CRS-FEVER"));
        } finally {
            patch.disconnectForcibly(1000, 1000);
            patch.close(true);
        }
        JsonNode p = gw.getJson("/api/patients/" + PATIENT);
        assertThat(p.path("news2").path("spo2Scale").asInt()).isEqualTo(2);
        JsonNode alarms = gw.getJson("/api/patients/" + PATIENT + "/alarms?since=-1h");
        assertThat(alarms.path("alarms")).anySatisfy(a -> {
            assertThat(a.path("rule").asText()).isEqualTo("CRS-FEVER");
            assertThat(a.path("transitions")).isNotEmpty();
            assertThat(a.path("transitions").get(0).path("state").asText()).isEqualTo("ACTIVE");
        });

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(audit(ADMIN, "thresholds.change")).singleElement().satisfies(l -> {
                assertThat(l.path("details").path("patient").asText()).isEqualTo(PATIENT);
                assertThat(l.path("details").path("changed").asText()).contains("feverC 38.0→37.5")
                        .contains("news2Spo2Scale 1→2");
                assertThat(l.path("details").path("reason").asText()).isEqualTo("neutropenic, fever at 37.5 per Dr B");
            });
            assertThat(audit("system", "alarm.raised")).anyMatch(l -> l.path("details").path("rule").asText()
                    .equals("CRS-FEVER"));
            assertThat(audit(GatewayFixture.NURSE, "thresholds.change.refused")).hasSize(1);
        });
        long raisedBefore = audit("system", "alarm.raised").size();

        // a restart replays the change: same values, same history, no duplicated audit lines
        gw.stop();
        gw.start(Map.of());
        JsonNode replayed = json(send(request(PATH), GatewayFixture.NURSE + ":" + GatewayFixture.NURSE_PASSWORD));
        assertThat(replayed.path("current").path("feverC").asDouble()).isEqualTo(37.5);
        assertThat(replayed.path("current").path("news2Spo2Scale").asInt()).isEqualTo(2);
        assertHistory(replayed);
        assertThat(openRules()).contains("CRS-FEVER");
        await().atMost(Duration.ofSeconds(20)).until(() -> audit(GatewayFixture.NURSE, "view.thresholds").size() >= 2);
        assertThat(audit("system", "alarm.raised")).hasSize((int) raisedBefore);

        StringWriter out = new StringWriter();
        int code = GatewayMain.run(new String[] {"audit", "verify", "--config", SHIPPED.toString(), "--set",
                "data.dir=" + dir}, new PrintWriter(out, true), new PrintWriter(out, true));
        assertThat(code).as(out.toString()).isZero();
    }

    private static void assertHistory(JsonNode t) {
        assertThat(t.path("history")).singleElement().satisfies(h -> {
            assertThat(h.path("user").asText()).isEqualTo(ADMIN);
            assertThat(h.path("reason").asText()).isEqualTo("neutropenic, fever at 37.5 per Dr B");
            assertThat(h.path("atMillis").asLong()).isPositive();
            assertThat(h.path("at").asText()).endsWith("Z");
            assertThat(h.path("before").path("feverC").asDouble()).isEqualTo(38.0);
            assertThat(h.path("after").path("feverC").asDouble()).isEqualTo(37.5);
        });
    }

    private void assertBad(String[] session, String body, String message) throws Exception {
        HttpResponse<String> r = send(put(PATH, body).header("Cookie", session[0]).header("X-CSRF-Token", session[1]),
                null);
        assertThat(r.statusCode()).as(body + " -> " + r.body()).isEqualTo(400);
        assertThat(r.body()).as(body).contains(message);
    }

    private List<String> openRules() throws Exception {
        List<String> out = new ArrayList<>();
        gw.getJson("/api/patients/" + PATIENT).path("alarms").forEach(a -> out.add(a.path("rule").asText()));
        return out;
    }

    private List<JsonNode> audit(String actor, String action) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        Path file = dir.resolve("audit/audit.log");
        if (!Files.exists(file)) {
            return out;
        }
        for (String l : Files.readAllLines(file)) {
            JsonNode n = GatewayFixture.JSON.readTree(l);
            if (n.path("actor").asText().equals(actor) && n.path("action").asText().equals(action)) {
                out.add(n);
            }
        }
        return out;
    }

    private MqttClient connect() throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + gw.port("mqtt"), "c-thr-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName("d-thr");
        o.setPassword(secret.toCharArray());
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(20);
        c.setTimeToWait(20_000);
        c.connect(o);
        return c;
    }

    private static void publish(MqttClient c, double temp) throws Exception {
        c.publish("v1/devices/d-thr/senml", ("[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":" + temp + "}]")
                .getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** Signs the admin in with the form; returns {session cookie, CSRF token}. */
    private String[] login() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=" + ADMIN + "&password=" + ADMIN_PASSWORD)), null);
        String cookie = cookie(r, "hw_session=");
        String csrf = cookie(r, "hw_csrf=");
        return new String[] {cookie, csrf.substring("hw_csrf=".length())};
    }

    private static String cookie(HttpResponse<String> r, String prefix) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(prefix)).findFirst()
                .orElseThrow().split(";")[0];
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gw.port("http") + path);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path));
    }

    private HttpRequest.Builder put(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder b, String basic) throws Exception {
        if (basic != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return GatewayFixture.JSON.readTree(r.body());
    }
}

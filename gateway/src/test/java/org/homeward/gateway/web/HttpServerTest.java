package org.homeward.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Priority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private TestServer server;

    @BeforeEach
    void start() throws InterruptedException {
        server = new TestServer().start();
        server.query.put(FakePatientQuery.alarm("A-1", "P-001", Priority.HIGH, server.clock.millis()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void api_without_credentials_is_401_and_reveals_no_patient_data() throws Exception {
        HttpResponse<String> r = send(get("/api/patients"));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("\"unauthorized\"").doesNotContain("P-001").doesNotContain("Bed A");
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(send(get("/api/alarms?open=true")).statusCode()).isEqualTo(401);
    }

    @Test
    void the_page_redirects_to_login_when_not_signed_in() throws Exception {
        HttpResponse<String> r = send(req("/").header("Accept", "text/html").build());

        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/login");
        assertThat(send(req("/login").build()).body()).contains("<form");
    }

    @Test
    void login_sets_a_strict_http_only_session_cookie_and_a_readable_csrf_cookie() throws Exception {
        HttpResponse<String> r = login(TestServer.NURSE, TestServer.PASSWORD);

        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/");
        List<String> cookies = r.headers().allValues("Set-Cookie");
        String session = cookies.stream().filter(c -> c.startsWith("hw_session=")).findFirst().orElseThrow();
        assertThat(session).contains("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200").doesNotContain("Secure");
        String csrf = cookies.stream().filter(c -> c.startsWith("hw_csrf=")).findFirst().orElseThrow();
        assertThat(csrf).contains("SameSite=Strict").doesNotContain("HttpOnly");

        HttpResponse<String> patients = send(req("/api/patients").header("Cookie", cookie(r)).build());
        assertThat(patients.statusCode()).isEqualTo(200);
        JsonNode list = json(patients).get("patients");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("pseudonym").asText()).as("HIGH alarm sorts first").isEqualTo("P-001");
        assertThat(list.get(0).at("/latest/temp/unit").asText()).isEqualTo("°C");
        assertThat(list.get(0).at("/latest/spo2/quality").asText()).isEqualTo("low_confidence");
        assertThat(list.get(0).at("/news2/partial").asBoolean()).isTrue();
    }

    @Test
    void secure_cookie_setting_adds_secure() throws Exception {
        server.close();
        HttpSettings s = TestServer.settings();
        server = new TestServer(new HttpSettings(s.bindAddress(), 0, s.maxBodyBytes(), s.sessionTtl(), s.sessionIdle(),
                s.maxSessions(), true, false, 5, s.idleTimeout(), s.heartbeatInterval(), 256, 60, 0,
                s.maxConnections(), s.maxConnectionsPerAddress(), s.requestTimeout())).start();

        assertThat(login(TestServer.NURSE, TestServer.PASSWORD).headers().allValues("Set-Cookie"))
                .allSatisfy(c -> assertThat(c).contains("; Secure"));
    }

    @Test
    void wrong_password_redirects_back_to_login() throws Exception {
        HttpResponse<String> r = login(TestServer.NURSE, "wrong");

        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/login?failed=1");
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void cookie_post_without_csrf_token_is_403_and_with_it_records_the_signed_in_user() throws Exception {
        String cookie = cookie(login(TestServer.NURSE, TestServer.PASSWORD));
        String csrf = json(send(req("/api/me").header("Cookie", cookie).build())).get("csrfToken").asText();

        HttpResponse<String> refused = send(post("/api/alarms/A-1/ack", "{\"note\":\"called\"}").header("Cookie", cookie).build());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("csrf");
        assertThat(server.query.alarms.get("A-1").state()).isEqualTo(AlarmState.ACTIVE);

        HttpResponse<String> ok = send(post("/api/alarms/A-1/ack", "{\"note\":\"called caregiver\",\"user\":\"mallory\"}")
                .header("Cookie", cookie).header("X-CSRF-Token", csrf).build());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).get("user").asText()).isEqualTo(TestServer.NURSE);
        assertThat(server.query.alarms.get("A-1").user()).isEqualTo(TestServer.NURSE);
        assertThat(server.query.alarms.get("A-1").note()).isEqualTo("called caregiver");
    }

    @Test
    void basic_auth_needs_no_csrf_token() throws Exception {
        HttpResponse<String> r = send(post("/api/alarms/A-1/ack", "{\"note\":\"script\"}")
                .header("Authorization", TestServer.basic(TestServer.NURSE, TestServer.PASSWORD)).build());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(server.query.alarms.get("A-1").state()).isEqualTo(AlarmState.ACKNOWLEDGED);
        assertThat(server.query.alarms.get("A-1").user()).isEqualTo(TestServer.NURSE);
    }

    @Test
    void unknown_alarm_is_404_and_a_role_without_care_rights_is_403() throws Exception {
        assertThat(send(post("/api/alarms/NOPE/ack", "{}").header("Authorization", nurse()).build()).statusCode())
                .isEqualTo(404);
        assertThat(send(req("/api/patients").header("Authorization", TestServer.basic("guest1", TestServer.PASSWORD))
                .build()).statusCode()).isEqualTo(403);
    }

    @Test
    void oversize_body_is_413() throws Exception {
        String big = "{\"note\":\"" + "x".repeat(70 * 1024) + "\"}";

        HttpResponse<String> r = send(post("/api/alarms/A-1/ack", big).header("Authorization", nurse()).build());

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("too_large");
        assertThat(server.query.alarms.get("A-1").state()).isEqualTo(AlarmState.ACTIVE);
    }

    @Test
    void bad_json_is_400_with_a_specific_message() throws Exception {
        HttpResponse<String> r = send(post("/api/alarms/A-1/ack", "{\"note\": ").header("Authorization", nurse()).build());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo("bad_json");
        assertThat(json(r).get("message").asText()).contains("not valid JSON");
    }

    @Test
    void repeated_failed_logins_are_throttled_with_429_even_for_the_right_password() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(login(TestServer.NURSE, "wrong-" + i).statusCode()).isEqualTo(303);
        }

        HttpResponse<String> r = login(TestServer.NURSE, TestServer.PASSWORD);

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void unknown_route_is_404_json_and_responses_are_counted_by_route_template() throws Exception {
        HttpResponse<String> r = send(req("/api/nothing").header("Authorization", nurse()).build());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).get("error").asText()).isEqualTo("not_found");

        send(req("/api/patients/P-001").header("Authorization", nurse()).build());

        assertThat(server.count("/api/patients/{id}", "2xx")).isEqualTo(1.0);
        assertThat(server.count("unmatched", "4xx")).isEqualTo(1.0);
        HttpResponse<String> metrics = send(req("/metrics").build());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("homeward_http_requests_total").doesNotContain("P-001");
    }

    @Test
    void health_is_open_json() throws Exception {
        HttpResponse<String> r = send(req("/health").build());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void vitals_history_accepts_relative_since_and_refuses_garbage() throws Exception {
        long now = server.clock.millis();
        server.query.history.add(new org.homeward.gateway.domain.Reading("dev", "P-001",
                org.homeward.gateway.domain.Vital.TEMP, 38.1, now - 3_600_000, now - 3_599_000,
                org.homeward.gateway.domain.Quality.OK, "Cel", false));

        HttpResponse<String> ok = send(req("/api/patients/P-001/vitals?since=-24h").header("Authorization", nurse()).build());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).at("/series/temp/points/0/1").asDouble()).isEqualTo(38.1);

        HttpResponse<String> bad = send(req("/api/patients/P-001/vitals?since=yesterday").header("Authorization", nurse()).build());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("error").asText()).isEqualTo("bad_since");
    }

    @Test
    void manual_entry_is_validated_and_recorded_with_the_signed_in_user() throws Exception {
        HttpResponse<String> bad = send(post("/api/patients/P-001/entries", "{\"kind\":\"ICE_SCORE\",\"value\":11}")
                .header("Authorization", nurse()).build());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(server.commands.entries).isEmpty();

        HttpResponse<String> ok = send(post("/api/patients/P-001/entries", "{\"kind\":\"acvpu\",\"level\":\"C\"}")
                .header("Authorization", nurse()).build());
        assertThat(ok.statusCode()).isEqualTo(201);
        ManualEntry e = server.commands.entries.get(0);
        assertThat(e.kind()).isEqualTo(ManualEntry.Kind.ACVPU);
        assertThat(e.value()).isEqualTo(1.0);
        assertThat(e.user()).isEqualTo(TestServer.NURSE);
    }

    @Test
    void logout_ends_the_session() throws Exception {
        String cookie = cookie(login(TestServer.NURSE, TestServer.PASSWORD));
        String csrf = json(send(req("/api/me").header("Cookie", cookie).build())).get("csrfToken").asText();

        HttpResponse<String> out = send(post("/logout", "").header("Cookie", cookie).header("X-CSRF-Token", csrf).build());

        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(send(req("/api/me").header("Cookie", cookie).build()).statusCode()).isEqualTo(401);
    }

    @Test
    void pipelined_requests_are_answered_in_request_order() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port)) {
            socket.setSoTimeout(20_000);
            // The first needs a password check on the auth pool; the second is answered at once.
            socket.getOutputStream().write(("GET /api/patients HTTP/1.1\r\nHost: x\r\nAuthorization: " + nurse()
                    + "\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[8192];
            while (!got.toString().contains("\"UP\"")) {
                int n = socket.getInputStream().read(buf);
                assertThat(n).as("connection open").isPositive();
                got.append(new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(got.indexOf("P-001")).isPositive().isLessThan(got.indexOf("\"UP\""));
        }
    }

    private String nurse() {
        return TestServer.basic(TestServer.NURSE, TestServer.PASSWORD);
    }

    private HttpResponse<String> login(String user, String password) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(server.uri("/login")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=" + user + "&password=" + password)).build());
    }

    private static String cookie(HttpResponse<?> login) {
        return login.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';')))
                .reduce((a, b) -> a + "; " + b).orElseThrow();
    }

    private HttpRequest get(String path) {
        return req(path).build();
    }

    private HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(20)).GET();
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JsonViews.MAPPER.readTree(r.body());
    }
}

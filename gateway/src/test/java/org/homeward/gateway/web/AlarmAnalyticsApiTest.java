package org.homeward.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AlarmAnalyticsApiTest {
    private static final long DAY = 86_400_000L;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private TestServer server;

    @BeforeEach
    void start() throws InterruptedException {
        server = new TestServer().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rates_time_to_acknowledge_and_shares_cover_the_alarms_raised_in_the_window() throws Exception {
        long now = server.clock.millis();
        // given two patients, three HIGH fevers in the last week (open, acknowledged after 2 min, auto-cleared)
        // and one LOW gap ten days ago
        server.query.put(alarm("A-open", "CRS-FEVER", Priority.HIGH, AlarmState.ACTIVE, now - DAY, now - DAY, null));
        server.query.put(alarm("A-ack", "CRS-FEVER", Priority.HIGH, AlarmState.ACKNOWLEDGED, now - 2 * DAY,
                now - 2 * DAY + 120_000, "nurse1"));
        server.query.put(alarm("A-auto", "CRS-FEVER", Priority.HIGH, AlarmState.RESOLVED, now - 3 * DAY,
                now - 3 * DAY + 600_000, null));
        server.query.put(alarm("A-old", "DATA-GAP", Priority.LOW, AlarmState.RESOLVED, now - 10 * DAY,
                now - 10 * DAY, null));

        HttpResponse<String> r = send(get("/api/analytics/alarms?days=7"));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode n = JsonViews.MAPPER.readTree(r.body());
        assertThat(n.get("alarms").asInt()).isEqualTo(3);
        assertThat(n.get("patientDays").asDouble()).isEqualTo(14.0);
        assertThat(n.at("/alarmsPerPatientDay/CRS-FEVER/HIGH").asDouble()).isCloseTo(3 / 14.0, within(1e-9));
        assertThat(n.at("/alarmsPerPatientDay/DATA-GAP").isMissingNode()).isTrue();
        assertThat(n.at("/timeToAcknowledge/HIGH/count").asInt()).isEqualTo(1);
        assertThat(n.at("/timeToAcknowledge/HIGH/medianSeconds").asDouble()).isEqualTo(120.0);
        assertThat(n.get("resolved").asInt()).isEqualTo(1);
        assertThat(n.get("autoCleared").asInt()).isEqualTo(1);
        assertThat(n.get("basis").asText()).contains("current value");
    }

    @Test
    void the_default_window_is_a_week_and_a_bad_window_is_400() throws Exception {
        long now = server.clock.millis();
        server.query.put(alarm("A-8d", "TACHY", Priority.MEDIUM, AlarmState.ACTIVE, now - 8 * DAY, now - 8 * DAY, null));

        JsonNode week = JsonViews.MAPPER.readTree(send(get("/api/analytics/alarms")).body());
        JsonNode month = JsonViews.MAPPER.readTree(send(get("/api/analytics/alarms?days=30")).body());

        assertThat(week.get("days").asInt()).isEqualTo(7);
        assertThat(week.get("alarms").asInt()).isZero();
        assertThat(month.at("/alarmsPerPatientDay/TACHY/MEDIUM").asDouble()).isCloseTo(1 / 60.0, within(1e-9));
        for (String bad : new String[] {"0", "91", "abc", "-1", "7.5"}) {
            HttpResponse<String> r = send(get("/api/analytics/alarms?days=" + bad));
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).contains("bad_days");
        }
    }

    @Test
    void analytics_need_credentials() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(server.uri("/api/analytics/alarms"))
                .timeout(Duration.ofSeconds(20)).GET().build());
        assertThat(r.statusCode()).isEqualTo(401);
    }

    private static Alarm alarm(String id, String rule, Priority p, AlarmState state, long onset, long changed, String user) {
        return new Alarm(id, "P-001", rule, AlarmKind.PHYSIOLOGICAL, p, state, onset, changed, user, null, "", 0, null);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", TestServer.basic(TestServer.NURSE, TestServer.PASSWORD)).GET().build();
    }

    private HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }
}

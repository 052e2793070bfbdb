package org.homeward.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The nurse view's third-party files come from the WebJar, and the patient JSON carries baselines. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NurseViewAssetsTest {
    private static final Pattern WEBJAR_REF = Pattern.compile("/webjars/[A-Za-z0-9._/-]+");
    private TestServer server;
    private Client client;

    @BeforeEach
    void start() throws InterruptedException {
        server = new TestServer().start();
        client = new Client(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void uplot_is_served_from_its_webjar_with_its_content_type_cached_for_a_year_without_sign_in() throws Exception {
        HttpResponse<String> js = send(get("/webjars/uplot/1.6.30/dist/uPlot.esm.js"));
        HttpResponse<String> css = send(get("/webjars/uplot/1.6.30/dist/uPlot.min.css"));

        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(js.headers().allValues("Cache-Control")).containsExactly("public, max-age=31536000, immutable");
        assertThat(js.body()).contains("export { uPlot as default }");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
        assertThat(css.body()).contains(".uplot");
    }

    @Test
    void our_own_files_are_never_cached_and_nothing_else_from_the_class_path_is_served() throws Exception {
        HttpResponse<String> app = send(get("/app.js"));
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.headers().allValues("Cache-Control")).containsExactly("no-store");

        assertThat(send(get("/webjars/uplot/1.6.30/dist/uPlot.iife.js")).statusCode()).isEqualTo(401);
        assertThat(send(get("/webjars/uplot/1.6.30/../../../../META-INF/MANIFEST.MF")).statusCode()).isIn(400, 401, 404);
    }

    @Test
    void every_webjar_file_the_page_refers_to_is_served() throws Exception {
        List<String> refs = new ArrayList<>();
        for (String f : List.of("index.html", "trend.js")) {
            Matcher m = WEBJAR_REF.matcher(resource("/web/" + f));
            while (m.find()) {
                refs.add(m.group());
            }
        }

        assertThat(refs).hasSizeGreaterThanOrEqualTo(2);
        for (String ref : refs) {
            assertThat(send(get(ref)).statusCode()).as(ref).isEqualTo(200);
        }
    }

    @Test
    void the_patient_json_carries_the_baseline_band_when_there_is_one() throws Exception {
        server.query.put(FakePatientQuery.withTempBaseline(FakePatientQuery.patient("P-001", "Bed A", 38.4, 95,
                server.clock.millis())));

        JsonNode withBaseline = json(send(authed("/api/patients/P-001")));
        JsonNode without = json(send(authed("/api/patients/P-002")));

        JsonNode temp = withBaseline.at("/baselines/temp");
        assertThat(temp.path("mean").asDouble()).isEqualTo(36.8);
        assertThat(temp.path("sd").asDouble()).isEqualTo(0.2);
        assertThat(temp.path("low").asDouble()).isCloseTo(36.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(temp.path("high").asDouble()).isCloseTo(37.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(temp.path("bandSd").asDouble()).isEqualTo(2.0);
        assertThat(temp.path("samples").asInt()).isEqualTo(140);
        assertThat(temp.path("complete").asBoolean()).isTrue();
        assertThat(temp.path("configured").asBoolean()).isFalse();
        assertThat(without.path("baselines").isObject()).isTrue();
        assertThat(without.path("baselines").size()).isZero();
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = NurseViewAssetsTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private HttpRequest get(String path) {
        return client.request(path).build();
    }

    private HttpRequest authed(String path) {
        return client.request(path).header("Authorization", TestServer.basic(TestServer.NURSE, TestServer.PASSWORD)).build();
    }

    private HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return client.http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JsonViews.MAPPER.readTree(r.body());
    }

    /** Plain GETs against the test server. */
    private record Client(TestServer server, HttpClient http) {
        Client(TestServer server) {
            this(server, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(20)).GET();
        }
    }
}

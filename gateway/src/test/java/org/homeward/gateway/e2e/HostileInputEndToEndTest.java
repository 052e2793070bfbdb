package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input against a whole gateway: each gets its specific refusal, and afterwards the gateway
 * is healthy and every reading acknowledged before is still there. HTTP: forged and malformed
 * cookies, wrong CSRF tokens, oversized bodies and headers, garbage instead of HTTP. CoAP: 20,000
 * random, truncated and mutated datagrams at the plain lab listener.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
class HostileInputEndToEndTest {
    @TempDir
    static Path dir;
    GatewayFixture gw;
    String secret;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void start() throws Exception {
        gw = new GatewayFixture(dir);
        gw.patient("p-hostile");
        secret = gw.device("d-hostile", "p-hostile", "patch");
        gw.start(Map.of("coap.enabled", "true", "coap.port", "0", "http.max-body-bytes", "4KiB",
                "ingest.device-rate", "0"));
        CoapResponse acked = labPost("[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":37.7}]");
        assertThat(acked.getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(gw.latest("p-hostile", "temp")).isCloseTo(37.7, within(1e-9)));
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    private String labUri() {
        return "coap://127.0.0.1:" + gw.port("coap") + "/v1/senml?d=d-hostile&k=" + secret;
    }

    private CoapResponse labPost(String pack) throws Exception {
        // an endpoint with an in-memory configuration: Californium's default one would write
        // Californium3.properties into the working directory (CoapLabListenerTest forbids that)
        org.eclipse.californium.core.network.CoapEndpoint endpoint = new org.eclipse.californium.core.network
                .CoapEndpoint.Builder().setConfiguration(new org.eclipse.californium.elements.config.Configuration(
                        org.eclipse.californium.core.config.CoapConfig.DEFINITIONS,
                        org.eclipse.californium.elements.config.UdpConfig.DEFINITIONS,
                        org.eclipse.californium.elements.config.SystemConfig.DEFINITIONS)).build();
        CoapClient c = new CoapClient(labUri());
        c.setEndpoint(endpoint);
        c.setTimeout(30_000L);
        try {
            return c.post(pack, 110);
        } finally {
            c.shutdown();
            endpoint.destroy();
        }
    }

    /** /health is UP and the reading acknowledged before the attack is still in the patient's history. */
    private void assertHealthyAndIntact() throws Exception {
        HttpResponse<String> health = gw.get("/health", false);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode points = gw.getJson("/api/patients/p-hostile/vitals?since=-24h")
                .path("series").path("temp").path("points");
        assertThat(points).as("temp history").anyMatch(p -> Math.abs(p.get(1).asDouble() - 37.7) < 1e-4);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gw.port("http") + path);
    }

    private String sessionCookie() throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=" + GatewayFixture.NURSE + "&password="
                        + GatewayFixture.NURSE_PASSWORD)));
        return login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("hw_session="))
                .findFirst().orElseThrow().split(";")[0];
    }

    @Test
    void badCookiesAndBadCsrfTokensAreRefusedSpecifically() throws Exception {
        for (String cookie : new String[] {"hw_session=forged", "hw_session=" + "A".repeat(3000), "hw_session=;;;==,,",
                "hw_session=%00%01\"quoted\"", "=; =; hw_session"}) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/patients")).header("Cookie", cookie));
            assertThat(r.statusCode()).as(cookie).isEqualTo(401);
            assertThat(r.body()).doesNotContain("p-hostile");
        }
        assertThat(raw("GET /api/patients HTTP/1.1\r\nHost: x\r\nCookie: hw_session=\u0001\u0002\u00ff\r\n\r\n"))
                .matches("(?s)HTTP/1.1 40[01] .*").doesNotContain("p-hostile");
        String session = sessionCookie();
        for (String token : new String[] {null, "", "wrong", "x".repeat(500)}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/patients/p-hostile/entries"))
                    .header("Cookie", session).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"temperature\",\"value\":40.1}"));
            if (token != null) {
                b.header("X-CSRF-Token", token);
            }
            HttpResponse<String> r = send(b);
            assertThat(r.statusCode()).as("csrf token %s", token).isEqualTo(403);
            assertThat(r.body()).contains("csrf");
        }
        assertHealthyAndIntact();
    }

    @Test
    void oversizedBodiesAndHeadersAndGarbageGetSpecificStatuses() throws Exception {
        HttpResponse<String> big = send(HttpRequest.newBuilder(uri("/api/alarms/a1/ack"))
                .header("Authorization", basic()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"" + "x".repeat(10_000) + "\"}")));
        assertThat(big.statusCode()).isEqualTo(413);
        HttpResponse<String> badJson = send(HttpRequest.newBuilder(uri("/api/alarms/a1/ack"))
                .header("Authorization", basic()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"note\":")));
        assertThat(badJson.statusCode()).isEqualTo(400);

        assertThat(raw("GARBAGE\r\n\r\n")).satisfiesAnyOf(s -> assertThat(s).startsWith("HTTP/1.1 400"),
                s -> assertThat(s).isEmpty());
        assertThat(raw("GET /api/patients HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(20_000) + "\r\n\r\n"))
                .satisfiesAnyOf(s -> assertThat(s).startsWith("HTTP/1.1 431"), s -> assertThat(s).startsWith("HTTP/1.1 400"),
                        s -> assertThat(s).isEmpty());
        assertThat(raw("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003"))
                .doesNotContain("p-hostile");
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        assertThat(raw(new String(noise, StandardCharsets.ISO_8859_1))).doesNotContain("p-hostile");
        assertHealthyAndIntact();
    }

    @Test
    void twentyThousandHostileCoapDatagramsLeaveTheGatewayHealthy() throws Exception {
        double protocolErrorsBefore = gw.metric("homeward_protocol_errors_total");
        Random r = new Random(20261125L);
        byte[] valid = coapPost(1, new byte[] {1, 2}, ("d=d-hostile"), "k=" + secret,
                "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":39.5}]".getBytes(StandardCharsets.UTF_8), 110);
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(1);
            InetAddress to = InetAddress.getLoopbackAddress();
            int port = gw.port("coap");
            byte[] sink = new byte[2048];
            for (int i = 0; i < 20_000; i++) {
                byte[] d = hostile(valid, r, i);
                s.send(new DatagramPacket(d, d.length, to, port));
                if (i % 50 == 0) {
                    try {
                        s.receive(new DatagramPacket(sink, sink.length));   // keep our socket buffer drained
                    } catch (java.net.SocketTimeoutException quiet) {
                        // no answer pending
                    }
                }
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            CoapResponse ok = labPost("[{\"n\":\"hr\",\"u\":\"beat/min\",\"v\":66}]");
            assertThat(ok).isNotNull();
            assertThat(ok.getCode()).isEqualTo(CoAP.ResponseCode.CHANGED);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(gw.latest("p-hostile", "hr")).isCloseTo(66.0, within(1e-9)));
        assertThat(gw.metric("homeward_protocol_errors_total") + gw.metric("homeward_auth_failures_total")
                + gw.metric("homeward_ingest_requests_total", "coap", "malformed"))
                .isGreaterThan(protocolErrorsBefore);
        assertHealthyAndIntact();
    }

    private static byte[] hostile(byte[] valid, Random r, int i) {
        byte[] b = valid.clone();
        switch (i % 5) {
            case 0 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
            case 1 -> {
                for (int k = 0; k < 1 + r.nextInt(6); k++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 2 -> {
                b = new byte[r.nextInt(1400)];
                r.nextBytes(b);
            }
            case 3 -> {
                byte[] payload = new byte[r.nextInt(1200)];
                r.nextBytes(payload);
                b = coapPost(r.nextInt(65536), new byte[] {(byte) r.nextInt()}, "d=d-hostile", "k=wrong" + r.nextInt(),
                        payload, r.nextBoolean() ? 110 : 112);
            }
            default -> {
                String[] packs = {"[", "[{}]", "{\"bn\":1}", "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":\"NaN\"}]",
                        "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":1e309}]", "[" + "[".repeat(2000) + "]".repeat(2000) + "]"};
                b = coapPost(r.nextInt(65536), new byte[] {(byte) r.nextInt()}, "d=d-hostile", "k=wrong",
                        packs[r.nextInt(packs.length)].getBytes(StandardCharsets.UTF_8), 110);
            }
        }
        return b;
    }

    /** A confirmable CoAP POST /v1/senml?d=&k= with a content format, encoded by hand (RFC 7252 §3). */
    private static byte[] coapPost(int mid, byte[] token, String q1, String q2, byte[] payload, int format) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0x40 | token.length);
        o.write(0x02);
        o.write(mid >> 8);
        o.write(mid);
        o.writeBytes(token);
        int last = 0;
        last = option(o, last, 11, "v1".getBytes(StandardCharsets.UTF_8));
        last = option(o, last, 11, "senml".getBytes(StandardCharsets.UTF_8));
        last = option(o, last, 12, format > 255 ? new byte[] {(byte) (format >> 8), (byte) format} : new byte[] {(byte) format});
        last = option(o, last, 15, q1.getBytes(StandardCharsets.UTF_8));
        option(o, last, 15, q2.getBytes(StandardCharsets.UTF_8));
        o.write(0xFF);
        o.writeBytes(payload);
        return o.toByteArray();
    }

    private static int option(ByteArrayOutputStream o, int last, int number, byte[] value) {
        int delta = number - last;
        int len = value.length;
        o.write((nibble(delta) << 4) | nibble(len));
        extended(o, delta);
        extended(o, len);
        o.writeBytes(value);
        return number;
    }

    private static int nibble(int v) {
        return v < 13 ? v : v < 269 ? 13 : 14;
    }

    private static void extended(ByteArrayOutputStream o, int v) {
        if (v >= 269) {
            o.write((v - 269) >> 8);
            o.write(v - 269);
        } else if (v >= 13) {
            o.write(v - 13);
        }
    }

    private static String basic() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((GatewayFixture.NURSE + ":"
                + GatewayFixture.NURSE_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** Writes raw bytes to the HTTP port and returns what came back before the server closed or 5 s passed. */
    private String raw(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), gw.port("http"))) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    got.write(buf, 0, n);
                }
            } catch (IOException closedOrTimedOut) {
                // what arrived so far is the answer
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }
}

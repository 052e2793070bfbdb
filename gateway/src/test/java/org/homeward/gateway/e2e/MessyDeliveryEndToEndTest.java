package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's messy deliveries over the clients a device maker or a hospital engineer would use, into a
 * whole gateway: {@code mosquitto_pub -V mqttv5} and libcoap's {@code coap-client-openssl} over DTLS-PSK.
 * Each pack is what a buffering wearable sends after a short outage: measured in the last few minutes,
 * delivered at once, not in time order or with context records the rules must apply by time.
 * These tests fail until the rules work on measurement time and units decide meaning (issue 12).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class MessyDeliveryEndToEndTest {
    private static final Duration ALARM_WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path dir;
    GatewayFixture gw;
    private final Map<String, String> secrets = new java.util.HashMap<>();

    @BeforeAll
    void start() throws Exception {
        gw = new GatewayFixture(dir);
        for (String[] d : new String[][] {{"p-newest", "d-newest", "patch"}, {"p-steps", "d-steps", "oximeter"},
                {"p-tail", "d-tail", "patch"}, {"p-bp", "d-bp", "bp-cuff"}}) {
            gw.patient(d[0]);
            secrets.put(d[1], gw.device(d[1], d[0], d[2]));
        }
        gw.start(Map.of());
    }

    @AfterAll
    void stop() {
        gw.close();
    }

    /** A patch's buffer after a 7-minute outage, uploaded newest record first: 38.4–38.7 °C over 6 min. */
    @Test
    void givenAFeverBufferedNewestFirst_whenPublishedWithMosquittoPubMqtt5_thenCrsFeverIsRaised() throws Exception {
        // newest first: 38.7 at t = -10 s, 38.6 at -130, 38.5 at -250, 38.4 at -370 from bt = now
        mqtt5("d-newest", temps(nowSeconds(), 38.7, -0.1, 4, -10, -120) + "]");

        awaitLatest("p-newest", "temp", 38.7);
        awaitAlarm("p-newest", "CRS-FEVER");
    }

    /**
     * An oximeter whose {@code act} is its step counter (SenML unit {@code count}, 3–40 steps a minute as the
     * patient potters about) with SpO2 86 % every 10 s for 3.5 min, one pack per sample as its buffer drains:
     * steps are not motion in m/s², so the SpO2 is no motion artefact and the hypoxaemia stands.
     */
    @Test
    void givenAStepCounterActAndSpo2Of86ForThreeMinutes_whenPublishedWithMosquittoPubMqtt5_thenHypoxaemiaIsRaised()
            throws Exception {
        double start = nowSeconds() - 215;
        List<String> packs = new ArrayList<>();
        for (int t = 0; t <= 210; t += 10) {
            packs.add("[{\"bt\":" + fmt(start + t) + ",\"n\":\"act\",\"u\":\"count\",\"v\":" + (3 + t % 37) + "},"
                    + "{\"n\":\"spo2\",\"u\":\"/\",\"v\":0.86},{\"n\":\"hr\",\"u\":\"beat/min\",\"v\":92}]");
        }
        mqtt5("d-steps", String.join("\n", packs));

        awaitLatest("p-steps", "spo2", 86.0);
        awaitAlarm("p-steps", "HYPOXAEMIA");
    }

    /**
     * A patch's buffer after an outage, oldest first: 38.3–38.8 °C measured while worn over 10 min, then one
     * {@code wear=false} stamped after the last of them (taken off as the link returned). The fever stands.
     */
    @Test
    void givenAWornFeverWithAnOffBodyTail_whenPostedWithCoapClientOverDtls_thenCrsFeverIsRaised() throws Exception {
        // 38.3 at t = 0 s ... 38.8 at 600 s from bt = now - 610 s, then wear=false at 605 s
        coap("d-tail", temps(nowSeconds() - 610, 38.3, 0.1, 6, 0, 120) + ",{\"n\":\"wear\",\"vb\":false,\"t\":605}]");

        awaitLatest("p-tail", "temp", 38.8);
        awaitAlarm("p-tail", "CRS-FEVER");
    }

    /**
     * A cuff that measured 84 mmHg 6 min ago, repeated 3 min later at 124 mmHg and uploads both now: the
     * repeat within 5 min is normal, so no HYPOTENSION (the same readings in real time stay quiet).
     */
    @Test
    void givenAnOldLowBpArrivingWithItsNormalRepeat_whenPostedWithCoapClientOverDtls_thenNoHypotensionIsRaised()
            throws Exception {
        double now = nowSeconds();
        // SenML's pressure unit is Pa: 11199 Pa = 84.0 mmHg, 6933 Pa = 52.0, 16532 Pa = 124.0, 10399 Pa = 78.0
        String pack = "[{\"bt\":" + fmt(now - 360) + ",\"n\":\"sbp\",\"u\":\"Pa\",\"v\":11199,\"t\":0},"
                + "{\"n\":\"dbp\",\"u\":\"Pa\",\"v\":6933,\"t\":0},"
                + "{\"n\":\"sbp\",\"u\":\"Pa\",\"v\":16532,\"t\":180},{\"n\":\"dbp\",\"u\":\"Pa\",\"v\":10399,\"t\":180}]";
        coap("d-bp", pack);

        awaitLatest("p-bp", "sbp", 16532 / 133.322387415);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(openRules("p-bp")).doesNotContain("HYPOTENSION"));
    }

    /** An unclosed pack of {@code n} temperatures from {@code first} by {@code step}, at {@code t0 + i * dt} from {@code bt}. */
    private static String temps(double bt, double first, double step, int n, int t0, int dt) {
        StringBuilder pack = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            pack.append(i == 0 ? "{\"bt\":" + fmt(bt) + "," : ",{").append("\"n\":\"temp\",\"u\":\"Cel\",\"v\":")
                    .append(fmt(first + i * step)).append(",\"t\":").append(t0 + i * dt).append('}');
        }
        return pack.toString();
    }

    private static double nowSeconds() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** Publishes each line of {@code packs} as one message (mosquitto_pub -l), QoS 1, on one MQTT 5 connection. */
    private void mqtt5(String device, String packs) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_pub")),
                "mosquitto_pub not installed (apt-get install mosquitto-clients)");
        ProcessResult r = run(List.of("/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(gw.port("mqtt")),
                "-V", "mqttv5", "-q", "1", "-u", device, "-P", secrets.get(device), "-t", "v1/devices/" + device + "/senml",
                "-l"), packs + "\n");
        assertThat(r.exit).as(r.output).isZero();
    }

    private void coap(String device, String pack) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/coap-client-openssl")),
                "coap-client-openssl not installed (apt-get install libcoap3-bin)");
        ProcessResult r = run(List.of("/usr/bin/coap-client-openssl", "-m", "post", "-t", "110", "-u", device,
                "-k", secrets.get(device), "-B", "30", "-e", pack, "coaps://127.0.0.1:" + gw.port("coaps") + "/v1/senml"), "");
        assertThat(r.exit).as(r.output).isZero();
    }

    private void awaitLatest(String patient, String vital, double value) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(gw.latest(patient, vital)).isCloseTo(value, within(0.01)));
    }

    private void awaitAlarm(String patient, String rule) {
        await().atMost(ALARM_WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(openRules(patient)).contains(rule));
    }

    private List<String> openRules(String patient) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (JsonNode a : gw.getJson("/api/patients/" + patient).path("alarms")) {
            out.add(a.path("rule").asText());
        }
        return out;
    }

    private record ProcessResult(int exit, String output) {
    }

    private static ProcessResult run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new ProcessResult(-1, "timed out: " + command);
        }
        return new ProcessResult(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}

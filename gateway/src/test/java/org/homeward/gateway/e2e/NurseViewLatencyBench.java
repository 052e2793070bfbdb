package org.homeward.gateway.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Measures reading arrival at the gateway → DOM update of the nurse view in headless Chromium,
 * with many simulated patients streaming (one oximeter pack per patient per second over MQTT).
 * Each pack's heart rate is unique for the patient within 40 s; a script injected before the
 * page loads notes, per patient and heart rate, the gateway receive time carried by the live
 * {@code patient} message ({@code receivedAtMillis}) and a MutationObserver on the census notes
 * when that value first appears in the DOM (the board is windowed, so only patients whose row is on
 * screen reach the DOM; the others are counted up to the page). Not part of the default build (tag "bench"):
 *
 * <pre>
 * cd gateway &amp;&amp; mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Dbench.patients=1000 -Dbench.seconds=60 -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) \
 *     org.homeward.gateway.e2e.NurseViewLatencyBench
 * </pre>
 * Results: stdout and {@code target/bench/nurse-view-latency.md}; see docs/benchmarks-view.md.
 */
@Tag("bench")
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class NurseViewLatencyBench {
    private static final String PROBE = """
            window.__hw = { recv: new Map(), dom: [], ws: [], gw: [], sent: [], sockets: 0, snapshots: 0, on: false };
            (() => {
              const Orig = window.WebSocket;
              window.WebSocket = class extends Orig {
                send(data) {
                  window.__hw.sent.push(String(data).substring(0, 40));
                  return super.send(data);
                }
                constructor(...args) {
                  super(...args);
                  window.__hw.sockets++;
                  this.addEventListener('message', (ev) => {
                    if (ev.data.startsWith('{"type":"snapshot"')) window.__hw.snapshots++;
                    if (!window.__hw.on || ev.data.indexOf('"type":"patient"') < 0) return;
                    const now = Date.now();
                    const m = JSON.parse(ev.data);
                    const hr = m.patient.latest.hr;
                    if (!hr || !m.receivedAtMillis) return;
                    window.__hw.recv.set(m.patient.pseudonym + '|' + Math.round(hr.value), m.receivedAtMillis);
                    window.__hw.ws.push(now - m.receivedAtMillis);
                    window.__hw.gw.push(m.serverTime - m.receivedAtMillis);
                  });
                }
              };
            })();
            """;
    private static final String OBSERVE = """
            const body = document.getElementById('census-body');
            new MutationObserver((list) => {
              const now = Date.now();
              for (const m of list) {
                const td = m.target.closest ? m.target.closest('td[data-vital]') : null;
                if (!td || td.dataset.vital !== 'hr') continue;
                const v = td.querySelector('.value');
                if (!v) continue;
                const key = td.closest('tr').dataset.patient + '|' + parseInt(v.textContent, 10);
                const at = window.__hw.recv.get(key);
                if (at !== undefined) {
                  window.__hw.dom.push(now - at);
                  window.__hw.recv.delete(key);
                }
              }
            }).observe(body, { childList: true, subtree: true });
            window.__hw.on = true;
            """;

    @TempDir
    Path dir;

    public static void main(String[] args) throws Exception {
        NurseViewLatencyBench b = new NurseViewLatencyBench();
        b.dir = Files.createTempDirectory("nurse-view-bench");
        b.arrivalToDomLatencyWithManyPatientsStreaming();
    }

    @Test
    void arrivalToDomLatencyWithManyPatientsStreaming() throws Exception {
        int patients = Integer.getInteger("bench.patients", 1000);
        int seconds = Integer.getInteger("bench.seconds", 60);
        int warmup = Integer.getInteger("bench.warmup", 20);
        GatewayFixture gw = new GatewayFixture(dir.resolve("data"));
        List<String> secrets = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < patients; i++) {
            gw.patient(String.format(Locale.ROOT, "p-%04d", i), String.format(Locale.ROOT, "Bed %04d", i), 2);
            secrets.add(gw.device(String.format(Locale.ROOT, "d-%04d", i), String.format(Locale.ROOT, "p-%04d", i), "oximeter"));
        }
        System.out.printf("registered %d patients in %.1f s%n", patients, (System.nanoTime() - t0) / 1e9);
        ScheduledExecutorService feed = Executors.newSingleThreadScheduledExecutor();
        try (MqttLoad load = new MqttLoad()) {
            gw.start(Map.of());
            for (int i = 0; i < patients; i++) {
                load.connect("127.0.0.1", gw.port("mqtt"), String.format(Locale.ROOT, "d-%04d", i), secrets.get(i));
            }
            System.out.printf("connected %d devices%n", load.size());
            AtomicLong tick = new AtomicLong();
            int perTick = Math.max(1, patients / 100);
            feed.scheduleAtFixedRate(() -> {
                long k = tick.getAndIncrement();
                long second = k / 100;
                double bt = System.currentTimeMillis() / 1000.0;
                for (int j = 0; j < perTick; j++) {
                    int i = (int) ((k % 100) * perTick + j);
                    if (i >= patients) {
                        break;
                    }
                    double hr = 60 + (second + i) % 40;
                    load.publish(i, "v1/devices/d-" + String.format(Locale.ROOT, "%04d", i) + "/senml", String.format(
                            Locale.ROOT, "[{\"bn\":\"urn:dev:d-%04d:\",\"bt\":%.3f,\"n\":\"spo2\",\"u\":\"/\",\"v\":0.97},"
                                    + "{\"n\":\"hr\",\"u\":\"1/s\",\"v\":%.6f},{\"n\":\"pi\",\"u\":\"/\",\"v\":0.03}]",
                            i, bt, hr / 60));
                }
            }, 0, 10, TimeUnit.MILLISECONDS);

            try (HeadlessChromium chromium = HeadlessChromium.start(dir.resolve("profile"), 1600, 1000)) {
                chromium.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE));
                WebDriverWait wait = new WebDriverWait(chromium.driver, Duration.ofSeconds(120));
                chromium.signIn("http://127.0.0.1:" + gw.port("http"), GatewayFixture.NURSE, GatewayFixture.NURSE_PASSWORD, wait);
                // the board is windowed: all patients are counted, only the rows on screen are in the DOM
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("census-count"), patients + " patient"));
                System.out.println("rows in the DOM: " + chromium.driver.executeScript(
                        "return document.querySelectorAll('#census-body tr[data-patient]').length;"));
                chromium.driver.executeScript(OBSERVE);
                pause(warmup);
                chromium.driver.executeScript("window.__hw.dom = []; window.__hw.ws = []; window.__hw.gw = [];");
                long sentBefore = load.sent.get();
                long ackedBefore = load.acked.get();
                pause(seconds);
                @SuppressWarnings("unchecked")
                Map<String, List<Number>> r = (Map<String, List<Number>>) chromium.driver.executeScript(
                        "const r = {dom: window.__hw.dom, ws: window.__hw.ws, gw: window.__hw.gw}; window.__hw.on = false; return r;");
                chromium.screenshot("bench-board-" + patients);
                System.out.println("page sent: " + chromium.driver.executeScript(
                        "return window.__hw.sent.length + ' frames; sockets opened ' + window.__hw.sockets"
                                + " + '; snapshots ' + window.__hw.snapshots;"));
                long sent = load.sent.get() - sentBefore;
                long acked = load.acked.get() - ackedBefore;
                String report = report(patients, seconds, sent, acked, r.get("gw"), r.get("ws"), r.get("dom"));
                System.out.println(report);
                Path out = Path.of("target", "bench");
                Files.createDirectories(out);
                Files.writeString(out.resolve("nurse-view-latency.md"), report);
            }
        } finally {
            feed.shutdownNow();
            gw.close();
        }
    }

    private static void pause(int seconds) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Awaitility.await().atMost(Duration.ofSeconds(seconds + 5L)).pollInterval(Duration.ofMillis(500))
                .until(() -> System.nanoTime() >= until);
    }

    private static String report(int patients, int seconds, long sent, long acked, List<Number> gw, List<Number> ws,
                                 List<Number> dom) {
        double load = -1;
        try {
            load = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return String.format(Locale.ROOT, """
                nurse view latency: %d patients, 1 pack/s each, %d s measured, %d cores, load average %.1f
                  published %d packs (%.0f/s), PUBACKed %d
                  gateway receive -> live message built (serverTime): n=%d %s
                  gateway receive -> WebSocket message in the page: n=%d %s
                  gateway receive -> DOM updated (census cell on screen): n=%d %s
                """, patients, seconds, Runtime.getRuntime().availableProcessors(), load, sent, sent / (double) seconds,
                acked, gw.size(), percentiles(gw), ws.size(), percentiles(ws), dom.size(), percentiles(dom));
    }

    private static String percentiles(List<Number> values) {
        if (values.isEmpty()) {
            return "(none)";
        }
        long[] v = values.stream().mapToLong(Number::longValue).sorted().toArray();
        return String.format(Locale.ROOT, "p50 %d ms, p95 %d ms, p99 %d ms, max %d ms", v[v.length / 2],
                v[(int) (v.length * 0.95)], v[Math.min(v.length - 1, (int) (v.length * 0.99))], v[v.length - 1]);
    }
}

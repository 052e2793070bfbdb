package org.homeward.gateway.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.processing.PatientSnapshot;

/**
 * Measures live push latency (update offered to the hub → message parsed by a WebSocket client on
 * the same machine) at a steady rate. Not a test: run by hand, see docs/api.md.
 * Arguments: patients, updates per second, seconds.
 */
public final class LivePushLatencyProbe {
    private LivePushLatencyProbe() {
    }

    public static void main(String[] args) throws Exception {
        int patients = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        try (TestServer server = new TestServer().start()) {
            Map<Integer, Long> sent = new ConcurrentHashMap<>();
            long[] latencies = new long[rate * seconds];
            AtomicInteger received = new AtomicInteger();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", TestServer.basic(TestServer.NURSE, TestServer.PASSWORD))
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port + "/ws"), new WebSocket.Listener() {
                        private final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                long now = System.nanoTime();
                                try {
                                    JsonNode m = JsonViews.MAPPER.readTree(partial.toString());
                                    if (m.get("type").asText().equals("patient")) {
                                        Long t = sent.remove((int) m.at("/patient/latest/hr/value").asDouble());
                                        int i = received.getAndIncrement();
                                        if (t != null && i < latencies.length) {
                                            latencies[i] = now - t;
                                        }
                                    }
                                } catch (java.io.IOException e) {
                                    throw new IllegalStateException(e);
                                }
                                partial.setLength(0);
                            }
                            w.request(1);
                            return null;
                        }
                    }).get(20, TimeUnit.SECONDS);
            long interval = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int seq = 0; seq < rate * seconds; seq++) {
                String id = "Q-" + (seq % patients);
                long ms = server.clock.millis();
                PatientSnapshot p = FakePatientQuery.patient(id, id, 37.0, seq, ms);
                sent.put(seq, System.nanoTime());
                server.hub.onPatientChanged(p, new Reading("d", id, Vital.HR, seq, ms, ms, Quality.OK, "/min", false));
                next += interval;
                LockSupport.parkNanos(next - System.nanoTime());
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
            int n = Math.min(received.get(), latencies.length);
            long[] l = Arrays.copyOf(latencies, n);
            Arrays.sort(l);
            System.out.printf("patients=%d rate=%d/s seconds=%d sent=%d received=%d (conflated %d)%n", patients, rate,
                    seconds, rate * seconds, n, rate * seconds - n);
            System.out.printf("latency ms p50=%.2f p95=%.2f p99=%.2f max=%.2f%n", l[n / 2] / 1e6, l[(int) (n * 0.95)] / 1e6,
                    l[(int) (n * 0.99)] / 1e6, l[n - 1] / 1e6);
            var t = server.registry.get(org.homeward.gateway.metrics.Meters.LIVE_PUSH_LATENCY).timer();
            System.out.printf("server timer count=%d mean=%.2f ms max=%.2f ms%n", t.count(), t.mean(TimeUnit.MILLISECONDS),
                    t.max(TimeUnit.MILLISECONDS));
            ws.abort();
        }
    }
}

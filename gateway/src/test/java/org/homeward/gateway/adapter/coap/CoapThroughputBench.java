package org.homeward.gateway.adapter.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Throughput of the DTLS path with an ingest double that completes on its own "journal" thread.
 * Not a unit test (excluded by the {@code bench} tag, which the surefire configuration fixes);
 * run it through {@link #main} with the test class path, e.g.
 * {@code mvn -o -q -pl gateway test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt}
 * then {@code java -cp gateway/target/test-classes:gateway/target/classes:$(cat gateway/cp.txt)
 * org.homeward.gateway.adapter.coap.CoapThroughputBench}.
 */
@Tag("bench")
@Timeout(180)
class CoapThroughputBench {
    static final int DEVICES = 8;
    static final int IN_FLIGHT_PER_DEVICE = 16;
    static final long WARMUP_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long MEASURE_NANOS = TimeUnit.SECONDS.toNanos(20);

    public static void main(String[] args) throws Exception {
        new CoapThroughputBench().dtlsPostsPerSecond();
    }

    @Test
    void dtlsPostsPerSecond() throws Exception {
        ExecutorService journal = Executors.newSingleThreadExecutor();
        FakeIngest ingest = new FakeIngest();
        ingest.answer = r -> CompletableFuture.supplyAsync(() -> FakeIngest.ok(1), journal);
        FakeDirectory directory = new FakeDirectory();
        for (int i = 0; i < DEVICES; i++) {
            directory.add("bench-" + i, "secret-of-bench-" + i);
        }
        CoapAdapter adapter = new CoapAdapter(CoapSettings.defaults().withHost("127.0.0.1").withCoaps(true, 0),
                new CoapParts(ingest, directory, e -> { }, new SimpleMeterRegistry(), Clock.systemUTC()));
        adapter.start();
        byte[] pack = "[{\"bn\":\"urn:dev:x:\",\"n\":\"hr\",\"u\":\"beat/min\",\"v\":72}]".getBytes(StandardCharsets.UTF_8);
        List<TestCoapClient> clients = new ArrayList<>();
        AtomicLong done = new AtomicLong();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        long[] latencies = new long[4_000_000];
        AtomicInteger latencyCount = new AtomicInteger();
        long start = System.nanoTime();
        long measureFrom = start + WARMUP_NANOS;
        long end = measureFrom + MEASURE_NANOS;
        List<Thread> drivers = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            TestCoapClient client = TestCoapClient.dtls("bench-" + i, "secret-of-bench-" + i);
            clients.add(client);
            // handshake first: Scandium defers only a few application messages per handshake
            client.post(adapter.coapsPort(), "/v1/senml", 110, pack, Type.CON).get(60, TimeUnit.SECONDS);
            Thread driver = new Thread(() -> {
                Semaphore window = new Semaphore(IN_FLIGHT_PER_DEVICE);
                while (System.nanoTime() < end) {
                    window.acquireUninterruptibly();
                    long sent = System.nanoTime();
                    client.post(adapter.coapsPort(), "/v1/senml", 110, pack, Type.CON).whenComplete((r, e) -> {
                        long now = System.nanoTime();
                        window.release();
                        if (e != null || r.getCode() != ResponseCode.CHANGED) {
                            failed.incrementAndGet();
                        } else if (sent >= measureFrom && now <= end) {
                            done.incrementAndGet();
                            int slot = latencyCount.getAndIncrement();
                            if (slot < latencies.length) {
                                latencies[slot] = now - sent;
                            }
                        }
                    });
                }
                try {
                    if (!window.tryAcquire(IN_FLIGHT_PER_DEVICE, 60, TimeUnit.SECONDS)) {
                        unanswered.addAndGet(IN_FLIGHT_PER_DEVICE - window.availablePermits());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            driver.start();
            drivers.add(driver);
        }
        for (Thread driver : drivers) {
            driver.join();
        }
        int n = Math.min(latencyCount.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        Runtime rt = Runtime.getRuntime();
        System.out.printf("COAP-BENCH devices=%d window=%d measured=%ds ok=%d rate=%.0f/s failed=%d unanswered=%d "
                        + "p50=%.2fms p99=%.2fms max=%.2fms heapUsed=%dMiB cores=%d%n",
                DEVICES, IN_FLIGHT_PER_DEVICE, TimeUnit.NANOSECONDS.toSeconds(MEASURE_NANOS), done.get(),
                done.get() / (MEASURE_NANOS / 1e9), failed.get(), unanswered.get(), pct(sorted, 0.50), pct(sorted, 0.99),
                n == 0 ? 0 : sorted[n - 1] / 1e6, (rt.totalMemory() - rt.freeMemory()) >> 20,
                rt.availableProcessors());
        clients.forEach(TestCoapClient::close);
        adapter.close();
        journal.shutdown();
        assertThat(done.get()).isPositive();
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)] / 1e6;
    }
}

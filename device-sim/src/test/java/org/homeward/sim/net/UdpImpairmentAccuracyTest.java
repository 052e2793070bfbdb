package org.homeward.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Given UDP echo servers on loopback, one behind a proxy with the profile and one behind a proxy
 * without impairment (the control: what the loaded machine itself adds), when 2,000 datagrams go
 * through each (same ticks, after unmeasured warm-up passes until the control is fast), then:
 * <ul>
 * <li>loss per direction is within the binomial mean ± 4.5 standard deviations, and the round trip
 *     lost at least one datagram (P(0) &lt; 1e-8 for these profiles) — always asserted;</li>
 * <li>what the proxy adds over the control matches the profile: median one-way delay difference
 *     within −5 ms/+(25 % + 10 ms) of the latency, σ (IQR/1.349, the control's spread subtracted in
 *     quadrature) within [0.7 σ, 1.5 σ + 10 ms] — skipped with the control's figures when the
 *     control itself shows a median or σ above 10 ms (a machine too loaded to measure milliseconds).</li>
 * </ul>
 * One-way delays are measured at the echo server (same JVM, same nanoTime).
 */
@Timeout(90)
class UdpImpairmentAccuracyTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int N = 2_000;
    private static final int WARM_UP = 250;
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        pacer.shutdownNow();
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    /** One measured path: echo socket, proxy, client socket and what they observed. */
    private final class Path {
        final long[] oneWay = new long[N];
        final long[] roundTrip = new long[N];
        final AtomicInteger echoed = new AtomicInteger();
        final AtomicInteger returned = new AtomicInteger();
        final AtomicInteger echoTotal = new AtomicInteger();
        final AtomicInteger returnedTotal = new AtomicInteger();
        final java.util.concurrent.ConcurrentLinkedQueue<Long> warmOneWay = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final DatagramSocket client = socket();
        final ImpairmentProxy proxy;

        Path(NetProfile profile) throws Exception {
            DatagramSocket echo = socket();
            receiver(echo, (p, now) -> {
                ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
                echoTotal.incrementAndGet();
                if (b.getInt() >= 0) {
                    oneWay[echoed.getAndIncrement()] = now - b.getLong();
                } else {
                    warmOneWay.add(now - b.getLong());
                }
                echo.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
            });
            proxy = ImpairmentProxy.start(ImpairmentProxy.Settings.of(null, null, new InetSocketAddress(LOOPBACK, 0),
                    new InetSocketAddress(LOOPBACK, echo.getLocalPort()), profile, 7));
            closeables.add(proxy);
            receiver(client, (p, now) -> {
                ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
                returnedTotal.incrementAndGet();
                if (b.getInt() >= 0) {
                    roundTrip[returned.getAndIncrement()] = now - b.getLong();
                }
            });
        }

        void send(int seq) {
            ByteBuffer b = ByteBuffer.allocate(64).putInt(seq).putLong(System.nanoTime());
            try {
                client.send(new DatagramPacket(b.array(), 64, proxy.udpAddress()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Every datagram sent so far, warm-ups included, is accounted for in both directions. */
        boolean accounted(long upIn) {
            ProxyStats st = proxy.stats();
            return st.udpUpIn.sum() >= upIn && st.udpUpOut.sum() + st.udpUpLost.sum() == st.udpUpIn.sum()
                    && echoTotal.get() == st.udpUpOut.sum() && st.udpDownIn.sum() == echoTotal.get()
                    && st.udpDownOut.sum() + st.udpDownLost.sum() == echoTotal.get()
                    && returnedTotal.get() == st.udpDownOut.sum();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"4g", "cell-edge"})
    void delayJitterAndLossMatchTheProfile(String name) throws Exception {
        NetProfile profile = NetProfiles.byName(name).withoutOutages().withRebindEvery(null);
        Path impaired = new Path(profile);
        Path control = new Path(NetProfiles.byName("none"));
        // Warm-up passes (unmeasured) until the control path is fast: JIT compilation and the start-up
        // of the JVM's threads otherwise land in the first measurement.
        for (int pass = 0; pass < 8; pass++) {
            control.warmOneWay.clear();
            sendPaced(WARM_UP, seq -> {
                impaired.send(-1);
                control.send(-1);
            });
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> impaired.accounted(1) && control.accounted(1));
            long[] w = control.warmOneWay.stream().mapToLong(Long::longValue).toArray();
            if (w.length > 0 && Samples.of(w, w.length).p50() < 3) {
                break;
            }
        }
        long before = impaired.proxy.stats().udpUpIn.sum();
        long beforeControl = control.proxy.stats().udpUpIn.sum();
        sendPaced(N, seq -> {
            impaired.send(seq);
            control.send(seq);
        });
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> impaired.accounted(before + N) && control.accounted(beforeControl + N));

        Samples up = Samples.of(impaired.oneWay, impaired.echoed.get());
        Samples base = Samples.of(control.oneWay, control.echoed.get());
        int lostUp = N - impaired.echoed.get();
        int lostDown = impaired.echoed.get() - impaired.returned.get();
        System.out.printf("[%s] one-way up: %s | round trip: %s | lost up %d, down %d of %d%n[%s control] one-way up: %s%n",
                name, up, Samples.of(impaired.roundTrip, impaired.returned.get()), lostUp, lostDown, N, name, base);
        assertWithinBinomial("lost up", lostUp, N, profile.loss());
        assertWithinBinomial("lost down", lostDown, impaired.echoed.get(), profile.loss());
        assertThat(lostUp + lostDown).as("some loss over the round trip").isPositive();
        assertThat(control.returned.get()).as("the control path loses nothing").isEqualTo(N);

        assumeThat(base.p50() <= 10 && base.robustSd() <= 10).as("machine too loaded to measure the proxy's timing: "
                + "the unimpaired control path already shows " + base).isTrue();
        double latency = profile.latency().toNanos() / 1e6;
        double jitter = profile.jitter().toNanos() / 1e6;
        assertThat(up.p50() - base.p50()).as("added one-way median, ms").isBetween(latency - 5, latency * 1.25 + 10);
        double addedSd = Math.sqrt(Math.max(0, up.robustSd() * up.robustSd() - base.robustSd() * base.robustSd()));
        assertThat(addedSd).as("added one-way σ (IQR/1.349), ms").isBetween(0.7 * jitter, 1.5 * jitter + 10);
    }

    private static void assertWithinBinomial(String what, int lost, int n, double p) {
        double mean = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        assertThat((double) lost).as(what + " (expected %.1f ± %.1f)", mean, sd)
                .isBetween(Math.max(0, mean - 4.5 * sd), mean + 4.5 * sd);
    }

    /** {@code n} sends, 5 every 10 ms (500/s per path: under paranoid leak detection each hop costs tens of µs). */
    private void sendPaced(int n, java.util.function.IntConsumer send) {
        AtomicInteger next = new AtomicInteger();
        var task = pacer.scheduleAtFixedRate(() -> {
            for (int i = 0; i < 5 && next.get() < n; i++) {
                send.accept(next.getAndIncrement());
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> next.get() >= n);
        task.cancel(false);
    }

    private DatagramSocket socket() {
        try {
            DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            s.setReceiveBufferSize(1 << 20);
            closeables.add(s);
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface OnPacket {
        void accept(DatagramPacket p, long nowNanos) throws Exception;
    }

    private static void receiver(DatagramSocket s, OnPacket onPacket) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[2048];
            while (!s.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(p);
                    onPacket.accept(p, System.nanoTime());
                } catch (Exception e) {
                    return;
                }
            }
        }, "udp-receiver");
        t.setDaemon(true);
        t.start();
    }
}

package org.homeward.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
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
 * Given a UDP echo server on loopback behind the proxy, when 2,000 datagrams go through it, then the
 * one-way delay (measured at the echo server: same JVM, same nanoTime), its spread and the loss in
 * each direction match the profile. Tolerances (see docs/network-simulation.md): median −2 ms/+(25 % + 20 ms)
 * (the event loop can only add delay, and a loaded 2-core machine adds some), σ (IQR/1.349, robust to the scheduling stalls of a loaded machine) within
 * [0.7 σ, 1.5 σ + 20 ms], mean below 2 × latency + 30 ms, loss per direction within the binomial mean ± 4.5 standard deviations and,
 * for the whole round trip, at least one loss (P(0) < 1e-8 for these profiles).
 */
@Timeout(60)
class UdpImpairmentAccuracyTest {
    private static final int N = 2_000;
    private static final int WARM_UP = 500;
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        pacer.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4g", "cell-edge"})
    void delayJitterAndLossMatchTheProfile(String name) throws Exception {
        NetProfile profile = NetProfiles.byName(name).withoutOutages().withRebindEvery(null);
        long[] oneWay = new long[N];
        long[] roundTrip = new long[N];
        AtomicInteger echoed = new AtomicInteger();
        AtomicInteger returned = new AtomicInteger();
        AtomicInteger echoTotal = new AtomicInteger();
        AtomicInteger returnedTotal = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean warmedUp = new java.util.concurrent.atomic.AtomicBoolean();
        try (DatagramSocket echo = socket(); DatagramSocket client = socket()) {
            Thread echoThread = receiver(echo, (p, now) -> {
                ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
                echoTotal.incrementAndGet();
                if (b.getInt() >= 0) {
                    oneWay[echoed.getAndIncrement()] = now - b.getLong();
                }
                echo.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
            });
            InetSocketAddress upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort());
            try (ImpairmentProxy proxy = ImpairmentProxy.start(ImpairmentProxy.Settings.of(null, null,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), upstream, profile, 7))) {
                Thread clientThread = receiver(client, (p, now) -> {
                    ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
                    returnedTotal.incrementAndGet();
                    if (b.getInt() >= 0) {
                        roundTrip[returned.getAndIncrement()] = now - b.getLong();
                    } else {
                        warmedUp.set(true);
                    }
                });
                warmUp(client, proxy.udpAddress(), warmedUp);
                ProxyStats st = proxy.stats();
                // A second, unmeasured pass of WARM_UP datagrams lets the JIT compile the whole path.
                sendPaced(client, proxy.udpAddress(), WARM_UP, true);
                awaitAccounted(st, 1, echoTotal, returnedTotal);
                long before = st.udpUpIn.sum();
                sendPaced(client, proxy.udpAddress(), N, false);
                awaitAccounted(st, before + N, echoTotal, returnedTotal);
                client.close();
                echo.close();
                clientThread.join(5000);
                echoThread.join(5000);
            }
        }
        Samples up = Samples.of(oneWay, echoed.get());
        Samples rtt = Samples.of(roundTrip, returned.get());
        int lostUp = N - echoed.get();
        int lostDown = echoed.get() - returned.get();
        System.out.printf("[%s] one-way up: %s | round trip: %s | lost up %d, down %d of %d%n",
                name, up, rtt, lostUp, lostDown, N);

        double latency = profile.latency().toNanos() / 1e6;
        double jitter = profile.jitter().toNanos() / 1e6;
        assertThat(up.p50()).as("one-way median, ms").isBetween(latency - 2, latency * 1.25 + 20);
        assertThat(up.robustSd()).as("one-way σ (IQR/1.349), ms").isBetween(0.7 * jitter, 1.5 * jitter + 20);
        assertThat(up.mean()).as("one-way mean, ms").isBetween(latency - 2, latency * 2 + 30);
        assertThat(rtt.p50()).as("round-trip median, ms").isBetween(2 * latency - 4, 2 * (latency * 1.25 + 20));
        assertWithinBinomial("lost up", lostUp, N, profile.loss());
        assertWithinBinomial("lost down", lostDown, echoed.get(), profile.loss());
        assertThat(lostUp + lostDown).as("some loss over the round trip").isPositive();
    }

    /**
     * Until one datagram has made the round trip (first use of the session loads classes and JIT
     * compiles the path, which on a loaded machine stalls the event loop for a second or more).
     */
    private void warmUp(DatagramSocket client, InetSocketAddress to, java.util.concurrent.atomic.AtomicBoolean done) {
        var task = pacer.scheduleAtFixedRate(() -> {
            byte[] b = ByteBuffer.allocate(64).putInt(-1).putLong(System.nanoTime()).array();
            try {
                client.send(new DatagramPacket(b, 64, to));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilTrue(done);
        task.cancel(false);
    }

    private static void assertWithinBinomial(String what, int lost, int n, double p) {
        double mean = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        assertThat((double) lost).as(what + " (expected %.1f ± %.1f)", mean, sd)
                .isBetween(Math.max(0, mean - 4.5 * sd), mean + 4.5 * sd);
    }

    /** Until every datagram sent so far, warm-ups included, is accounted for in both directions. */
    private static void awaitAccounted(ProxyStats st, long upIn, AtomicInteger echoTotal, AtomicInteger returnedTotal) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> st.udpUpIn.sum() >= upIn
                && st.udpUpOut.sum() + st.udpUpLost.sum() == st.udpUpIn.sum()
                && echoTotal.get() == st.udpUpOut.sum() && st.udpDownIn.sum() == echoTotal.get()
                && st.udpDownOut.sum() + st.udpDownLost.sum() == echoTotal.get()
                && returnedTotal.get() == st.udpDownOut.sum());
    }

    /** {@code n} datagrams of {seq (−1 = warm-up), send nanoTime}, 5 every 10 ms (500/s: under paranoid leak detection each hop costs tens of µs). */
    private void sendPaced(DatagramSocket client, InetSocketAddress to, int n, boolean warm) throws Exception {
        AtomicInteger next = new AtomicInteger();
        var task = pacer.scheduleAtFixedRate(() -> {
            for (int i = 0; i < 5 && next.get() < n; i++) {
                int seq = next.getAndIncrement();
                ByteBuffer b = ByteBuffer.allocate(64).putInt(warm ? -1 : seq).putLong(System.nanoTime());
                try {
                    client.send(new DatagramPacket(b.array(), 64, to));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, 0, 10, TimeUnit.MILLISECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> next.get() >= n);
        task.cancel(false);
    }

    private static DatagramSocket socket() throws SocketException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        s.setReceiveBufferSize(1 << 20);
        return s;
    }

    private interface OnPacket {
        void accept(DatagramPacket p, long nowNanos) throws Exception;
    }

    private static Thread receiver(DatagramSocket s, OnPacket onPacket) {
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
        return t;
    }
}

package org.homeward.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Given a TCP echo server on loopback behind the proxy with the 4g profile, when 10 connections each
 * send 40 small frames 50 ms apart (far enough apart that TCP's in-order delivery rarely holds a
 * frame behind a slower one), then every frame arrives, in order, and the one-way delay measured at
 * the echo server matches the profile: median −2 ms/+(25 % + 20 ms), σ (IQR/1.349, robust to the
 * scheduling stalls of a loaded machine) within [0.7 σ, 1.5 σ + 20 ms], mean below 2 × latency + 30 ms.
 */
@Timeout(60)
class TcpImpairmentAccuracyTest {
    private static final int CONNECTIONS = 10;
    private static final int FRAMES = 40;
    private static final int WARM_UP = 20;
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        pacer.shutdownNow();
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Test
    void delayAndJitterMatchTheProfileAndOrderIsKept() throws Exception {
        NetProfile profile = NetProfiles.byName("4g").withoutOutages();
        ConcurrentLinkedQueue<Long> oneWay = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> roundTrip = new ConcurrentLinkedQueue<>();
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger warm = new AtomicInteger();
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ImpairmentProxy proxy = ImpairmentProxy.start(ImpairmentProxy.Settings.of(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort()), null, null, profile, 3))) {
            daemon(() -> {
                while (!echo.isClosed()) {
                    Socket s = echo.accept();
                    sockets.add(s);
                    daemon(() -> echoFrames(s, oneWay));
                }
            });
            List<DataOutputStream> outs = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                Socket s = new Socket();
                s.setTcpNoDelay(true);
                s.connect(proxy.tcpAddress(), 10_000);
                sockets.add(s);
                outs.add(new DataOutputStream(s.getOutputStream()));
                daemon(() -> readReturns(s, roundTrip, outOfOrder, warm));
            }
            // Warm-up: first use loads classes and compiles the path, stalling the loop on a loaded machine.
            for (int i = 0; i < WARM_UP; i++) {
                for (DataOutputStream out : outs) {
                    frame(out, -1);
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> warm.get() == CONNECTIONS * WARM_UP);
            AtomicInteger round = new AtomicInteger();
            var task = pacer.scheduleAtFixedRate(() -> {
                int r = round.getAndIncrement();
                if (r < FRAMES) {
                    for (DataOutputStream out : outs) {
                        frame(out, r);
                    }
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> roundTrip.size() == CONNECTIONS * FRAMES);
            task.cancel(false);
            assertThat(proxy.stats().tcpBytesUp.sum()).isEqualTo(CONNECTIONS * (FRAMES + WARM_UP) * 16L);
        }
        Samples up = Samples.of(oneWay.stream().mapToLong(Long::longValue).toArray(), oneWay.size());
        Samples rtt = Samples.of(roundTrip.stream().mapToLong(Long::longValue).toArray(), roundTrip.size());
        System.out.printf("[tcp 4g] one-way up: %s | round trip: %s%n", up, rtt);
        double latency = profile.latency().toNanos() / 1e6;
        double jitter = profile.jitter().toNanos() / 1e6;
        assertThat(outOfOrder.get()).as("frames out of order").isZero();
        assertThat(up.n()).isEqualTo(CONNECTIONS * FRAMES);
        assertThat(up.p50()).as("one-way median, ms").isBetween(latency - 2, latency * 1.25 + 20);
        assertThat(up.robustSd()).as("one-way σ (IQR/1.349), ms").isBetween(0.7 * jitter, 1.5 * jitter + 20);
        assertThat(up.mean()).as("one-way mean, ms").isBetween(latency - 2, latency * 2 + 30);
        assertThat(rtt.p50()).as("round-trip median, ms").isBetween(2 * latency - 4, 2 * (latency * 1.25 + 20));
    }

    private static void frame(DataOutputStream out, int seq) {
        try {
            out.writeInt(seq);
            out.writeInt(0);
            out.writeLong(System.nanoTime());
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void echoFrames(Socket s, ConcurrentLinkedQueue<Long> oneWay) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        byte[] f = new byte[16];
        while (true) {
            in.readFully(f);
            if (java.nio.ByteBuffer.wrap(f).getInt(0) >= 0) {
                oneWay.add(System.nanoTime() - java.nio.ByteBuffer.wrap(f).getLong(8));
            }
            out.write(f);
            out.flush();
        }
    }

    private static void readReturns(Socket s, ConcurrentLinkedQueue<Long> rtt, AtomicInteger outOfOrder,
                                    AtomicInteger warm) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int expected = 0;
        while (true) {
            int seq = in.readInt();
            in.readInt();
            long sent = in.readLong();
            if (seq < 0) {
                warm.incrementAndGet();
                continue;
            }
            rtt.add(System.nanoTime() - sent);
            if (seq != expected++) {
                outOfOrder.incrementAndGet();
            }
        }
    }

    private interface Io {
        void run() throws IOException;
    }

    private static void daemon(Io body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (IOException e) {
                // socket closed at the end of the test
            }
        }, "tcp-test");
        t.setDaemon(true);
        t.start();
    }
}

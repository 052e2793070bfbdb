package org.homeward.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rebinding, outages and TCP drop mode, each observed from outside the proxy. */
@Timeout(60)
class ProxyBehaviourTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        pacer.shutdownNow();
    }

    @Test
    void scheduledRebindingShowsTheGatewayNewSourcePorts() throws Exception {
        NetProfile p = NetProfiles.byName("none").withRebindEvery(Duration.ofMillis(100));
        Set<Integer> sourcePorts = ConcurrentHashMap.newKeySet();
        try (DatagramSocket gateway = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             DatagramSocket device = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             ImpairmentProxy proxy = ImpairmentProxy.start(ImpairmentProxy.Settings.of(null, null,
                     new InetSocketAddress(LOOPBACK, 0), new InetSocketAddress(LOOPBACK, gateway.getLocalPort()), p, 1))) {
            receive(gateway, pk -> sourcePorts.add(pk.getPort()));
            sendEvery(device, proxy.udpAddress(), 20);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sourcePorts.size() >= 4);
            assertThat(proxy.stats().rebinds.sum()).isGreaterThanOrEqualTo(3);
            assertThat(proxy.stats().udpSessions.sum()).as("still one device").isEqualTo(1);
        }
    }

    @Test
    void udpOutagesDropDatagramsAndTheLinkComesBack() throws Exception {
        NetProfile p = new NetProfile("flaky", Duration.ZERO, Duration.ZERO, 0, Duration.ofMillis(300),
                Duration.ofMillis(300), null, 0);
        Set<Long> received = ConcurrentHashMap.newKeySet();
        try (DatagramSocket gateway = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             DatagramSocket device = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             ImpairmentProxy proxy = ImpairmentProxy.start(ImpairmentProxy.Settings.of(null, null,
                     new InetSocketAddress(LOOPBACK, 0), new InetSocketAddress(LOOPBACK, gateway.getLocalPort()), p, 1))) {
            receive(gateway, pk -> received.add(System.nanoTime()));
            sendEvery(device, proxy.udpAddress(), 10);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> proxy.stats().outages.sum() >= 2
                    && proxy.stats().udpOutageDropped.sum() > 0);
            long after = received.size();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received.size() > after + 5);
            ProxyStats st = proxy.stats();
            assertThat(st.udpUpLost.sum()).isZero();
            assertThat(st.udpUpOut.sum() + st.udpOutageDropped.sum()).isLessThanOrEqualTo(st.udpUpIn.sum());
        }
    }

    @Test
    void tcpDropModeCutsConnectionsAtAnOutage() throws Exception {
        NetProfile p = new NetProfile("flaky", Duration.ZERO, Duration.ZERO, 0, Duration.ofMillis(500),
                Duration.ofMillis(500), null, 0);
        try (ServerSocket gateway = new ServerSocket(0, 50, LOOPBACK);
             ImpairmentProxy proxy = ImpairmentProxy.start(new ImpairmentProxy.Settings(
                     new InetSocketAddress(LOOPBACK, 0), new InetSocketAddress(LOOPBACK, gateway.getLocalPort()),
                     null, null, p, 1, TcpOutageMode.DROP, 10, 1))) {
            Thread acceptor = new Thread(() -> {
                while (!gateway.isClosed()) {
                    try {
                        gateway.accept();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !proxy.linkDown());
            try (Socket device = new Socket()) {
                device.connect(proxy.tcpAddress(), 5000);
                device.setSoTimeout(30_000);
                InputStream in = device.getInputStream();
                assertThat(in.read()).as("end of stream: the proxy cut the connection").isEqualTo(-1);
            }
            assertThat(proxy.stats().tcpOutageDropped.sum()).isPositive();
        }
    }

    private void sendEvery(DatagramSocket s, InetSocketAddress to, long millis) {
        pacer.scheduleAtFixedRate(() -> {
            try {
                s.send(new DatagramPacket(new byte[8], 8, to));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, 0, millis, TimeUnit.MILLISECONDS);
    }

    private static void receive(DatagramSocket s, java.util.function.Consumer<DatagramPacket> onPacket) {
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                DatagramPacket pk = new DatagramPacket(new byte[64], 64);
                try {
                    s.receive(pk);
                    onPacket.accept(pk);
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }
}

package org.homeward.sim.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.awaitility.Awaitility;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.homeward.sim.model.Channel;
import org.homeward.sim.senml.SenmlFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The CoAP/DTLS PSK client path against an in-process Californium server (no gateway). */
@Timeout(60)
class CoapLinkTest {
    private record Got(String identity, int contentFormat, byte[] payload) {
    }

    private final Queue<Got> received = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private CoapServer server;

    private int startServer(String identity, String secret) throws Exception {
        Configuration cfg = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        cfg.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        cfg.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6);
        AdvancedMultiPskStore psk = new AdvancedMultiPskStore();
        psk.setKey(identity, secret.getBytes(StandardCharsets.UTF_8));
        DTLSConnector dtls = new DTLSConnector(DtlsConnectorConfig.builder(cfg)
                .setAddress(new InetSocketAddress("127.0.0.1", 0)).setAdvancedPskStore(psk).build());
        server = new CoapServer(cfg);
        server.addEndpoint(new CoapEndpoint.Builder().setConfiguration(cfg).setConnector(dtls).build());
        CoapResource v1 = new CoapResource("v1");
        v1.add(new CoapResource("senml") {
            @Override
            public void handlePOST(CoapExchange exchange) {
                received.add(new Got(exchange.advanced().getRequest().getSourceContext().getPeerIdentity().getName(),
                        exchange.getRequestOptions().getContentFormat(), exchange.getRequestPayload()));
                exchange.respond(CoAP.ResponseCode.CHANGED);
            }
        });
        server.add(v1);
        server.start();
        return server.getEndpoints().get(0).getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroy();
        }
        scheduler.shutdownNow();
    }

    @Test
    void postsJsonAndCborOverDtlsPskAsTheDeviceIdentity() throws Exception {
        int port = startServer("d-0000c0a9", "s3cret");
        SimStats stats = new SimStats();
        try (CoapSupport support = new CoapSupport()) {
            DeviceLink link = Links.create(Links.Kind.COAP, new LinkSettings("127.0.0.1", port, "d-0000c0a9", "s3cret",
                    "urn:dev:x:", 100, scheduler, stats), support);
            link.start();
            byte[] json = "[{\"bn\":\"urn:dev:x:\",\"bt\":1767225600,\"n\":\"temp\",\"u\":\"Cel\",\"v\":36.9}]".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 3; i++) {
                link.send(new Outgoing(Channel.SENML, SenmlFormat.JSON, json));
            }
            link.send(new Outgoing(Channel.SENML, SenmlFormat.CBOR, new byte[] {(byte) 0x81, (byte) 0xa0}));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stats.acked.sum() == 4);
            link.close();
        }
        List<Got> got = List.copyOf(received);
        assertThat(got).hasSize(4).allSatisfy(g -> assertThat(g.identity()).isEqualTo("d-0000c0a9"));
        assertThat(got.stream().map(Got::contentFormat)).containsExactly(110, 110, 110, 112);
        assertThat(stats.errors.sum()).isZero();
    }

    @Test
    void refusedHandshakeIsCountedAndThePackIsKeptForRetry() throws Exception {
        int port = startServer("d-0000c0a9", "right");
        SimStats stats = new SimStats();
        try (CoapSupport support = new CoapSupport(Duration.ofMillis(300))) {
            DeviceLink link = Links.create(Links.Kind.COAP, new LinkSettings("127.0.0.1", port, "d-unknown0", "wrong",
                    "urn:dev:x:", 100, scheduler, stats), support);
            link.start();
            link.send(new Outgoing(Channel.SENML, SenmlFormat.JSON, "[]".getBytes(StandardCharsets.UTF_8)));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stats.errors.sum() >= 1);
            assertThat(stats.acked.sum()).isZero();
            assertThat(stats.buffered.sum()).isEqualTo(1);
            link.close();
        }
        assertThat(received).isEmpty();
    }

    @Test
    void aDeviceWithSeveralAddressesMovesToTheNextWhenItsGatewayIsSilent() throws Exception {
        int live = startServer("d-0000c0a9", "s3cret");
        SimStats stats = new SimStats();
        // the first address answers nothing (a bound socket that swallows datagrams: a dead node behind UDP)
        try (java.net.DatagramSocket silent = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
             CoapSupport support = new CoapSupport(Duration.ofMillis(300))) {
            DeviceLink link = Links.create(Links.Kind.COAP, new LinkSettings("127.0.0.1", silent.getLocalPort(),
                    "d-0000c0a9", "s3cret", "urn:dev:x:", 100, scheduler, stats, List.of("127.0.0.1:" + live)), support);
            link.start();
            byte[] json = "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":36.9}]".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 3; i++) {
                link.send(new Outgoing(Channel.SENML, SenmlFormat.JSON, json));
            }
            // the run command pumps every link each second (a failed exchange waits out its back-off)
            scheduler.scheduleWithFixedDelay(link::pump, 200, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> stats.acked.sum() == 3);
            link.close();
        }
        assertThat(received).as("every pack reached the second address").hasSize(3);
        assertThat(stats.errors.sum()).as("the silent first address failed first").isGreaterThanOrEqualTo(CoapLink.MOVE_AFTER);
    }
}

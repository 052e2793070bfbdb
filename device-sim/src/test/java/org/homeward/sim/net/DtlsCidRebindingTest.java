package org.homeward.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionListener;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A CoAP-over-DTLS device behind the UDP proxy whose NAT mapping changes between requests (the proxy
 * sends from a new source port each time). With a DTLS Connection ID (RFC 9146) the server finds the
 * session by CID and every POST succeeds over one handshake; without it the first request after a
 * rebinding comes from an address the server does not know and is lost — so the test can fail.
 * Californium on both sides (device-sim does not depend on the gateway).
 */
@Timeout(90)
class DtlsCidRebindingTest {
    private static final String IDENTITY = "d-0000cafe";
    private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
    private static final int REBINDS = 5;

    private final AtomicInteger handshakes = new AtomicInteger();
    private final Set<InetSocketAddress> sources = ConcurrentHashMap.newKeySet();
    private final AtomicInteger posts = new AtomicInteger();
    private CoapServer server;
    private CoapEndpoint clientEndpoint;

    @AfterEach
    void stop() {
        if (clientEndpoint != null) {
            clientEndpoint.destroy();
        }
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void withConnectionIdPostsSurviveEveryRebindingOnOneHandshake() throws Exception {
        List<Boolean> outcomes = postAcrossRebindings(6);
        assertThat(outcomes).as("every POST answered 2.04").containsOnly(true).hasSize(REBINDS + 1);
        assertThat(handshakes.get()).as("DTLS handshakes at the server").isEqualTo(1);
        assertThat(sources).as("source addresses the server saw").hasSize(REBINDS + 1);
        assertThat(posts.get()).isEqualTo(REBINDS + 1);
    }

    @Test
    void withoutConnectionIdTheFirstRequestAfterARebindingIsLost() throws Exception {
        List<Boolean> outcomes = postAcrossRebindings(null);
        assertThat(outcomes.get(0)).as("before any rebinding").isTrue();
        assertThat(outcomes.get(1)).as("after the first rebinding").isFalse();
        assertThat(sources).as("the server only ever heard the first mapping").hasSize(1);
    }

    @Test
    void withConnectionIdPostsSurviveScheduledRebindingOnALossy4gLink() throws Exception {
        InetSocketAddress serverAddress = startServer(6);
        NetProfile p = NetProfiles.byName("4g").withoutOutages().withRebindEvery(Duration.ofMillis(300));
        int ok = 0;
        int sent = 0;
        try (ImpairmentProxy proxy = ImpairmentProxy.start(ImpairmentProxy.Settings.of(null, null,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), serverAddress, p, 11))) {
            CoapClient client = client(proxy.udpAddress());
            while (sent < 40 && (sent < 10 || proxy.stats().rebinds.sum() < 3)) {
                ok += post(client, sent++) ? 1 : 0;
            }
            client.shutdown();
            assertThat(proxy.stats().rebinds.sum()).isGreaterThanOrEqualTo(3);
        }
        assertThat(ok).as("POSTs answered 2.04 of " + sent).isEqualTo(sent);
        assertThat(handshakes.get()).as("DTLS handshakes at the server").isEqualTo(1);
        assertThat(sources.size()).as("source addresses the server saw").isGreaterThanOrEqualTo(3);
    }

    /** One POST, then REBINDS times: rebind the proxy's upstream socket, POST again. */
    private List<Boolean> postAcrossRebindings(Integer serverCidLength) throws Exception {
        InetSocketAddress serverAddress = startServer(serverCidLength);
        try (ImpairmentProxy proxy = ImpairmentProxy.start(ImpairmentProxy.Settings.of(null, null,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), serverAddress, NetProfiles.byName("none"), 1))) {
            CoapClient client = client(proxy.udpAddress());
            List<Boolean> outcomes = new ArrayList<>();
            outcomes.add(post(client, 0));
            for (int i = 1; i <= REBINDS; i++) {
                long before = proxy.stats().rebinds.sum();
                proxy.rebindAll();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> proxy.stats().rebinds.sum() > before);
                outcomes.add(post(client, i));
                if (!outcomes.get(i)) {
                    break;
                }
            }
            client.shutdown();
            return outcomes;
        }
    }

    private static boolean post(CoapClient client, int i) throws Exception {
        CoapResponse r = client.post("[{\"n\":\"temp\",\"v\":3" + i + "}]", MediaTypeRegistry.APPLICATION_SENML_JSON);
        return r != null && r.getCode() == CoAP.ResponseCode.CHANGED;
    }

    private InetSocketAddress startServer(Integer cidLength) {
        Configuration cfg = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        cfg.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        cfg.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, cidLength);
        AdvancedMultiPskStore psk = new AdvancedMultiPskStore();
        psk.setKey(IDENTITY, SECRET);
        DTLSConnector dtls = new DTLSConnector(DtlsConnectorConfig.builder(cfg)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).setAdvancedPskStore(psk)
                .setSessionListener(new CountingListener()).build());
        server = new CoapServer(cfg);
        server.addEndpoint(new CoapEndpoint.Builder().setConfiguration(cfg).setConnector(dtls).build());
        server.add(new CoapResource("senml") {
            @Override
            public void handlePOST(CoapExchange exchange) {
                sources.add(exchange.advanced().getRequest().getSourceContext().getPeerAddress());
                posts.incrementAndGet();
                exchange.respond(CoAP.ResponseCode.CHANGED);
            }
        });
        server.start();
        return server.getEndpoints().get(0).getAddress();
    }

    private CoapClient client(InetSocketAddress proxy) {
        Configuration cfg = new Configuration(CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
        cfg.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        cfg.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0); // supports CIDs, uses the server's
        cfg.set(CoapConfig.ACK_TIMEOUT, 1000, TimeUnit.MILLISECONDS);
        cfg.set(CoapConfig.MAX_RETRANSMIT, 1);
        cfg.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 1000, TimeUnit.MILLISECONDS);
        DTLSConnector dtls = new DTLSConnector(DtlsConnectorConfig.builder(cfg)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(IDENTITY, SECRET)).build());
        clientEndpoint = new CoapEndpoint.Builder().setConfiguration(cfg).setConnector(dtls).build();
        CoapClient c = new CoapClient("coaps://" + proxy.getHostString() + ":" + proxy.getPort() + "/senml");
        c.setEndpoint(clientEndpoint);
        c.setTimeout(15_000L);
        return c;
    }

    private final class CountingListener implements SessionListener {
        @Override
        public void handshakeStarted(Handshaker handshaker) {
        }

        @Override
        public void contextEstablished(Handshaker handshaker, DTLSContext context) {
        }

        @Override
        public void handshakeCompleted(Handshaker handshaker) {
            handshakes.incrementAndGet();
        }

        @Override
        public void handshakeFailed(Handshaker handshaker, Throwable error) {
        }

        @Override
        public void handshakeFlightRetransmitted(Handshaker handshaker, int flight) {
        }
    }
}

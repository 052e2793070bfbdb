package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One address cannot take what other devices need, and a carrier-grade-NAT cell (many devices on one
 * public address) is not locked out by one attacker inside it (issue 15). Real DTLS handshakes and real
 * sockets; the store and the shares are made small by settings so the flood stays modest.
 */
@Timeout(180)
class AddressSharesEndToEndTest {
    private static final int STORE = 40;
    private static final int SHARE = 8;

    @TempDir
    Path dir;

    @Test
    void givenAFloodOfCookieCompletingClientHellosFromOneAddress_thenDevicesFromAnotherAndFromTheSameAddressStillHandshake()
            throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            gw.patient("p-flood");
            String other = gw.device("d-other-address", "p-flood", "bp-cuff");
            String cell = gw.device("d-same-address", "p-flood", "patch");
            gw.start(Map.of("coaps.max-connections", Integer.toString(STORE),
                    "coaps.max-unauthenticated-per-address", Integer.toString(SHARE)));
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", gw.port("coaps"));
            double refusedBefore = gw.metric("homeward_connections_refused_total", "reason=\"address_share\"");
            DtlsCookieFlood flood = new DtlsCookieFlood("127.0.0.1", server, STORE + 20);
            double failedBefore = gw.metric("homeward_dtls_handshakes_total", "outcome=\"failed\"");
            // more cookie-completing hellos than the whole store holds, each answered with a ServerHello
            assertThat(flood.round()).isGreaterThanOrEqualTo(STORE);
            // ended half-open handshakes count as failed (and into the address's back-off) at once, well before
            // their ~31 s time-out; one ended before Scandium even started its handshake is only removed
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    gw.metric("homeward_dtls_handshakes_total", "outcome=\"failed\"") - failedBefore).isPositive());
            AtomicBoolean flooding = new AtomicBoolean(true);
            Thread attacker = new Thread(() -> {
                while (flooding.get()) {
                    try {
                        flood.round();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "dtls-cookie-flood");
            attacker.start();
            long before = flood.cookieHellos();
            try {
                // while the flood goes on: a device at another address, and one at the attacker's own address
                assertThat(postWithin(gw, "127.0.0.2", "d-other-address", other, "[{\"n\":\"sbp\",\"u\":\"Pa\",\"v\":16000}]"))
                        .isEqualTo(CoAP.ResponseCode.CHANGED);
                assertThat(postWithin(gw, "127.0.0.1", "d-same-address", cell, "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":37.1}]"))
                        .isEqualTo(CoAP.ResponseCode.CHANGED);
                assertThat(flood.cookieHellos()).as("the flood went on meanwhile").isGreaterThan(before);
            } finally {
                flooding.set(false);
                attacker.join(30_000);
            }
            // the attacker's surplus was refused its place: counted
            assertThat(gw.metric("homeward_connections_refused_total", "reason=\"address_share\"") - refusedBefore)
                    .isGreaterThanOrEqualTo(STORE + 20 - SHARE);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(gw.latest("p-flood", "temp")).isEqualTo(37.1));
        }
    }

    /**
     * A POST over a fresh DTLS connection from {@code bindAddress}, tried until it is answered or 20 s
     * pass (less than the ~31 s the server keeps a half-open handshake, so without the shares the first
     * flood round alone keeps the store full throughout) (a handshake caught between two flood rounds may need its retransmission); the answer code, or
     * null if none came.
     */
    private static CoAP.ResponseCode postWithin(GatewayFixture gw, String bindAddress, String identity, String secret,
                                                String pack) {
        AtomicBoolean answered = new AtomicBoolean();
        CoAP.ResponseCode[] code = new CoAP.ResponseCode[1];
        try {
            await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        CoapResponse r = post(gw, bindAddress, identity, secret, pack);
                        if (r != null) {
                            code[0] = r.getCode();
                            answered.set(true);
                        }
                        return answered.get();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return null;
        }
        return code[0];
    }

    private static CoapResponse post(GatewayFixture gw, String bindAddress, String identity, String secret, String pack) {
        CoapEndpoint endpoint = DtlsPskClient.endpoint(bindAddress, identity, secret);
        CoapClient client = new CoapClient("coaps://127.0.0.1:" + gw.port("coaps") + "/v1/senml");
        client.setEndpoint(endpoint);
        client.setTimeout(8_000L);
        try {
            return client.post(pack, 110);
        } catch (Exception e) {
            return null;
        } finally {
            client.shutdown();
            endpoint.destroy();
        }
    }
}

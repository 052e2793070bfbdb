package org.homeward.gateway.e2e;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * A CoAP/DTLS (PSK) device provisioned with several gateway addresses, as docs/cluster.md asks of
 * devices in cluster mode: it keeps its DTLS session with the current node and, when a POST gets no
 * answer (the node is gone: UDP gives no error, only silence), moves to the next address, where
 * Californium runs a fresh handshake, and sends the same pack again. One thread at a time.
 */
final class CoapFailoverDevice implements AutoCloseable {
    private final List<Integer> ports;
    private final CoapEndpoint endpoint;
    private int current;
    private int failures;

    CoapFailoverDevice(String deviceId, String secret, List<Integer> ports) {
        this.ports = List.copyOf(ports);
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 1, TimeUnit.SECONDS);
        config.set(CoapConfig.ACK_TIMEOUT, 1, TimeUnit.SECONDS);
        config.set(CoapConfig.MAX_RETRANSMIT, 2);
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(deviceId, secret.getBytes(StandardCharsets.UTF_8)))
                .build());
        endpoint = new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector).build();
    }

    /**
     * POSTs a SenML JSON pack; returns the port of the node that answered 2.04, or -1 when every
     * address was tried without a 2.04 (a 4.xx from a live node also ends the attempt: it is final).
     */
    int post(String senmlJson) {
        for (int tried = 0; tried < ports.size(); tried++) {
            int port = ports.get(current);
            CoapClient client = new CoapClient("coaps://127.0.0.1:" + port + "/v1/senml");
            client.setEndpoint(endpoint);
            client.setTimeout(20_000L);
            try {
                CoapResponse r = client.post(senmlJson.getBytes(StandardCharsets.UTF_8), 110);
                if (r != null) {
                    return r.getCode() == CoAP.ResponseCode.CHANGED ? port : -1;
                }
            } catch (Exception e) {
                // a connector error counts like silence: try the next address
            } finally {
                client.shutdown(); // leaves the shared endpoint (and its DTLS sessions) alone
            }
            failures++;
            current = (current + 1) % ports.size();
        }
        return -1;
    }

    /** POSTs that got no answer from a node (each one moved the device to its next address). */
    int failures() {
        return failures;
    }

    @Override
    public void close() {
        endpoint.destroy();
    }
}

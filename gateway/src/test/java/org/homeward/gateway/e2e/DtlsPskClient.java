package org.homeward.gateway.e2e;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/** A real Californium CoAP-over-DTLS device endpoint with one PSK, short time-outs, no Connection ID. */
final class DtlsPskClient {
    private DtlsPskClient() {
    }

    /** An endpoint bound to an ephemeral port of {@code bindAddress} (any 127.x address on loopback). */
    static CoapEndpoint endpoint(String bindAddress, String identity, String secret) {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 1, TimeUnit.SECONDS);
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 2);
        config.set(CoapConfig.ACK_TIMEOUT, 2, TimeUnit.SECONDS);
        config.set(CoapConfig.MAX_RETRANSMIT, 1);
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(bindAddress, 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, secret.getBytes(StandardCharsets.UTF_8)))
                .build());
        return new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector).build();
    }
}

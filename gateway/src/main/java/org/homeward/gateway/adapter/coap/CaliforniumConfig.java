package org.homeward.gateway.adapter.coap;

import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * Builds the Californium {@link Configuration} from {@link CoapSettings}.
 *
 * <p>Always an explicit, in-memory configuration: Californium's {@code Configuration.getStandard()}
 * would write {@code Californium3.properties} into the working directory and read it back on the
 * next start, a second, undocumented source of settings.
 */
final class CaliforniumConfig {

    private CaliforniumConfig() {
    }

    static Configuration from(CoapSettings s) {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        // A bounded de-duplication store: MARK_AND_SWEEP keeps every exchange for the whole
        // lifetime and grows with the request rate; PEERS_MARK_AND_SWEEP keeps N per peer.
        config.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        config.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, s.messages().dedupMessagesPerPeer());
        config.set(CoapConfig.EXCHANGE_LIFETIME, s.messages().exchangeLifetime().toMillis(), TimeUnit.MILLISECONDS);
        config.set(CoapConfig.MAX_ACTIVE_PEERS, s.peers().maxActivePeers());
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, s.messages().maxPayloadBytes());
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, s.messages().preferredBlockSize());
        config.set(CoapConfig.MAX_MESSAGE_SIZE, s.messages().maxMessageSize());
        config.set(CoapConfig.BLOCKWISE_STATUS_LIFETIME, s.messages().blockwiseLifetime().toMillis(), TimeUnit.MILLISECONDS);
        config.set(CoapConfig.MAX_SERVER_OBSERVES, 0);
        config.set(UdpConfig.UDP_RECEIVE_BUFFER_SIZE, s.sockets().socketReceiveBufferBytes());
        config.set(UdpConfig.UDP_SEND_BUFFER_SIZE, s.sockets().socketSendBufferBytes());
        config.set(DtlsConfig.DTLS_RECEIVE_BUFFER_SIZE, s.sockets().socketReceiveBufferBytes());
        config.set(DtlsConfig.DTLS_SEND_BUFFER_SIZE, s.sockets().socketSendBufferBytes());
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, s.sockets().connectionIdLength());
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, s.peers().maxDtlsConnections());
        config.set(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, s.peers().staleConnection().toSeconds(), TimeUnit.SECONDS);
        // No session ids, so no abbreviated handshakes: a revoked device cannot resume an old
        // session, every new connection asks the directory again. PSK handshakes are cheap.
        config.set(DtlsConfig.DTLS_SERVER_USE_SESSION_ID, false);
        return config;
    }
}

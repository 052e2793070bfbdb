package org.homeward.gateway.adapter.coap;

import java.net.InetSocketAddress;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.DatagramFilter;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.SessionListener;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

/**
 * Assembles the server's {@link DTLSConnector}: PSK from the device directory (always), X.509
 * when configured (client certificates required or optional, CN = device id), Connection ID so a
 * device that changes address keeps its session, the handshake observer, and the per-address share of
 * the connection store.
 */
final class DtlsConnectorFactory {

    private DtlsConnectorFactory() {
    }

    /**
     * The connector with {@code filter} for raw datagrams and a {@link SharedConnectionStore} that bounds
     * what one address may hold unauthenticated ({@code coaps.max-unauthenticated-per-address}).
     */
    static DTLSConnector create(CoapSettings settings, Configuration config, AdvancedPskStore pskStore,
                                SessionListener observer, DatagramFilter filter, CoapMetrics metrics) {
        SharedConnectionStore store = new SharedConnectionStore(settings.peers().maxDtlsConnections(),
                settings.peers().staleConnection().toSeconds(), null,
                config.get(DtlsConfig.DTLS_REMOVE_STALE_DOUBLE_PRINCIPALS),
                settings.peers().maxUnauthenticatedPerAddress(), metrics);
        store.setTag("coaps");
        DtlsConnectorConfig.Builder builder = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(settings.listeners().host(), settings.listeners().coapsPort()))
                .setLoggingTag("coaps")
                .setAdvancedPskStore(pskStore)
                .setSessionListener(observer)
                .setConnectionListener(store)
                .setDatagramFilter(filter);
        if (settings.x509() != null) {
            addCertificates(builder, settings.x509());
        }
        return new SharedStoreConnector(builder.build(), store);
    }

    /** Scandium takes a connection store of one's own only through its protected constructor. */
    private static final class SharedStoreConnector extends DTLSConnector {
        SharedStoreConnector(DtlsConnectorConfig config, SharedConnectionStore store) {
            super(config, store);
        }
    }

    private static void addCertificates(DtlsConnectorConfig.Builder builder, CoapSettings.X509 x509) {
        X509Credentials.Loaded loaded = X509Credentials.load(x509);
        builder.setCertificateIdentityProvider(new SingleCertificateProvider(loaded.privateKey(), loaded.chain(),
                        CertificateType.X_509))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedCertificates(loaded.trustedCas()).build())
                .set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, x509.clientCertRequired()
                        ? CertificateAuthenticationMode.NEEDED : CertificateAuthenticationMode.WANTED);
    }
}

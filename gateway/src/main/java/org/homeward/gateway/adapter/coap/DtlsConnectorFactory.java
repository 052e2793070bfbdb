package org.homeward.gateway.adapter.coap;

import java.net.InetSocketAddress;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
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
 * device that changes address keeps its session, and the handshake observer.
 */
final class DtlsConnectorFactory {

    private DtlsConnectorFactory() {
    }

    static DTLSConnector create(CoapSettings settings, Configuration config, AdvancedPskStore pskStore,
                                SessionListener observer) {
        return create(settings, config, pskStore, observer, null);
    }

    /** With a datagram filter (null = Scandium's default). */
    static DTLSConnector create(CoapSettings settings, Configuration config, AdvancedPskStore pskStore,
                                SessionListener observer, org.eclipse.californium.scandium.DatagramFilter filter) {
        DtlsConnectorConfig.Builder builder = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(settings.listeners().host(), settings.listeners().coapsPort()))
                .setLoggingTag("coaps")
                .setAdvancedPskStore(pskStore)
                .setSessionListener(observer);
        if (filter != null) {
            builder.setDatagramFilter(filter);
        }
        if (settings.x509() != null) {
            addCertificates(builder, settings.x509());
        }
        return new DTLSConnector(builder.build());
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

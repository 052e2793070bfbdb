package org.homeward.gateway.adapter.coap;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.elements.util.SslContextUtil;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

/**
 * A device as a Californium client with its own endpoint on an ephemeral loopback port and an
 * explicit configuration (so no Californium3.properties appears).
 */
final class TestCoapClient implements AutoCloseable {
    /**
     * How long the client keeps trying. Tests that expect success use generous defaults (a
     * loaded CI machine may be slow); tests that expect a refusal shorten the retransmissions so
     * the failure shows within a few seconds.
     */
    enum Patience {
        /** DTLS 1 s x 4, CoAP 2 s x 4: success paths. */
        PATIENT(1000, 4, 2000, 4),
        /** DTLS as patient, CoAP 500 ms x 2: a lost request fails in ~5 s. */
        QUICK_COAP(1000, 4, 500, 2),
        /** DTLS 500 ms x 2, CoAP 500 ms x 2: a refused handshake fails in ~4 s. */
        QUICK(500, 2, 500, 2);

        final int dtlsMillis;
        final int dtlsRetransmissions;
        final int ackMillis;
        final int coapRetransmissions;

        Patience(int dtlsMillis, int dtlsRetransmissions, int ackMillis, int coapRetransmissions) {
            this.dtlsMillis = dtlsMillis;
            this.dtlsRetransmissions = dtlsRetransmissions;
            this.ackMillis = ackMillis;
            this.coapRetransmissions = coapRetransmissions;
        }
    }

    private final CoapEndpoint endpoint;
    private final String scheme;
    /** CoAP retransmissions of CON requests sent by this client so far. */
    final java.util.concurrent.atomic.AtomicInteger retransmissions = new java.util.concurrent.atomic.AtomicInteger();

    private TestCoapClient(CoapEndpoint endpoint, String scheme) throws Exception {
        this.endpoint = endpoint;
        this.scheme = scheme;
        endpoint.start();
    }

    static TestCoapClient dtls(String identity, String secret) throws Exception {
        return dtls(identity, secret, Patience.PATIENT);
    }

    static TestCoapClient dtls(String identity, String secret, Patience patience) throws Exception {
        Configuration config = config(patience);
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, secret.getBytes(StandardCharsets.UTF_8)))
                .build());
        return new TestCoapClient(new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector)
                .build(), "coaps");
    }

    /** A certificate device: {@code credentialsPem} holds its key and chain, {@code caPem} the server's CA. */
    static TestCoapClient x509(java.nio.file.Path credentialsPem, java.nio.file.Path caPem) throws Exception {
        Configuration config = config(Patience.PATIENT);
        config.set(DtlsConfig.DTLS_VERIFY_SERVER_CERTIFICATES_SUBJECT, false); // test cert has no 127.0.0.1 SAN
        SslContextUtil.Credentials credentials;
        try (var in = java.nio.file.Files.newInputStream(credentialsPem)) {
            credentials = SslContextUtil.loadPemCredentials(in);
        }
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setCertificateIdentityProvider(new SingleCertificateProvider(credentials.getPrivateKey(),
                        credentials.getCertificateChain(), CertificateType.X_509))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedCertificates(SslContextUtil.loadTrustedCertificates(caPem.toString())).build())
                .build());
        return new TestCoapClient(new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector)
                .build(), "coaps");
    }

    static TestCoapClient plain() throws Exception {
        Configuration config = config(Patience.PATIENT);
        UDPConnector connector = new UDPConnector(new InetSocketAddress("127.0.0.1", 0), config);
        return new TestCoapClient(new CoapEndpoint.Builder().setConfiguration(config).setConnector(connector)
                .build(), "coap");
    }

    private static Configuration config(Patience patience) {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS, SystemConfig.DEFINITIONS);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0); // support CID, the server chooses one
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, patience.dtlsMillis, TimeUnit.MILLISECONDS);
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, patience.dtlsRetransmissions);
        config.set(CoapConfig.ACK_TIMEOUT, patience.ackMillis, TimeUnit.MILLISECONDS);
        config.set(CoapConfig.MAX_RETRANSMIT, patience.coapRetransmissions);
        return config;
    }

    /** The local address the client sends from. */
    InetSocketAddress localAddress() {
        return endpoint.getAddress();
    }

    CompletableFuture<Response> post(int port, String pathAndQuery, int contentFormat, byte[] payload, Type type) {
        return post("127.0.0.1", port, pathAndQuery, contentFormat, payload, type);
    }

    /** Sends a POST; the future completes with the response or fails (handshake, timeout, send error). */
    CompletableFuture<Response> post(String host, int port, String pathAndQuery, int contentFormat, byte[] payload,
                                     Type type) {
        Request request = Request.newPost();
        request.setType(type);
        request.setURI(scheme + "://" + host + ":" + port + pathAndQuery);
        if (contentFormat >= 0) {
            request.getOptions().setContentFormat(contentFormat);
        }
        request.setPayload(payload);
        return send(request);
    }

    /** Sends any request to {@code path} on the loopback server. */
    CompletableFuture<Response> get(int port, String path) {
        Request request = Request.newGet();
        request.setURI(scheme + "://127.0.0.1:" + port + path);
        return send(request);
    }

    private CompletableFuture<Response> send(Request request) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        request.addMessageObserver(new MessageObserverAdapter() {
            @Override
            public void onResponse(Response response) {
                result.complete(response);
            }

            @Override
            public void onRetransmission() {
                retransmissions.incrementAndGet();
            }

            @Override
            public void onTimeout() {
                result.completeExceptionally(new TimeoutException("no response"));
            }

            @Override
            public void onSendError(Throwable error) {
                result.completeExceptionally(error);
            }

            @Override
            public void onReject() {
                result.completeExceptionally(new IllegalStateException("rejected"));
            }

            @Override
            public void onCancel() {
                result.completeExceptionally(new IllegalStateException("cancelled"));
            }
        });
        endpoint.sendRequest(request);
        return result;
    }

    @Override
    public void close() {
        endpoint.destroy();
    }
}

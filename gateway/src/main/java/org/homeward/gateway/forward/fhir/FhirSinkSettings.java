package org.homeward.gateway.forward.fhir;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Settings of the FHIR R4 sink ({@code forward.fhir.*}).
 *
 * @param baseUrl          FHIR base, e.g. {@code https://fhir.example.org/r4} ({@code forward.fhir.base-url})
 * @param gatewayId        this gateway's id: referenced as {@code Device/<gatewayId>} in the PHD
 *                         {@code gatewayDevice} extension
 * @param identifierSystem system URI of the idempotency-key identifier on every Observation
 * @param bearerToken      a fixed token sent as {@code Authorization: Bearer ...}; null for none
 * @param oauth2           SMART Backend Services client credentials (token fetched, cached, renewed on 401);
 *                         null for none; excludes {@code bearerToken}
 * @param sslContext       TLS context (trust store, and a key store for mutual TLS); null for the JVM default
 * @param connectTimeout   TCP/TLS connect time-out
 * @param requestTimeout   time-out of one transaction POST, response included
 */
public record FhirSinkSettings(URI baseUrl, String gatewayId, String identifierSystem, String bearerToken,
                               SmartBackendAuth oauth2, SSLContext sslContext, Duration connectTimeout,
                               Duration requestTimeout) {
    public static final String DEFAULT_IDENTIFIER_SYSTEM = "urn:homeward:forward-key";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public FhirSinkSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(identifierSystem, "identifierSystem");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (bearerToken != null && oauth2 != null) {
            throw new IllegalArgumentException("forward.fhir: set either bearer-token or oauth2, not both");
        }
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("forward.fhir.base-url must be http(s): " + baseUrl);
        }
    }

    /** Defaults: key system {@value #DEFAULT_IDENTIFIER_SYSTEM}, no token, JVM TLS, 5 s connect, 30 s request. */
    public static FhirSinkSettings defaults(URI baseUrl, String gatewayId) {
        return new FhirSinkSettings(baseUrl, gatewayId, DEFAULT_IDENTIFIER_SYSTEM, null, null, null,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    public FhirSinkSettings withBearerToken(String token) {
        return new FhirSinkSettings(baseUrl, gatewayId, identifierSystem, token, oauth2, sslContext, connectTimeout,
                requestTimeout);
    }

    public FhirSinkSettings withOauth2(SmartBackendAuth auth) {
        return new FhirSinkSettings(baseUrl, gatewayId, identifierSystem, bearerToken, auth, sslContext,
                connectTimeout, requestTimeout);
    }

    public FhirSinkSettings withSslContext(SSLContext context) {
        return new FhirSinkSettings(baseUrl, gatewayId, identifierSystem, bearerToken, oauth2, context,
                connectTimeout, requestTimeout);
    }

    /**
     * TLS from PEM files: the CAs to trust (null = the JVM's trust store) and, for mutual TLS, the
     * client certificate chain and its PKCS#8 key (both or neither).
     */
    public FhirSinkSettings withTls(java.nio.file.Path trustPem, java.nio.file.Path clientCertPem,
                                    java.nio.file.Path clientKeyPem) {
        if ((clientCertPem == null) != (clientKeyPem == null)) {
            throw new IllegalArgumentException("forward.fhir.tls: client-cert and client-key go together");
        }
        return withSslContext(PemFiles.sslContext(trustPem, clientCertPem, clientKeyPem));
    }

    public FhirSinkSettings withTimeouts(Duration connect, Duration request) {
        return new FhirSinkSettings(baseUrl, gatewayId, identifierSystem, bearerToken, oauth2, sslContext, connect,
                request);
    }
}

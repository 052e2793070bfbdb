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
 * @param bearerToken      sent as {@code Authorization: Bearer ...}; null for none
 * @param sslContext       TLS context (trust store, and a key store for mutual TLS); null for the JVM default
 * @param connectTimeout   TCP/TLS connect time-out
 * @param requestTimeout   time-out of one transaction POST, response included
 */
public record FhirSinkSettings(URI baseUrl, String gatewayId, String identifierSystem, String bearerToken,
                               SSLContext sslContext, Duration connectTimeout, Duration requestTimeout) {
    public static final String DEFAULT_IDENTIFIER_SYSTEM = "urn:homeward:forward-key";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public FhirSinkSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(identifierSystem, "identifierSystem");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("forward.fhir.base-url must be http(s): " + baseUrl);
        }
    }

    /** Defaults: key system {@value #DEFAULT_IDENTIFIER_SYSTEM}, no token, JVM TLS, 5 s connect, 30 s request. */
    public static FhirSinkSettings defaults(URI baseUrl, String gatewayId) {
        return new FhirSinkSettings(baseUrl, gatewayId, DEFAULT_IDENTIFIER_SYSTEM, null, null,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    public FhirSinkSettings withBearerToken(String token) {
        return new FhirSinkSettings(baseUrl, gatewayId, identifierSystem, token, sslContext, connectTimeout,
                requestTimeout);
    }

    public FhirSinkSettings withSslContext(SSLContext context) {
        return new FhirSinkSettings(baseUrl, gatewayId, identifierSystem, bearerToken, context, connectTimeout,
                requestTimeout);
    }

    public FhirSinkSettings withTimeouts(Duration connect, Duration request) {
        return new FhirSinkSettings(baseUrl, gatewayId, identifierSystem, bearerToken, sslContext, connect, request);
    }
}

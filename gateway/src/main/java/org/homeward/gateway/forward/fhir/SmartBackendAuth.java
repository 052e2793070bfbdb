package org.homeward.gateway.forward.fhir;

import java.net.URI;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Objects;

/**
 * OAuth2 client credentials with a private-key JWT client assertion, as SMART Backend Services
 * (SMART App Launch 2, "backend services") require of a system client ({@code forward.fhir.oauth2.*}).
 *
 * @param tokenUrl  the authorization server's token endpoint
 * @param clientId  the client id the hospital registered for this gateway (JWT {@code iss} and {@code sub})
 * @param scope     requested scope, e.g. {@code system/Observation.write system/Flag.write system/Patient.write system/Device.write}
 * @param key       the private key whose public half (JWKS) the hospital registered
 * @param algorithm {@code RS384} (RSA key) or {@code ES384} (EC P-384 key), the two SMART requires servers to support
 * @param keyId     JWT header {@code kid}: the key's id in the registered JWKS
 */
public record SmartBackendAuth(URI tokenUrl, String clientId, String scope, PrivateKey key, String algorithm,
                               String keyId) {
    public SmartBackendAuth {
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(keyId, "keyId");
        if (!"RS384".equals(algorithm) && !"ES384".equals(algorithm)) {
            throw new IllegalArgumentException("forward.fhir.oauth2.algorithm must be RS384 or ES384: " + algorithm);
        }
        String expected = "RS384".equals(algorithm) ? "RSA" : "EC";
        if (!expected.equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("forward.fhir.oauth2.private-key: " + algorithm + " needs an "
                    + expected + " key, the file holds an " + key.getAlgorithm() + " key");
        }
    }

    /** Reads the key from a PKCS#8 PEM file (fails with a message naming the setting and file). */
    public static SmartBackendAuth of(URI tokenUrl, String clientId, String scope, Path privateKeyPem,
                                      String algorithm, String keyId) {
        return new SmartBackendAuth(tokenUrl, clientId, scope,
                PemFiles.privateKey("forward.fhir.oauth2.private-key", privateKeyPem), algorithm, keyId);
    }
}

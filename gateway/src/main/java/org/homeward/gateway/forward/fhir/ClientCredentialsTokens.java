package org.homeward.gateway.forward.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * SMART Backend Services tokens: a client-credentials grant authenticated by a signed JWT
 * ({@code private_key_jwt}, RFC 7523): {@code iss = sub = client id}, {@code aud = token URL},
 * a five-minute {@code exp} and a fresh {@code jti}, signed RS384 or ES384. The access token is
 * cached until {@value #MARGIN_SECONDS} s (or a tenth of its lifetime, if shorter) before it
 * expires, and dropped at once when the FHIR server answers 401. Single-threaded (see
 * {@link AccessTokens}).
 */
final class ClientCredentialsTokens implements AccessTokens {
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final long MARGIN_SECONDS = 60;
    private static final long ASSERTION_LIFETIME_SECONDS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SmartBackendAuth auth;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private String token;
    private long refreshAtMillis;

    ClientCredentialsTokens(SmartBackendAuth auth, HttpClient http, Duration timeout, Clock clock) {
        this.auth = auth;
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public String token() throws IOException {
        if (token == null || clock.millis() >= refreshAtMillis) {
            fetch();
        }
        return token;
    }

    @Override
    public void invalidate() {
        token = null;
    }

    private void fetch() throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", auth.scope());
        form.put("client_assertion_type", ASSERTION_TYPE);
        form.put("client_assertion", assertion());
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest req = HttpRequest.newBuilder(auth.tokenUrl()).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching a token", e);
        }
        if (resp.statusCode() != 200) {
            throw new IOException("token endpoint answered HTTP " + resp.statusCode() + ": "
                    + resp.body().substring(0, Math.min(200, resp.body().length())));
        }
        JsonNode json = JSON.readTree(resp.body());
        String access = json.path("access_token").asText("");
        if (access.isEmpty()) {
            throw new IOException("token endpoint answered without access_token");
        }
        long lifetime = json.path("expires_in").asLong(300);
        long margin = Math.min(MARGIN_SECONDS, lifetime / 10);
        token = access;
        refreshAtMillis = clock.millis() + (lifetime - margin) * 1000;
    }

    /** The signed client assertion (compact JWS). */
    String assertion() throws IOException {
        long now = clock.millis() / 1000;
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", auth.algorithm());
        header.put("typ", "JWT");
        header.put("kid", auth.keyId());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", auth.clientId());
        claims.put("sub", auth.clientId());
        claims.put("aud", auth.tokenUrl().toString());
        claims.put("exp", now + ASSERTION_LIFETIME_SECONDS);
        claims.put("jti", UUID.randomUUID().toString());
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + b64.encodeToString(JSON.writeValueAsBytes(claims));
        try {
            // JWS ES384 wants the raw R||S signature (IEEE P1363), not the DER the plain algorithm gives.
            Signature s = Signature.getInstance("RS384".equals(auth.algorithm()) ? "SHA384withRSA"
                    : "SHA384withECDSAinP1363Format");
            s.initSign(auth.key());
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign the client assertion: " + e.getMessage(), e);
        }
    }
}

package org.homeward.gateway.forward.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.DeliveryResult;
import org.homeward.gateway.forward.ForwardRecord;
import org.homeward.gateway.forward.TestRecords;
import org.homeward.gateway.journal.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMART Backend Services client credentials, our own client logic against a small local
 * authorization server (JDK HttpServer) that checks what a real one checks: the form, and the
 * client assertion's signature (with the registered public key), issuer, subject, audience and
 * expiry. A stub FHIR endpoint accepts only the token the authorization server issued last.
 */
@Timeout(60)
class ClientCredentialsTokensTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    HttpServer http;
    final AtomicInteger issued = new AtomicInteger();
    final AtomicReference<String> validToken = new AtomicReference<>("");
    final List<String> assertionFailures = new CopyOnWriteArrayList<>();
    final List<String> fhirAuthorizations = new CopyOnWriteArrayList<>();
    final MutableClock clock = new MutableClock(1_800_000_000_000L);
    volatile PublicKey registeredKey;
    volatile String registeredAlgorithm;
    URI tokenUrl;
    URI fhirUrl;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/token", this::token);
        http.createContext("/fhir", ex -> {
            ex.getRequestBody().readAllBytes();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            fhirAuthorizations.add(auth);
            respond(ex, ("Bearer " + validToken.get()).equals(auth) ? 200 : 401, "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}");
        });
        http.start();
        tokenUrl = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/token");
        fhirUrl = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/fhir");
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    @Test
    void givenAnRs384Key_whenDeliveringTwice_thenOneVerifiedAssertionGetsATokenThatIsCachedAndSent() throws Exception {
        FhirSink sink = sink(keyFromPemFile("RSA", "RS384"));
        assertThat(sink.deliver(List.of(temp(1)))).containsExactly(DeliveryResult.ok());
        assertThat(sink.deliver(List.of(temp(2)))).containsExactly(DeliveryResult.ok());
        assertThat(assertionFailures).isEmpty();
        assertThat(issued.get()).isEqualTo(1);
        assertThat(fhirAuthorizations).containsExactly("Bearer token-1", "Bearer token-1");
    }

    @Test
    void givenAnEs384Key_whenDelivering_thenTheP1363SignatureVerifies() throws Exception {
        FhirSink sink = sink(keyFromPemFile("EC", "ES384"));
        assertThat(sink.deliver(List.of(temp(1)))).containsExactly(DeliveryResult.ok());
        assertThat(assertionFailures).isEmpty();
        assertThat(issued.get()).isEqualTo(1);
    }

    @Test
    void givenTheServerNoLongerAcceptsTheToken_whenItAnswers401_thenANewTokenIsFetchedAndTheRequestResent() throws Exception {
        FhirSink sink = sink(keyFromPemFile("RSA", "RS384"));
        assertThat(sink.deliver(List.of(temp(1)))).containsExactly(DeliveryResult.ok());
        validToken.set("revoked-by-the-server");

        assertThat(sink.deliver(List.of(temp(2)))).containsExactly(DeliveryResult.ok());
        assertThat(issued.get()).isEqualTo(2);
        assertThat(fhirAuthorizations).containsExactly("Bearer token-1", "Bearer token-1", "Bearer token-2");
    }

    @Test
    void givenATokenNearItsExpiry_whenDelivering_thenItIsRenewedBeforeUseNotAfterA401() throws Exception {
        FhirSink sink = sink(keyFromPemFile("RSA", "RS384"));
        sink.deliver(List.of(temp(1)));
        clock.advance(Duration.ofSeconds(260).toMillis()); // expires_in 300, margin 30 s: still valid
        sink.deliver(List.of(temp(2)));
        assertThat(issued.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(15).toMillis()); // 275 s: inside the margin
        sink.deliver(List.of(temp(3)));
        assertThat(issued.get()).isEqualTo(2);
        assertThat(fhirAuthorizations).containsExactly("Bearer token-1", "Bearer token-1", "Bearer token-2");
    }

    @Test
    void givenAKeyTheServerDoesNotKnow_whenTheTokenEndpointRefuses_thenTheBatchIsTransient() throws Exception {
        SmartBackendAuth auth = keyFromPemFile("RSA", "RS384");
        registeredKey = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic(); // another key
        DeliveryResult r = new FhirSink(FhirSinkSettings.defaults(fhirUrl, "gw1").withOauth2(auth),
                SharedFhirContext.R4, clock).deliver(List.of(temp(1))).get(0);
        assertThat(r.outcome()).isEqualTo(DeliveryResult.Outcome.TRANSIENT);
        assertThat(r.reason()).contains("token endpoint answered HTTP 401");
        assertThat(fhirAuthorizations).isEmpty();
    }

    @Test
    void givenAnRsaKeyForEs384_whenConfigured_thenStartUpFailsNamingTheSetting() throws Exception {
        SmartBackendAuth rsa = keyFromPemFile("RSA", "RS384");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SmartBackendAuth(tokenUrl, "c", "s", rsa.key(),
                "ES384", "k")).hasMessageContaining("forward.fhir.oauth2").hasMessageContaining("needs an EC key");
    }

    // --- harness ---------------------------------------------------------------------------

    private FhirSink sink(SmartBackendAuth auth) {
        return new FhirSink(FhirSinkSettings.defaults(fhirUrl, "gw1").withOauth2(auth), SharedFhirContext.R4, clock);
    }

    /** A fresh key pair: the public half is "registered" with the server, the private half goes through a PEM file. */
    private SmartBackendAuth keyFromPemFile(String type, String algorithm) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(type);
        if ("EC".equals(type)) {
            g.initialize(new ECGenParameterSpec("secp384r1"));
        } else {
            g.initialize(2048);
        }
        KeyPair kp = g.generateKeyPair();
        registeredKey = kp.getPublic();
        registeredAlgorithm = algorithm;
        Path pem = dir.resolve("client-" + type + ".pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(kp.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return SmartBackendAuth.of(tokenUrl, "homeward-gw1", "system/Observation.write", pem, algorithm, "key-1");
    }

    private static ForwardRecord temp(int n) {
        return ForwardRecord.reading("gw1", n, 0, TestRecords.reading("p1", Vital.TEMP, 37, n));
    }

    /** The authorization server: checks the form and the client assertion like a real one would. */
    private void token(HttpExchange ex) throws IOException {
        Map<String, String> form = new HashMap<>();
        for (String kv : new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            String[] p = kv.split("=", 2);
            form.put(p[0], URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        String why = check(form);
        if (why != null) {
            assertionFailures.add(why);
            respond(ex, 401, "{\"error\":\"invalid_client\",\"error_description\":\"" + why + "\"}");
            return;
        }
        String token = "token-" + issued.incrementAndGet();
        validToken.set(token);
        respond(ex, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":300,"
                + "\"scope\":\"" + form.get("scope") + "\"}");
    }

    private String check(Map<String, String> form) {
        if (!"client_credentials".equals(form.get("grant_type"))
                || !ClientCredentialsTokens.ASSERTION_TYPE.equals(form.get("client_assertion_type"))
                || !"system/Observation.write".equals(form.get("scope"))) {
            return "bad form " + form.keySet();
        }
        String[] jws = form.get("client_assertion").split("\\.");
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            JsonNode header = JSON.readTree(d.decode(jws[0]));
            JsonNode claims = JSON.readTree(d.decode(jws[1]));
            Signature v = Signature.getInstance("RS384".equals(registeredAlgorithm) ? "SHA384withRSA"
                    : "SHA384withECDSAinP1363Format");
            v.initVerify(registeredKey);
            v.update((jws[0] + "." + jws[1]).getBytes(StandardCharsets.US_ASCII));
            if (!v.verify(d.decode(jws[2]))) {
                return "signature";
            }
            long nowSeconds = clock.millis() / 1000;
            boolean ok = registeredAlgorithm.equals(header.path("alg").asText()) && "key-1".equals(header.path("kid").asText())
                    && "homeward-gw1".equals(claims.path("iss").asText()) && "homeward-gw1".equals(claims.path("sub").asText())
                    && tokenUrl.toString().equals(claims.path("aud").asText())
                    && claims.path("exp").asLong() > nowSeconds && claims.path("exp").asLong() <= nowSeconds + 300
                    && !claims.path("jti").asText().isEmpty();
            return ok ? null : "claims " + claims;
        } catch (Exception e) {
            return "unreadable assertion: " + e;
        }
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }
}

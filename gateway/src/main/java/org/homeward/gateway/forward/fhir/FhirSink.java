package org.homeward.gateway.forward.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.homeward.gateway.forward.DeliveryResult;
import org.homeward.gateway.forward.ForwardRecord;
import org.homeward.gateway.forward.Sink;

/**
 * FHIR R4 sink: one {@code transaction} Bundle per batch, POSTed to the base URL with
 * java.net.http (the referenced Patient and Device resources by PUT with stable ids,
 * Observations by conditional create on the idempotency key, alarm Flags by conditional update
 * on the alarm id). A transaction is all-or-nothing: 2xx confirms every record. Only a refusal
 * of the content — 400 or 422 with an OperationOutcome — is retried entry by entry to find the
 * offending record, which is PERMANENT with the server's diagnostics as reason, while the others
 * go through. Everything else is TRANSIENT for the whole batch and retried by the forwarder:
 * 401/403 (credentials: after a 401 an OAuth2 token is dropped and the request re-sent once with
 * a new one), 404/405 (a wrong base URL), 408, 409, 412, 429, 5xx, a 4xx without an
 * OperationOutcome (a proxy's page), I/O errors, time-outs, a token endpoint that does not answer.
 * Readings that are not vital signs are confirmed without being sent. Single-threaded use (see
 * {@link Sink}).
 */
public final class FhirSink implements Sink {
    private static final String FHIR_JSON = "application/fhir+json";

    private final FhirSinkSettings settings;
    private final IParser parser;
    private final BundleUnits units;
    private final HttpClient http;
    private final URI endpoint;
    private final AccessTokens tokens;
    private volatile boolean closed;

    public FhirSink(FhirSinkSettings settings) {
        this(settings, SharedFhirContext.R4);
    }

    /** With a caller's FhirContext (expensive: create one per process and share it). */
    public FhirSink(FhirSinkSettings settings, FhirContext context) {
        this(settings, context, java.time.Clock.systemUTC());
    }

    /** With a clock for the token cache (tests). */
    public FhirSink(FhirSinkSettings settings, FhirContext context, java.time.Clock clock) {
        this.settings = settings;
        this.parser = context.newJsonParser();
        this.units = new BundleUnits(settings.identifierSystem(), settings.gatewayId());
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1);
        if (settings.sslContext() != null) {
            b.sslContext(settings.sslContext());
        }
        this.http = b.build();
        if (settings.oauth2() != null) {
            this.tokens = new ClientCredentialsTokens(settings.oauth2(), http, settings.requestTimeout(), clock);
        } else {
            this.tokens = settings.bearerToken() == null ? AccessTokens.NONE : AccessTokens.fixed(settings.bearerToken());
        }
        String base = settings.baseUrl().toString();
        this.endpoint = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    @Override
    public String name() {
        return "fhir";
    }

    @Override
    public List<DeliveryResult> deliver(List<ForwardRecord> batch) {
        DeliveryResult[] results = new DeliveryResult[batch.size()];
        Arrays.fill(results, DeliveryResult.ok());
        List<BundleUnits.Unit> all = units.units(batch);
        if (all.isEmpty()) {
            return List.of(results);
        }
        DeliveryResult whole = post(all);
        if (whole.outcome() == DeliveryResult.Outcome.PERMANENT && all.size() > 1) {
            isolate(all, results);
        } else {
            all.forEach(u -> u.positions().forEach(p -> results[p] = whole));
        }
        return List.of(results);
    }

    /** Sends units one by one; stops at the first transient failure (order, see Sink). */
    private void isolate(List<BundleUnits.Unit> all, DeliveryResult[] results) {
        boolean failed = false;
        for (BundleUnits.Unit u : all) {
            DeliveryResult r = failed ? DeliveryResult.transientFailure("not sent after an earlier failure")
                    : post(List.of(u));
            failed |= r.outcome() == DeliveryResult.Outcome.TRANSIENT;
            u.positions().forEach(p -> results[p] = r);
        }
    }

    private DeliveryResult post(List<BundleUnits.Unit> batch) {
        if (closed) {
            return DeliveryResult.transientFailure("sink closed");
        }
        String body = parser.encodeResourceToString(BundleUnits.transaction(batch));
        try {
            HttpResponse<String> resp = send(body);
            if (resp.statusCode() == 401) {
                tokens.invalidate();
                resp = send(body);
            }
            return classify(resp.statusCode(), resp.body());
        } catch (IOException e) {
            return DeliveryResult.transientFailure("I/O: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.transientFailure("interrupted");
        }
    }

    private HttpResponse<String> send(String body) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(settings.requestTimeout())
                .header("Content-Type", FHIR_JSON + "; charset=utf-8").header("Accept", FHIR_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        String token = tokens.token();
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private DeliveryResult classify(int status, String body) {
        if (status >= 200 && status < 300) {
            return DeliveryResult.ok();
        }
        OperationOutcome oo = operationOutcome(body);
        String reason = "HTTP " + status + ": " + (oo != null ? diagnostics(oo) : abbreviate(body));
        if ((status == 400 || status == 422) && oo != null) {
            return DeliveryResult.permanentFailure(reason);
        }
        return DeliveryResult.transientFailure(reason);
    }

    private OperationOutcome operationOutcome(String body) {
        try {
            return parser.parseResource(body) instanceof OperationOutcome oo ? oo : null;
        } catch (RuntimeException e) {
            return null; // not FHIR: a proxy's or load balancer's page
        }
    }

    private static String diagnostics(OperationOutcome oo) {
        List<String> parts = new ArrayList<>();
        oo.getIssue().forEach(i -> parts.add(i.getDiagnostics()));
        return String.join("; ", parts);
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.substring(0, Math.min(200, body.length()));
    }

    @Override
    public void close() {
        closed = true;
    }
}

package org.homeward.gateway.forward.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.homeward.gateway.forward.Forwarder;
import org.homeward.gateway.forward.ForwarderSettings;
import org.homeward.gateway.forward.InMemoryJournal;
import org.homeward.gateway.forward.TestRecords;
import org.homeward.gateway.forward.Workload;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The FHIR sink against a real HAPI RestfulServer in Jetty, through the real Forwarder. */
@Timeout(120)
class FhirSinkTest {
    static final FhirContext CTX = FhirContext.forR4();
    static final ForwarderSettings FAST = ForwarderSettings.defaults().withPollInterval(Duration.ofMillis(20))
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400));
    static final int ENTRIES = Integer.getInteger("forward.bench.entries", 200);
    static FhirTestServer server;

    @TempDir
    Path dir;
    final InMemoryJournal journal = new InMemoryJournal();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void startServer() throws Exception {
        server = new FhirTestServer(CTX);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    /** Each test journals from sequence 1, so each uses its own gateway id: keys must not collide on the shared server. */
    Forwarder forwarder(Path dataDir, String gatewayId) throws Exception {
        FhirSinkSettings settings = FhirSinkSettings.defaults(URI.create(server.baseUrl()), gatewayId)
                .withBearerToken("t0ken").withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10));
        return new Forwarder(journal, new FhirSink(settings, CTX), FAST, dataDir, gatewayId, registry, Clock.systemUTC());
    }

    /** Everything the server holds for a patient, read over HTTP (following paging links) and parsed by HAPI. */
    List<Observation> serverObservations(String patient) throws Exception {
        IParser parser = CTX.newJsonParser();
        List<Observation> all = new java.util.ArrayList<>();
        String url = server.baseUrl() + "/Observation?_count=1000";
        while (url != null) {
            HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            Bundle b = parser.parseResource(Bundle.class, resp.body());
            b.getEntry().forEach(e -> all.add((Observation) e.getResource()));
            url = b.getLink("next") == null ? null : b.getLink("next").getUrl();
        }
        return all.stream().filter(o -> o.getSubject().getReference().equals("Patient/" + patient)).toList();
    }

    static List<String> keys(List<Observation> obs) {
        return obs.stream().map(o -> o.getIdentifierFirstRep().getValue()).toList();
    }

    @Test
    void everyVitalSignArrivesOnceInPatientOrderWithProfileCodesAndUnits() throws Exception {
        Workload w = new Workload("fa", "fb").append(journal, 1, ENTRIES + 1);
        long t0 = System.nanoTime();
        try (Forwarder f = forwarder(dir, "gw1")) {
            f.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> f.cursor() == journal.lastSequence());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("FHIR throughput: %d records (%d observations) in %d ms = %.0f records/s%n",
                w.readings + w.alarms, w.observations(), ms, (w.readings + w.alarms) * 1000.0 / Math.max(1, ms));

        for (String p : w.patients) {
            List<Observation> obs = serverObservations(p);
            assertThat(obs).hasSize(w.observations() / 2);
            assertThat(Workload.ascending(keys(obs))).as("per-patient order").isTrue();
        }
        List<Observation> fa = serverObservations("fa");
        Observation spo2 = fa.stream().filter(o -> o.getMeta().hasProfile(FhirTerms.PROFILE_BASE + "oxygensat"))
                .findFirst().orElseThrow();
        assertThat(spo2.getCode().getCoding()).extracting(Coding::getSystem, Coding::getCode).contains(
                org.assertj.core.groups.Tuple.tuple(FhirTerms.LOINC, "2708-6"),
                org.assertj.core.groups.Tuple.tuple(FhirTerms.LOINC, "59408-5"),
                org.assertj.core.groups.Tuple.tuple(FhirTerms.MDC, "150456"));
        Quantity q = spo2.getValueQuantity();
        assertThat(q.getSystem()).isEqualTo(FhirTerms.UCUM);
        assertThat(q.getCode()).isEqualTo("%");
        assertThat(spo2.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertThat(spo2.getDevice().getReference()).isEqualTo("Device/dev-fa");
        assertThat(((Reference) spo2.getExtensionByUrl(FhirTerms.GATEWAY_DEVICE).getValue()).getReference())
                .isEqualTo("Device/gw1");
        assertThat(spo2.getIdentifierFirstRep().getSystem()).isEqualTo(FhirSinkSettings.DEFAULT_IDENTIFIER_SYSTEM);

        Observation temp = fa.stream().filter(o -> o.getCode().getCodingFirstRep().getCode().equals("8310-5"))
                .findFirst().orElseThrow();
        assertThat(temp.getValueQuantity().getCode()).isEqualTo("Cel");
        assertThat(temp.getEffectiveDateTimeType().getValue().getTime()).isEqualTo(TestRecords.T0 + 1000L);

        Observation bp = fa.stream().filter(o -> o.getCode().getCodingFirstRep().getCode().equals("85354-9"))
                .findFirst().orElseThrow();
        assertThat(bp.getMeta().hasProfile(FhirTerms.PROFILE_BASE + "bp")).isTrue();
        assertThat(bp.getComponent()).extracting(c -> c.getCode().getCodingFirstRep().getCode())
                .containsExactly("8480-6", "8462-4");
        assertThat(bp.getComponent().get(0).getValueQuantity().getCode()).isEqualTo("mm[Hg]");

        Observation late = fa.stream().filter(o -> o.hasExtension(FhirTerms.LATE_READING)).findFirst().orElseThrow();
        assertThat(((BooleanType) late.getExtensionByUrl(FhirTerms.LATE_READING).getValue()).booleanValue()).isTrue();
        assertThat(late.hasExtension(FhirTerms.SIGNAL_QUALITY)).isTrue();
        assertThat(late.getEffectiveDateTimeType().getValue()).isBefore(late.getIssued());
        assertThat(fa).noneMatch(o -> o.getCode().getCodingFirstRep().getCode() == null);

        synchronized (server.store) {
            assertThat(server.store.flags).isNotEmpty();
            Flag flag = server.store.flags.values().iterator().next();
            assertThat(flag.getSubject().getReference()).isEqualTo("Patient/fa");
            assertThat(flag.getCode().getCodingFirstRep().getCode()).isEqualTo("CRS-FEVER");
        }
    }

    @Test
    void aFreshCursorResendsEverythingButTheServerStoresEachReadingOnce() throws Exception {
        Workload w = new Workload("fc").append(journal, 1, 41);
        try (Forwarder f = forwarder(dir.resolve("first"), "gw2")) {
            f.start();
            await().until(() -> f.cursor() == journal.lastSequence());
        }
        int duplicatesBefore = server.store.duplicateCreates.get();
        try (Forwarder f = forwarder(dir.resolve("second"), "gw2")) {
            f.start();
            await().until(() -> f.cursor() == journal.lastSequence());
        }
        assertThat(serverObservations("fc")).hasSize(w.observations());
        assertThat(server.store.duplicateCreates.get() - duplicatesBefore).isEqualTo(w.observations());
    }

    @Test
    void afterAnOutageEverythingArrivesOnceAndAppendsNeverWaited() throws Exception {
        Workload w = new Workload("fd");
        try (Forwarder f = forwarder(dir, "gw3")) {
            f.start();
            w.append(journal, 1, 11);
            await().until(() -> f.cursor() == journal.lastSequence());
            server.stop();
            w.append(journal, 11, ENTRIES + 11);
            await().until(() -> registry.get(Meters.FORWARD_RECORDS).tag("outcome", "retried").counter().count() > 0);
            assertThat(f.backlog()).isPositive();
            System.out.println("FHIR outage, appends while the sink is down: " + w.appendFigures());
            long backlog = f.backlog();
            long t0 = System.nanoTime();
            server.restart();
            await().atMost(Duration.ofSeconds(90)).until(() -> f.cursor() == journal.lastSequence());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("FHIR catch-up: %d entries in %d ms (includes up to one back-off wait)%n", backlog, ms);
        }
        List<Observation> obs = serverObservations("fd");
        assertThat(obs).hasSize(w.observations());
        assertThat(keys(obs)).doesNotHaveDuplicates();
        assertThat(Workload.ascending(keys(obs))).isTrue();
    }

    @Test
    void aPermanentRejectionIsDeadLetteredAndLaterRecordsStillFlow() throws Exception {
        server.store.rejectPatient = "poison";
        try {
            Workload bad = new Workload("fe", "poison").append(journal, 1, 3);
            Workload good = new Workload("fe").append(journal, 3, 6);
            try (Forwarder f = forwarder(dir, "gw4")) {
                f.start();
                await().until(() -> f.cursor() == journal.lastSequence());
            }
            List<String> lines = Files.readAllLines(dir.resolve("forward/fhir.deadletter.jsonl"));
            ObjectMapper json = new ObjectMapper();
            Map<String, String> reasons = lines.stream().map(l -> {
                try {
                    return json.readTree(l);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.toMap(n -> n.get("key").asText(), n -> n.get("reason").asText()));
            assertThat(reasons).hasSize(bad.observations() / 2);
            assertThat(reasons.values()).allMatch(r -> r.startsWith("HTTP 422") && r.contains("not known here"));
            assertThat(serverObservations("fe")).hasSize(bad.observations() / 2 + good.observations());
        } finally {
            server.store.rejectPatient = null;
        }
    }
}

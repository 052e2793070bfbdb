package org.homeward.fhirit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DeviceMetric;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.Forwarder;
import org.homeward.gateway.forward.ForwarderSettings;
import org.homeward.gateway.forward.fhir.FhirSink;
import org.homeward.gateway.forward.fhir.FhirSinkSettings;
import org.homeward.gateway.records.JournalRecords;
import org.homeward.gateway.journal.JournalSettings;
import org.homeward.gateway.journal.SegmentedJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FHIR forwarder against a real HAPI FHIR JPA server (H2, referential integrity on write):
 * the real journal, the real {@link Forwarder} and {@link FhirSink}, the server read back over
 * HTTP. Each test uses its own patient pseudonyms, so they share one server.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FhirJpaServerTest {
    private static final long T0 = 1_751_328_930_000L;
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static JpaFhirServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = new JpaFhirServer();
        System.out.println("FHIR-IT JPA server started in " + server.startMillis + " ms wall, "
                + server.startCpuMillis + " ms CPU (all threads), " + Runtime.getRuntime().availableProcessors() + " cores");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void givenVitalsAndAnAlarm_whenForwarded_thenTheJpaServerAcceptsThemWithTheirPatientAndDevices() throws Exception {
        try (SegmentedJournal journal = journal()) {
            journal.append(JournalRecords.readings(List.of(
                    reading("p-accept", "cuff-1", Vital.SBP, 142, 0), reading("p-accept", "cuff-1", Vital.DBP, 91, 0),
                    reading("p-accept", "patch-1", Vital.TEMP, 38.6, 1), reading("p-accept", "patch-1", Vital.HR, 72, 1),
                    reading("p-accept", "patch-1", Vital.BAT, 80, 1), reading("p_under:score", "ox-7", Vital.SPO2, 89, 2)))).get();
            journal.append(JournalRecords.alarm(alarm("p-accept", "a-accept", AlarmState.ACTIVE, Priority.HIGH, 3))).get();
            MeterRegistry meters = new SimpleMeterRegistry();
            try (Forwarder f = forwarder(journal, settings("gw-it"), meters)) {
                f.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> f.cursor() == journal.lastSequence());
                assertThat(count(meters, "dead_lettered")).isZero();
            }
        }
        List<Observation> obs = search(Observation.class, "Observation?subject=Patient/p-accept");
        assertThat(obs).hasSize(3); // BP panel, temperature, heart rate; battery is telemetry
        Observation temp = obs.stream().filter(o -> o.getCode().getCodingFirstRep().getCode().equals("8310-5"))
                .findFirst().orElseThrow();
        assertThat(temp.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("H");
        assertThat(temp.getReferenceRangeFirstRep().getHigh().getValue().doubleValue()).isEqualTo(38.0);
        assertThat(temp.getDevice().getReference()).isEqualTo("Device/patch-1");
        Patient p = read(Patient.class, "Patient/p-accept");
        assertThat(p.getIdentifierFirstRep().getValue()).isEqualTo("p-accept");
        assertThat(p.getName()).isEmpty();
        assertThat(read(Device.class, "Device/cuff-1").getIdentifierFirstRep().getValue()).isEqualTo("cuff-1");
        assertThat(read(Device.class, "Device/gw-it").getIdentifierFirstRep().getValue()).isEqualTo("gw-it");
        // one DeviceMetric per device and measurement type (PHD IG PhdDeviceMetric): MDC type, UCUM unit, source Device
        List<DeviceMetric> metrics = search(DeviceMetric.class, "DeviceMetric?source=Device/patch-1");
        assertThat(metrics).extracting(m -> m.getType().getCodingFirstRep().getCode()).containsExactlyInAnyOrder("150364", "149530");
        DeviceMetric bp = read(DeviceMetric.class, "DeviceMetric/cuff-1-150020");
        assertThat(bp.getUnit().getCodingFirstRep().getCode()).isEqualTo("mm[Hg]");
        assertThat(bp.getCategory()).isEqualTo(DeviceMetric.DeviceMetricCategory.MEASUREMENT);
        assertThat(bp.getSource().getReference()).isEqualTo("Device/cuff-1");
        // a pseudonym that is no valid FHIR id is found by its identifier
        List<Patient> odd = search(Patient.class, "Patient?identifier=urn:homeward:patient-pseudonym|p_under:score");
        assertThat(odd).hasSize(1);
        List<Observation> spo2 = search(Observation.class, "Observation?subject=Patient/" + odd.get(0).getIdElement().getIdPart());
        assertThat(spo2).singleElement().satisfies(o ->
                assertThat(o.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("LL"));
        Flag flag = search(Flag.class, "Flag?identifier=urn:homeward:alarm-id|a-accept").get(0);
        assertThat(flag.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
        CodeableConcept priority = (CodeableConcept) flag.getExtensionByUrl(
                "http://hl7.org/fhir/StructureDefinition/flag-priority").getValue();
        assertThat(priority.getCodingFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/flag-priority-code");
        assertThat(priority.getCodingFirstRep().getCode()).isEqualTo("PH");
    }

    @Test
    void givenAnAlarmRaisedAndResolvedDuringAnOutage_whenTheCatchUpIsForwarded_thenOneFlagEndsResolved() throws Exception {
        // The server refuses a transaction that updates the same Flag twice (what catch-up sent before):
        String twice = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + flagEntry("a-twice", "active") + "," + flagEntry("a-twice", "inactive") + "]}";
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl()))
                .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(twice)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);

        try (SegmentedJournal journal = journal()) {
            journal.append(JournalRecords.alarm(alarm("p-catchup", "a-catchup", AlarmState.ACTIVE, Priority.MEDIUM, 0))).get();
            journal.append(JournalRecords.alarm(alarm("p-catchup", "a-catchup", AlarmState.ACKNOWLEDGED, Priority.MEDIUM, 60))).get();
            journal.append(JournalRecords.alarm(alarm("p-catchup", "a-catchup", AlarmState.RESOLVED, Priority.MEDIUM, 120))).get();
            MeterRegistry meters = new SimpleMeterRegistry();
            try (Forwarder f = forwarder(journal, settings("gw-catchup"), meters)) {
                f.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> f.cursor() == journal.lastSequence());
                assertThat(count(meters, "dead_lettered")).isZero();
                assertThat(count(meters, "delivered")).isEqualTo(3);
            }
        }
        List<Flag> flags = search(Flag.class, "Flag?identifier=urn:homeward:alarm-id|a-catchup");
        assertThat(flags).singleElement().satisfies(fl -> {
            assertThat(fl.getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
            assertThat(fl.getPeriod().hasEnd()).isTrue();
        });
    }

    @Test
    void givenAWrongToken_whenTheServerAnswers401_thenRecordsStayQueuedWithATechnicalAlarmAndFlowOnceAccepted() throws Exception {
        RequireToken auth = new RequireToken("right-token");
        server.register(auth);
        try (SegmentedJournal journal = journal()) {
            journal.append(JournalRecords.readings(List.of(reading("p-401", "patch-401", Vital.TEMP, 37.1, 0)))).get();
            MeterRegistry meters = new SimpleMeterRegistry();
            FhirSinkSettings s = settings("gw-401").withBearerToken("expired");
            try (Forwarder f = forwarder(journal, s, meters)) {
                f.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> meters.get("homeward.forward.sink.down").gauge().value() == 1.0);
                assertThat(f.cursor()).isZero();
                assertThat(count(meters, "dead_lettered")).isZero();
                assertThat(count(meters, "retried")).isGreaterThanOrEqualTo(3);
                assertThat(f.technicalAlarm()).hasValueSatisfying(a -> {
                    assertThat(a).containsEntry("rule", "FORWARD-SINK-DOWN").containsEntry("sink", "fhir");
                    assertThat((String) a.get("reason")).startsWith("HTTP 401");
                });
                assertThat(dir.resolve("data/forward/fhir.deadletter.jsonl")).doesNotExist();

                server.unregister(auth); // the server's operator fixes the credentials
                await().atMost(Duration.ofSeconds(60)).until(() -> f.cursor() == journal.lastSequence());
                assertThat(meters.get("homeward.forward.sink.down").gauge().value()).isZero();
                assertThat(count(meters, "dead_lettered")).isZero();
            }
        } finally {
            server.unregister(auth);
        }
        assertThat(search(Observation.class, "Observation?subject=Patient/p-401")).hasSize(1);
    }

    @Test
    void givenAReadingTheServerRefusesForItsContent_whenForwarded_thenOnlyItIsDeadLetteredWithAMeter() throws Exception {
        RefuseValue refuse = new RefuseValue(99.5);
        server.register(refuse);
        try (SegmentedJournal journal = journal()) {
            journal.append(JournalRecords.readings(List.of(reading("p-422", "patch-422", Vital.HR, 70, 0)))).get();
            journal.append(JournalRecords.readings(List.of(reading("p-422", "patch-422", Vital.HR, 99.5, 1)))).get();
            journal.append(JournalRecords.readings(List.of(reading("p-422", "patch-422", Vital.HR, 71, 2)))).get();
            MeterRegistry meters = new SimpleMeterRegistry();
            try (Forwarder f = forwarder(journal, settings("gw-422"), meters)) {
                f.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> f.cursor() == journal.lastSequence());
                assertThat(count(meters, "dead_lettered")).isEqualTo(1);
                assertThat(count(meters, "delivered")).isEqualTo(2);
                assertThat(f.technicalAlarm()).isEmpty();
            }
        } finally {
            server.unregister(refuse);
        }
        List<String> dead = Files.readAllLines(dir.resolve("data/forward/fhir.deadletter.jsonl"));
        assertThat(dead).singleElement().satisfies(line -> {
            assertThat(line).contains("\"sequence\":2").contains("HTTP 422").contains("hospital rule");
        });
        assertThat(search(Observation.class, "Observation?subject=Patient/p-422")).hasSize(2);
    }

    // --- harness ---------------------------------------------------------------------------

    private SegmentedJournal journal() throws Exception {
        return SegmentedJournal.open(JournalSettings.defaults(dir.resolve("data/journal")), Clock.systemUTC(),
                new SimpleMeterRegistry());
    }

    /**
     * Each test has its own gateway id: idempotency keys are {@code <gatewayId>-<sequence>-<index>}
     * and every test starts a fresh journal, so a shared id would make the server answer "already
     * have it" for another test's record.
     */
    private static FhirSinkSettings settings(String gatewayId) {
        return FhirSinkSettings.defaults(URI.create(server.baseUrl()), gatewayId);
    }

    private Forwarder forwarder(SegmentedJournal journal, FhirSinkSettings s, MeterRegistry meters) throws Exception {
        ForwarderSettings fs = ForwarderSettings.defaults().withPollInterval(Duration.ofMillis(20))
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400));
        return new Forwarder(journal, new FhirSink(s, FHIR), fs, dir.resolve("data"), s.gatewayId(), meters,
                Clock.systemUTC());
    }

    private static double count(MeterRegistry meters, String outcome) {
        var c = meters.find("homeward.forward.records").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private static Reading reading(String patient, String device, Vital v, double value, int second) {
        return new Reading(device, patient, v, value, T0 + second * 1000L, T0 + second * 1000L + 50, Quality.OK,
                v.ucum(), false);
    }

    private static Alarm alarm(String patient, String id, AlarmState state, Priority priority, int second) {
        return new Alarm(id, patient, "CRS-FEVER", AlarmKind.PHYSIOLOGICAL, priority, state, T0, T0 + second * 1000L,
                state == AlarmState.ACKNOWLEDGED ? "nurse1" : null, null, "temp 38.6 °C", 0, null);
    }

    private static String flagEntry(String alarmId, String status) {
        return "{\"resource\":{\"resourceType\":\"Flag\",\"identifier\":[{\"system\":\"urn:homeward:alarm-id\",\"value\":\""
                + alarmId + "\"}],\"status\":\"" + status + "\",\"code\":{\"text\":\"x\"},\"subject\":{\"display\":\"x\"}},"
                + "\"request\":{\"method\":\"PUT\",\"url\":\"Flag?identifier=urn:homeward:alarm-id|" + alarmId + "\"}}";
    }

    private static <T extends IBaseResource> T read(Class<T> type, String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(type, r.body());
    }

    private static <T extends IBaseResource> List<T> search(Class<T> type, String query) throws Exception {
        HttpResponse<String> r = get(query + (query.contains("?") ? "&" : "?") + "_count=500");
        assertThat(r.statusCode()).as(query).isEqualTo(200);
        Bundle b = FHIR.newJsonParser().parseResource(Bundle.class, r.body());
        List<T> out = new ArrayList<>();
        b.getEntry().forEach(e -> out.add(type.cast(e.getResource())));
        return out;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        String url = server.baseUrl() + "/" + path.replace("|", "%7C");
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json").GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** What a hospital's gateway in front of the server does: no valid bearer token, 401. */
    public static final class RequireToken {
        private final String token;

        RequireToken(String token) {
            this.token = token;
        }

        @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
        public void check(RequestDetails request) {
            if (!("Bearer " + token).equals(request.getHeader("Authorization"))) {
                throw new AuthenticationException("invalid or expired token");
            }
        }
    }

    /** A hospital business rule on the server: Observations with one value are refused (422). */
    public static final class RefuseValue {
        private final double value;

        RefuseValue(double value) {
            this.value = value;
        }

        @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
        public void check(IBaseResource resource) {
            if (resource instanceof Observation o && o.hasValueQuantity()
                    && o.getValueQuantity().getValue().doubleValue() == value) {
                throw new UnprocessableEntityException("refused by a hospital rule: implausible value");
            }
        }
    }
}

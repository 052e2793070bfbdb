package org.homeward.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.clinical.EscalationListener;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.InMemoryJournal;
import org.homeward.gateway.ingest.PayloadFormat;
import org.homeward.gateway.ingest.senml.SenmlPackDecoder;
import org.homeward.gateway.ingest.senml.SenmlSettings;
import org.homeward.gateway.processing.JournalReadingLog;
import org.homeward.gateway.processing.LatestValue;
import org.homeward.gateway.processing.LiveListener;
import org.homeward.gateway.processing.PatientProfile;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.processing.ShardSettings;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Measurement time through the real path: SenML packs decoded by the gateway's decoder (relative times, so
 * records are measured before the pack arrives), handed to {@link PatientShards} with the real clinical rules.
 */
@Timeout(60)
class EventTimeShardsTest {
    static final long START = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
    static final String PATIENT = "p-et";
    final SenmlPackDecoder decoder = new SenmlPackDecoder(SenmlSettings.defaults());
    final AtomicLong now = new AtomicLong(START);
    final InMemoryJournal journal = new InMemoryJournal();

    @Test
    void givenAPatchPackWithRecordsNewestFirst_whenItArrivesSixMinutesLate_thenCrsFeverIsRaisedAndMarkedLate() throws Exception {
        try (PatientShards shards = shards()) {
            now.set(START + Duration.ofMinutes(10).toMillis());
            // measured 10:04, 10:02, 10:00 (t relative to arrival at 10:10), newest first
            send(shards, "d-patch", "[{'n':'temp','u':'Cel','v':38.7,'t':-360},{'n':'temp','u':'Cel','v':38.6,'t':-480},"
                    + "{'n':'temp','u':'Cel','v':38.5,'t':-600}]");
            await().atMost(Duration.ofSeconds(20)).until(() -> open(shards, "CRS-FEVER").isPresent());
            Alarm fever = open(shards, "CRS-FEVER").orElseThrow();
            assertThat(fever.late()).isTrue();
            assertThat(fever.lateMillis()).isEqualTo(Duration.ofMinutes(6).toMillis());
            LatestValue temp = shards.patient(PATIENT).orElseThrow().latest().get(Vital.TEMP);
            assertThat(temp.value()).isEqualTo(38.7);
            assertThat(temp.late()).isTrue();
            assertThat(temp.arrivalDelayMillis()).isEqualTo(Duration.ofMinutes(6).toMillis());
        }
    }

    @Test
    void givenATemperatureStampedAhead_whenNewerReadingsArrive_thenTheBoardShowsTheReadingNotInTheFuture() throws Exception {
        try (PatientShards shards = shards()) {
            send(shards, "d-patch", "[{'n':'temp','u':'Cel','v':39.9,'t':270}]"); // 4.5 min ahead, inside the skew
            now.addAndGet(Duration.ofMinutes(1).toMillis());
            send(shards, "d-patch", "[{'n':'temp','u':'Cel','v':36.9}]");
            await().atMost(Duration.ofSeconds(20)).until(() -> temp(shards).map(LatestValue::value).orElse(0.0) == 36.9);
            now.addAndGet(Duration.ofMinutes(4).toMillis());
            send(shards, "d-patch", "[{'n':'hr','u':'beat/min','v':70}]"); // any change republishes the board
            await().atMost(Duration.ofSeconds(20)).until(() -> temp(shards).map(LatestValue::value).orElse(0.0) == 39.9);
        }
    }

    @Test
    void givenABufferedLowBpAndItsNormalRepeat_whenBothArriveASecondApart_thenNoHypotensionIsRaised() throws Exception {
        try (PatientShards shards = shards()) {
            now.set(START + Duration.ofMinutes(5).plusSeconds(10).toMillis());
            send(shards, "d-cuff", "[{'n':'sbp','u':'mmHg','v':86,'t':-310}]");
            now.addAndGet(1_000);
            send(shards, "d-cuff", "[{'n':'sbp','u':'mmHg','v':121,'t':-131}]");
            await().atMost(Duration.ofSeconds(20)).until(() -> shards.patient(PATIENT).map(p -> p.latest()
                    .get(Vital.SBP)).map(LatestValue::value).orElse(0.0) == 121);
            now.addAndGet(Duration.ofMinutes(10).toMillis());
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))  // shard ticks every 1 s
                    .until(() -> open(shards, "HYPOTENSION").isEmpty());
            assertThat(shards.alarms(false)).noneMatch(a -> a.rule().equals("HYPOTENSION"));
        }
    }

    private void send(PatientShards shards, String device, String json) {
        byte[] payload = json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
        List<Reading> readings = decoder.decode(PayloadFormat.SENML_JSON, payload, device, PATIENT, now.get()).readings();
        assertThat(readings).as("decoded " + json).isNotEmpty();
        shards.durable(journal.append(JournalRecords.readings(readings)).join(), readings); // as DefaultIngestService
    }

    private static Optional<LatestValue> temp(PatientShards shards) {
        return shards.patient(PATIENT).map(p -> p.latest().get(Vital.TEMP));
    }

    private static Optional<Alarm> open(PatientShards shards, String rule) {
        return shards.alarms(true).stream().filter(a -> a.rule().equals(rule)).findFirst();
    }

    private PatientShards shards() {
        Clock clock = new AtomicClock(now);
        PatientShards shards = new PatientShards(ShardSettings.defaults(),
                new JournalReadingLog(journal, new SimpleMeterRegistry()), new ClinicalBinding(ClinicalSettings.defaults(), EscalationListener.NONE), LiveListener.NONE,
                a -> { }, clock, ZoneOffset.UTC, new SimpleMeterRegistry());
        shards.upsertPatient(new PatientProfile(PATIENT, LocalDate.of(2026, 11, 20), "axi-cel", "Bed 2"));
        shards.registerDevice(PATIENT, "d-patch", "patch");
        shards.registerDevice(PATIENT, "d-cuff", "bp-cuff");
        shards.replayDone();
        shards.start();
        return shards;
    }
}

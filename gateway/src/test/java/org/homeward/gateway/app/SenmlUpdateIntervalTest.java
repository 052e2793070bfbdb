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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.clinical.EscalationListener;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.forward.InMemoryJournal;
import org.homeward.gateway.records.JournalRecords;
import org.homeward.gateway.ingest.PayloadFormat;
import org.homeward.gateway.ingest.senml.PackResult;
import org.homeward.gateway.ingest.senml.SenmlPackDecoder;
import org.homeward.gateway.ingest.senml.SenmlSettings;
import org.homeward.gateway.processing.LiveListener;
import org.homeward.gateway.processing.PatientProfile;
import org.homeward.gateway.processing.JournalReadingLog;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.processing.ShardSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SenML {@code ut} reaches the gap rules: the decoder reports the pack's update interval, and the
 * shard hands it to the patient's monitor, so an oximeter reporting every 5 min gets DATA-GAP at
 * 3 × 5 = 15 min instead of the kind default's floor of 5 min. Out-of-range values are warnings.
 */
@Timeout(60)
class SenmlUpdateIntervalTest {
    static final long START = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
    final SenmlPackDecoder decoder = new SenmlPackDecoder(SenmlSettings.defaults());
    final InMemoryJournal journal = new InMemoryJournal();

    @Test
    void theDecoderReportsTheLargestValidUtInMillisAndWarnsOfOthers() {
        assertThat(decode("[{\"n\":\"spo2\",\"u\":\"/\",\"v\":0.97,\"ut\":300}]").updateIntervalMillis())
                .isEqualTo(300_000);
        assertThat(decode("[{\"n\":\"spo2\",\"u\":\"/\",\"v\":0.97,\"ut\":0.5},{\"n\":\"hr\",\"u\":\"beat/min\",\"v\":70,"
                + "\"ut\":60}]").updateIntervalMillis()).isEqualTo(60_000);
        assertThat(decode("[{\"n\":\"spo2\",\"u\":\"/\",\"v\":0.97}]").updateIntervalMillis()).isZero();
        for (String bad : List.of("0", "-5", "86401")) {
            PackResult r = decode("[{\"n\":\"spo2\",\"u\":\"/\",\"v\":0.97,\"ut\":" + bad + "}]");
            assertThat(r.updateIntervalMillis()).as("ut " + bad).isZero();
            assertThat(r.readings()).hasSize(1);
            assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith("ut ").contains("ignored"));
        }
        assertThat(decode("[{\"n\":\"spo2\",\"u\":\"/\",\"v\":0.97,\"ut\":86400}]").updateIntervalMillis())
                .isEqualTo(86_400_000);
    }

    @Test
    void anOximeterReportingEveryFiveMinutesGetsDataGapAtFifteenNotFive() throws Exception {
        AtomicLong now = new AtomicLong(START);
        try (PatientShards shards = shards(now)) {
            PackResult pack = decode("[{\"n\":\"spo2\",\"u\":\"/\",\"v\":0.97,\"ut\":300}]");
            durable(shards, pack.readings());
            shards.expectedInterval("d-ox", "p-ut", pack.updateIntervalMillis());   // as DefaultIngestService does
            shards.registerDevice("p-ut", "d-ox", "oximeter");  // a registry sync keeps the interval
            connected(shards, now);                              // control lane is FIFO: all of the above ran

            now.addAndGet(TimeUnit.MINUTES.toMillis(6));        // past the kind default's 5 min
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))    // shard ticks every 1 s
                    .until(() -> gap(shards).isEmpty());

            now.addAndGet(TimeUnit.MINUTES.toMillis(10));       // 16 min: past 3 × 5 min
            await().atMost(Duration.ofSeconds(20)).until(() -> gap(shards).isPresent());
            assertThat(gap(shards).get().evidence()).contains("expected every 5.0 min");
        }
    }

    @Test
    void withoutUtTheKindDefaultStillApplies() throws Exception {
        AtomicLong now = new AtomicLong(START);
        try (PatientShards shards = shards(now)) {
            durable(shards, decode("[{\"n\":\"spo2\",\"u\":\"/\",\"v\":0.97}]").readings());
            connected(shards, now);
            now.addAndGet(TimeUnit.MINUTES.toMillis(6));
            await().atMost(Duration.ofSeconds(20)).until(() -> gap(shards).isPresent());
            assertThat(gap(shards).get().evidence()).contains("expected every 1 s");
        }
    }

    /** A CONNECTED event, awaited on the board: every control task queued before it has run. */
    private static void connected(PatientShards shards, AtomicLong now) {
        shards.deviceEvent(new DeviceEvent("d-ox", "p-ut", DeviceEvent.Type.CONNECTED, now.get(), ""));
        await().atMost(Duration.ofSeconds(20)).until(() -> shards.patient("p-ut")
                .map(p -> !p.latest().isEmpty() && p.devices().stream().anyMatch(d -> d.online())).orElse(false));
    }

    private PackResult decode(String json) {
        return decoder.decode(PayloadFormat.SENML_JSON, json.getBytes(StandardCharsets.UTF_8), "d-ox", "p-ut",
                START);
    }

    private static Optional<Alarm> gap(PatientShards shards) {
        return shards.alarms(true).stream().filter(a -> a.rule().equals("DATA-GAP")).findFirst();
    }

    /** As DefaultIngestService does: journal the readings, then wake the shards. */
    private void durable(PatientShards shards, List<Reading> readings) {
        shards.durable(journal.append(JournalRecords.readings(readings)).join(), readings);
    }

    private PatientShards shards(AtomicLong now) {
        Clock clock = new AtomicClock(now);
        PatientShards shards = new PatientShards(ShardSettings.defaults(),
                new JournalReadingLog(journal, new SimpleMeterRegistry()), new ClinicalBinding(ClinicalSettings.defaults(), EscalationListener.NONE), LiveListener.NONE,
                a -> { }, clock, ZoneOffset.UTC, new SimpleMeterRegistry());
        shards.upsertPatient(new PatientProfile("p-ut", LocalDate.of(2026, 10, 20), "tisa-cel", "Bed 1"));
        shards.registerDevice("p-ut", "d-ox", "oximeter");
        shards.replayDone();
        shards.start();
        return shards;
    }
}

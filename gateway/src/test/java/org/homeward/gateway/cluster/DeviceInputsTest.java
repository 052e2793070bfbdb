package org.homeward.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.homeward.gateway.app.ClinicalBinding;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.clinical.EscalationListener;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.InMemoryJournal;
import org.homeward.gateway.processing.JournalReadingLog;
import org.homeward.gateway.processing.LiveListener;
import org.homeward.gateway.processing.PatientProfile;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.processing.ShardSettings;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A DEVICE_INPUT record, as a non-owner node writes it and the owner decodes it from the partition,
 * feeds the owner's real shards and clinical rules: an update interval moves DATA-GAP to 3 × ut, and
 * refusals raise SENSOR-FAULT (multi-node: {@code ClusterCoapFailoverTest}).
 */
@Timeout(60)
class DeviceInputsTest {
    static final long START = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
    final InMemoryJournal journal = new InMemoryJournal();

    @Test
    void anUpdateIntervalFromAnotherNodeMovesDataGapToThreeTimesUt() throws Exception {
        AtomicLong now = new AtomicLong(START);
        try (PatientShards shards = shards(now)) {
            Reading spo2 = new Reading("d-ox", "p-ut", Vital.SPO2, 97, START, START, Quality.OK, "", false);
            shards.durable(journal.append(JournalRecords.readings(List.of(spo2))).join(), List.of(spo2));
            DeviceInputs.apply(shards, viaPartition(JournalRecords.DeviceInput.interval("d-ox", "p-ut", 300_000)));
            connected(shards, now);

            now.addAndGet(TimeUnit.MINUTES.toMillis(6)); // past the oximeter default's 5 min
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).until(() -> alarm(shards, "DATA-GAP").isEmpty());
            now.addAndGet(TimeUnit.MINUTES.toMillis(10)); // 16 min: past 3 × 5 min
            await().atMost(Duration.ofSeconds(20)).until(() -> alarm(shards, "DATA-GAP").isPresent());
            assertThat(alarm(shards, "DATA-GAP").get().evidence()).contains("expected every 5.0 min");
        }
    }

    @Test
    void refusalsFromAnotherNodeRaiseSensorFaultOnTheOwner() throws Exception {
        AtomicLong now = new AtomicLong(START);
        try (PatientShards shards = shards(now)) {
            connected(shards, now);
            for (int i = 0; i < 5; i++) {
                DeviceInputs.apply(shards, viaPartition(new JournalRecords.DeviceInput("d-ox", "p-ut", now.get(), 0, 0,
                        "temp", "IMPLAUSIBLE_VALUE", "temp " + (50 + i) + " Cel outside 25..45", "temp#" + i)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> alarm(shards, "SENSOR-FAULT").isPresent());
        }
    }

    /** Encoded as the non-owner writes it, decoded as the owner reads it. */
    private static JournalRecords.DeviceInput viaPartition(JournalRecords.DeviceInput in) {
        return JournalRecords.decode(JournalRecords.deviceInput(in)).deviceInput();
    }

    /** A CONNECTED event, awaited on the board: every control task queued before it has run. */
    private static void connected(PatientShards shards, AtomicLong now) {
        shards.deviceEvent(new DeviceEvent("d-ox", "p-ut", DeviceEvent.Type.CONNECTED, now.get(), ""));
        await().atMost(Duration.ofSeconds(20)).until(() -> shards.patient("p-ut")
                .map(p -> p.devices().stream().anyMatch(d -> d.online())).orElse(false));
    }

    private static Optional<Alarm> alarm(PatientShards shards, String rule) {
        return shards.alarms(true).stream().filter(a -> a.rule().equals(rule)).findFirst();
    }

    private PatientShards shards(AtomicLong now) {
        Clock clock = new Clock() {
            @Override public ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(ZoneId zone) { return this; }
            @Override public Instant instant() { return Instant.ofEpochMilli(now.get()); }
        };
        PatientShards shards = new PatientShards(ShardSettings.defaults(),
                new JournalReadingLog(journal, new SimpleMeterRegistry()),
                new ClinicalBinding(ClinicalSettings.defaults(), EscalationListener.NONE), LiveListener.NONE,
                a -> { }, clock, ZoneOffset.UTC, new SimpleMeterRegistry());
        shards.upsertPatient(new PatientProfile("p-ut", LocalDate.of(2026, 10, 20), "tisa-cel", "Bed 1"));
        shards.registerDevice("p-ut", "d-ox", "oximeter");
        shards.replayDone();
        shards.start();
        return shards;
    }
}

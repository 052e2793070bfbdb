package org.homeward.gateway.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.InMemoryJournal;
import org.homeward.gateway.records.JournalRecords;
import org.homeward.gateway.journal.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shards stepped by hand in simulated time: no thread runs, the test moves the clock and calls
 * {@code doWork}, then looks at what reached the rules and what was published.
 */
@Timeout(10)
class ShardStepTest {
    static final long T0 = 1_800_000_000_000L;
    static final ShardSettings SETTINGS = new ShardSettings(1, 16, Duration.ofHours(1), Duration.ofSeconds(1),
            Duration.ofMillis(20), 4, Duration.ofSeconds(10));

    final MutableClock clock = new MutableClock(T0);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final InMemoryJournal journal = new InMemoryJournal();
    final ObservedRules rules = new ObservedRules(false);
    /** Whether ingest's hint (with the decoded readings) reaches the shards; without it they read the journal. */
    boolean hint = true;
    final List<PatientSnapshot> snapshots = new ArrayList<>();
    final List<Alarm> published = new ArrayList<>();
    final List<Alarm> journaled = new ArrayList<>();
    final PatientShards shards = new PatientShards(SETTINGS, new JournalReadingLog(journal, meters), rules,
            new LiveListener() {
                @Override public void onPatientChanged(PatientSnapshot s, Reading cause) { snapshots.add(s); }
                @Override public void onAlarm(Alarm a) { published.add(a); }
            }, journaled::add, clock, ZoneOffset.UTC, meters);

    void live() {
        shards.upsertPatient(new PatientProfile("p-1", LocalDate.of(2027, 1, 1), "tisa-cel", "Bed 1"));
        shards.replayDone();
        shards.goLive();
        snapshots.clear();
    }

    void journal(double value) {
        Reading r = new Reading("d-1", "p-1", Vital.TEMP, value, clock.millis(), clock.millis(), Quality.OK, "Cel",
                false);
        long seq = journal.append(JournalRecords.readings(List.of(r))).join();
        if (hint) {
            shards.durable(seq, List.of(r));
        }
    }

    int step() {
        return shards.doWork(clock.millis());
    }

    @Test
    void givenLiveShardsWhenAReadingIsJournaledThenOneStepEvaluatesItAndPublishesTheSnapshot() {
        live();
        assertThat(step()).isZero();
        journal(37.2);
        assertThat(step()).isPositive();
        assertThat(rules.readings("p-1")).isEqualTo(1);
        assertThat(snapshots).hasSize(1);
        assertThat(step()).as("nothing left to do").isZero();
    }

    @Test
    void givenAPackWithAVitalSignSetAndALaterSampleThenTheSetIsEvaluatedOnceAndTheLaterSampleOnItsOwn() {
        live();
        long t = clock.millis();
        List<Reading> pack = List.of(
                new Reading("d-1", "p-1", Vital.SPO2, 0.97, t - 2_000, t, Quality.OK, "/", false),
                new Reading("d-1", "p-1", Vital.HR, 72, t - 2_000, t, Quality.OK, "beat/min", false),
                new Reading("d-1", "p-1", Vital.RR, 14, t - 2_000, t, Quality.OK, "/min", false),
                new Reading("d-1", "p-1", Vital.SPO2, 0.96, t - 1_000, t, Quality.OK, "/", false));
        shards.durable(journal.append(JournalRecords.readings(pack)).join(), pack);
        assertThat(step()).isPositive();
        assertThat(rules.readings("p-1")).as("every reading reaches the rules").isEqualTo(4);
        assertThat(rules.evaluations.get()).as("one evaluation for the set measured at t-2 s, one for t-1 s")
                .isEqualTo(2);
    }

    @Test
    void givenIngestHintsAreLostThenTheShardStillEvaluatesEveryReadingFromTheJournal() {
        live();
        hint = false;
        journal(37.0);
        journal(37.1);
        assertThat(step()).isPositive();
        assertThat(rules.readings("p-1")).isEqualTo(2);
    }

    @Test
    void givenEntriesThatAreNotReadingsThenTheShardMovesPastThemWithoutEvaluatingAnything() {
        live();
        journal.append(JournalRecords.deviceEvent(new DeviceEvent("d-1", "p-1", DeviceEvent.Type.CONNECTED, T0, "")))
                .join();
        journal(37.0);
        step();
        assertThat(rules.readings("p-1")).isEqualTo(1);
        assertThat(shards.evaluatedPosition()).isEqualTo(2);
        assertThat(shards.lagEntries()).isZero();
    }

    @Test
    void givenReadingsReplayedAtStartUpThenLiveProcessingStartsAfterThemAndEvaluatesNothingTwice() {
        shards.upsertPatient(new PatientProfile("p-1", LocalDate.of(2027, 1, 1), "tisa-cel", "Bed 1"));
        journal(37.0);
        journal(37.1);
        journal.read(0, 10).forEach(e -> shards.replayReadings(JournalRecords.decode(e.payload()).readings()));
        assertThat(rules.readings("p-1")).as("replay rebuilds rule state").isEqualTo(2);
        shards.replayDone();
        shards.goLive();
        step();
        assertThat(rules.readings("p-1")).isEqualTo(2);
        journal(37.2);
        step();
        assertThat(rules.readings("p-1")).isEqualTo(3);
    }

    @Test
    void givenTimeMovesThenTheRulesTickOncePerTickInterval() {
        live();
        step();
        assertThat(rules.ticks.get()).isZero();
        clock.advance(999);
        step();
        assertThat(rules.ticks.get()).isZero();
        clock.advance(1);
        step();
        assertThat(rules.ticks.get()).isEqualTo(1);
        step();
        assertThat(rules.ticks.get()).as("not again within the same second").isEqualTo(1);
        clock.advance(1_000);
        step();
        assertThat(rules.ticks.get()).isEqualTo(2);
    }

    @Test
    void givenATickRaisesAnAlarmThenItIsJournaledPublishedAndListedWithTheSnapshot() {
        live();
        Alarm a = new Alarm("a-1", "p-1", "CRS-FEVER", AlarmKind.PHYSIOLOGICAL, Priority.HIGH, AlarmState.ACTIVE,
                T0, T0, null, null, "38.4 °C", 0, null);
        rules.nextTickAlarms = List.of(a);
        clock.advance(1_000);
        step();
        assertThat(journaled).containsExactly(a);
        assertThat(published).containsExactly(a);
        assertThat(shards.alarms(true)).containsExactly(a);
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.get(0).patientId()).isEqualTo("p-1");
    }

    @Test
    void givenTheShardIsBehindThenSnapshotsAreCoalescedToThePublishIntervalAndFlushedWhenCaughtUp() {
        live();
        for (int i = 0; i < 10; i++) {
            journal(37.0 + i / 10.0);
        }
        step(); // 4 of 10 read, behind, publish interval not reached
        assertThat(rules.readings("p-1")).isEqualTo(4);
        assertThat(snapshots).isEmpty();
        clock.advance(20);
        step(); // 8 of 10, still behind, but 20 ms since the last publication
        assertThat(snapshots).hasSize(1);
        step(); // 10 of 10: caught up, published at once
        assertThat(rules.readings("p-1")).isEqualTo(10);
        assertThat(snapshots).hasSize(2);
        assertThat(snapshots.get(1).latest()).isNotEmpty();
    }

    @Test
    void givenAShardBehindTheLogLongerThanTheLagAlarmThenAProcessingLagAlarmIsRaisedAndClearedWhenCaughtUp() {
        live();
        for (int i = 0; i < 100; i++) {
            journal(37.0);
        }
        for (int s = 0; s < 10; s++) {
            step();
            shards.checkTechnicalAlarms();
            assertThat(shards.technicalAlarms()).as("after %d s", s).isEmpty();
            clock.advance(1_000);
        }
        step();
        assertThat(shards.lagEntries()).isEqualTo(100 - 11 * 4);
        assertThat(rules(shards.technicalAlarms())).containsExactly(ProcessingAlarms.LAG);
        assertThat(meters.get("homeward.gateway.technical.alarm").tag("rule", ProcessingAlarms.LAG).gauge().value())
                .isEqualTo(1);
        assertThat(meters.get("homeward.processing.lag.entries").gauge().value()).isEqualTo(56);
        while (step() > 0) {
            // catch up within the same simulated second
        }
        assertThat(rules.readings("p-1")).as("late, but every reading").isEqualTo(100);
        assertThat(shards.technicalAlarms()).isEmpty();
        assertThat(meters.get("homeward.processing.lag.seconds").gauge().value()).isZero();
    }

    @Test
    void givenAShardThatStopsSteppingThenTheLagAlarmIsRaisedEvenWithNothingToRead() {
        live();
        step();
        clock.advance(SETTINGS.lagAlarm().toMillis() - 1);
        shards.checkTechnicalAlarms();
        assertThat(shards.technicalAlarms()).isEmpty();
        clock.advance(1);
        assertThat(rules(shards.technicalAlarms())).as("stuck: no step for the lag-alarm time")
                .containsExactly(ProcessingAlarms.LAG);
        step();
        assertThat(shards.technicalAlarms()).as("it moves again").isEmpty();
    }

    @Test
    void givenARuleThatThrowsOnOneReadingThenItIsCountedAlarmedAndTheShardGoesOnWithTheNext() {
        live();
        rules.failOn = r -> r.value() == 38.0;
        journal(37.0);
        journal(38.0);
        journal(37.5);
        step();
        assertThat(rules.readings("p-1")).isEqualTo(2);
        assertThat(shards.evaluatedPosition()).isEqualTo(3);
        assertThat(meters.get("homeward.processing.task.failures").tag("lane", "reading").counter().count())
                .isEqualTo(1);
        assertThat(rules(shards.technicalAlarms())).containsExactly(ProcessingAlarms.TASK_FAILED);
        assertThat(meters.get("homeward.gateway.technical.alarms.raised").tag("rule", ProcessingAlarms.TASK_FAILED)
                .counter().count()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(ProcessingAlarms.FAILURE_HOLD_MINUTES).toMillis());
        step();
        shards.checkTechnicalAlarms();
        assertThat(shards.technicalAlarms()).as("cleared after a quiet hold time").isEmpty();
    }

    @Test
    void givenATickThatThrowsThenItIsCountedAndReadingsAndLaterTicksStillRun() {
        live();
        rules.failTicks = true;
        journal(37.0);
        clock.advance(1_000);
        step();
        assertThat(rules.readings("p-1")).isEqualTo(1);
        assertThat(meters.get("homeward.processing.task.failures").tag("lane", "tick").counter().count())
                .isEqualTo(1);
        rules.failTicks = false;
        clock.advance(1_000);
        step();
        assertThat(rules.ticks.get()).isEqualTo(2);
        assertThat(rules(shards.technicalAlarms())).containsExactly(ProcessingAlarms.TASK_FAILED);
    }

    @Test
    void givenTheLogCannotBeReadThenTheFailureIsCountedAndTheReadIsRetriedAfterAPauseWithoutLosingAnything() {
        FlakyLog flaky = new FlakyLog(new JournalReadingLog(journal, meters));
        PatientShards onFlaky = new PatientShards(SETTINGS, flaky, rules, LiveListener.NONE, a -> { }, clock,
                ZoneOffset.UTC, meters);
        onFlaky.replayDone();
        onFlaky.goLive();
        journal(37.0);
        flaky.failures = 1;
        onFlaky.doWork(clock.millis());
        onFlaky.doWork(clock.millis() + Shard.LOG_RETRY_MILLIS - 1);
        assertThat(flaky.reads).as("no retry within the pause").isEqualTo(1);
        assertThat(meters.get("homeward.processing.task.failures").tag("lane", "log").counter().count())
                .isEqualTo(1);
        assertThat(rules(onFlaky.technicalAlarms())).containsExactly(ProcessingAlarms.TASK_FAILED);
        onFlaky.doWork(clock.millis() + Shard.LOG_RETRY_MILLIS);
        assertThat(rules.readings("p-1")).isEqualTo(1);
    }

    /** A log whose next reads fail with an I/O error. */
    static final class FlakyLog implements ReadingLog {
        final ReadingLog delegate;
        int failures;
        int reads;

        FlakyLog(ReadingLog delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<Entry> read(long afterPosition, int max) throws java.io.IOException {
            reads++;
            if (failures > 0) {
                failures--;
                throw new java.io.IOException("disk read error on purpose");
            }
            return delegate.read(afterPosition, max);
        }

        @Override
        public long endPosition() {
            return delegate.endPosition();
        }
    }

    @Test
    void givenAFullControlQueueThenTheOverflowIsCountedAndTheQueuedTasksRunOnTheNextStep() {
        live();
        for (int i = 0; i < 20; i++) {
            shards.deviceEvent(new DeviceEvent("d-" + i, "p-1", DeviceEvent.Type.CONNECTED, T0, ""));
        }
        assertThat(meters.get("homeward.shed").tag("lane", "control").counter().count()).isEqualTo(4);
        assertThat(step()).isGreaterThanOrEqualTo(16);
        assertThat(shards.patient("p-1").orElseThrow().devices()).hasSize(16);
    }

    private static List<Object> rules(List<Map<String, Object>> alarms) {
        return alarms.stream().map(a -> a.get("rule")).toList();
    }
}

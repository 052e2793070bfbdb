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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.homeward.gateway.app.ClinicalBinding;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.clinical.EscalationListener;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.ThresholdChange;
import org.homeward.gateway.domain.ThresholdValues;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.InMemoryJournal;
import org.homeward.gateway.journal.JournalEntry;
import org.homeward.gateway.processing.JournalReadingLog;
import org.homeward.gateway.processing.LiveListener;
import org.homeward.gateway.processing.PatientProfile;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.processing.PatientSnapshot;
import org.homeward.gateway.processing.ShardSettings;
import org.homeward.gateway.processing.VitalBaseline;
import org.homeward.gateway.records.JournalRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A partition's records processed by a live owner (the real clinical rules), then taken over twice: by a
 * full replay and by {@link CheckpointFold}'s checkpoint + tail. Both new owners must hold the same patient
 * state (latest values, open alarms with id, state, acknowledgement, shelving and escalation, thresholds,
 * baselines) and give the same alarm output for the same readings afterwards.
 */
@Timeout(120)
class CheckpointEquivalenceTest {
    static final long START = Instant.parse("2026-11-25T06:00:00Z").toEpochMilli();
    static final long MIN = 60_000;
    static final long LOOKBACK = 60 * MIN;
    static final String P = "p-cp";
    final AtomicLong now = new AtomicLong(START);
    final InMemoryJournal journal = new InMemoryJournal();
    /** Minute from which {@link #sendMinutes} sends 37.6 °C. */
    int riseAtMinute = 25 * 60;

    @Test
    void givenAlarmsShelvingEscalationAndThresholdsBeforeTheCheckpoint_whenTakenOverFromItsTail_thenStateAndOutputEqualAFullReplay()
            throws Exception {
        List<Alarm> raised = Collections.synchronizedList(new ArrayList<>());
        PatientShards owner = engine(journal, a -> {
            raised.add(a);
            journal.append(JournalRecords.alarm(a)).join(); // as the AlarmJournal does, on the shard thread
        });
        ThresholdChange change = new ThresholdChange(P, null,
                new ThresholdValues(38.0, 2, 5, 90, 92, 120, 40, 1), "admin-a", now.get(), "tachy at 120 for this patient");
        journal.append(JournalRecords.thresholds(change)).join();
        owner.changeThresholds(change).join();

        // 0 .. 4 h: one reading set a minute; SpO2 85 from 0:10 to 0:20 (HYPOXAEMIA, never acknowledged: its
        // last value, escalated, is hours before the tail), fever from minute 30 (acknowledged), HR 125 from 3:45,
        // the fever shelved at 3:50 for 30 min (runs across the checkpoint)
        for (int m = 0; m <= 240; m++) {
            double temp = m >= 30 && m < 200 ? 38.6 : 37.0;
            double hr = m >= 225 ? 125 : 80;
            double spo2 = m >= 10 && m < 20 ? 85 : 97;
            send(owner, m, m, temp, hr, spo2);
            if (m == 40) {
                owner.acknowledge(open(owner, "CRS-FEVER").id(), "nurse-a", "paracetamol given").join();
            }
            if (m == 230) {
                owner.shelve(open(owner, "TACHY").id(), "nurse-a", 30 * MIN).join();
            }
        }
        // out of order around the checkpoint: measured 3 min ago, arriving now
        send(owner, 238, 240, 37.1, 126, 97);
        await().atMost(Duration.ofSeconds(20)).until(() -> owner.evaluatedPosition() >= journal.lastSequence());
        // a learning span of the look-back: the baselines (24 h) are not compared here, the test below does it
        CheckpointFold fold = new CheckpointFold(0, LOOKBACK, LOOKBACK);
        journal.read(0, Integer.MAX_VALUE).forEach(e -> fold.add(e.sequence(), e.payload()));
        CheckpointFold.Checkpoint checkpoint = CheckpointFold.Checkpoint.decode(fold.checkpoint().encode());
        // after the checkpoint: 10 more minutes (one measured before it), then the owner dies
        send(owner, 236, 241, 37.0, 127, 97);
        for (int m = 241; m <= 250; m++) {
            send(owner, m, m, 37.0, 127, 97);
        }
        now.set(START + 252 * MIN);
        await().atMost(Duration.ofSeconds(20)).until(() -> owner.evaluatedPosition() >= journal.lastSequence());
        owner.close();
        List<JournalEntry> partition = journal.read(0, Integer.MAX_VALUE);
        assertThat(raised).as("the scenario raised its alarms").extracting(Alarm::rule).contains("CRS-FEVER", "TACHY");
        assertThat(open(partition, "TACHY").escalationLevel()).as("TACHY escalated before the checkpoint").isPositive();
        Alarm hypoxaemia = open(partition, "HYPOXAEMIA");
        assertThat(hypoxaemia.isOpen()).as("open, unchanged since before the tail").isTrue();
        assertThat(checkpoint.tailStart()).as("the tail is shorter than the partition").isGreaterThan(partition.get(0).sequence() + 100);

        List<Alarm> fullOut = Collections.synchronizedList(new ArrayList<>());
        List<Alarm> tailOut = Collections.synchronizedList(new ArrayList<>());
        InMemoryJournal fullLog = new InMemoryJournal();
        InMemoryJournal tailLog = new InMemoryJournal();
        PatientShards full = engine(fullLog, fullOut::add);
        PatientShards tail = engine(tailLog, tailOut::add);
        int replayedFull = replay(full, partition, List.of(), 0);
        int replayedTail = replay(tail, partition, checkpoint.carried(), checkpoint.tailStart());
        assertThat(replayedTail).as("records replayed from the tail").isLessThan(replayedFull / 2);

        assertThat(state(tail, true)).isEqualTo(state(full, true));
        assertThat(tail.thresholds(P).join()).isEqualTo(full.thresholds(P).join());
        assertThat(open(tail, "CRS-FEVER").id()).isEqualTo(open(partition, "CRS-FEVER").id());
        assertThat(open(tail, "HYPOXAEMIA")).isEqualTo(hypoxaemia);

        // the same live readings afterwards: the shelving ends, the fever returns, HR recovers
        for (int m = 253; m <= 300; m++) {
            for (PatientShards s : List.of(full, tail)) {
                InMemoryJournal log = s == full ? fullLog : tailLog;
                now.set(START + m * MIN);
                List<Reading> rs = readings(m, m, m > 270 ? 38.9 : 37.0, m > 280 ? 80 : 127, 97);
                s.durable(log.append(JournalRecords.readings(rs)).join(), rs);
                await().atMost(Duration.ofSeconds(20)).until(() -> s.evaluatedPosition() >= log.lastSequence());
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> alarmOutput(tailOut).equals(alarmOutput(fullOut)));
        assertThat(alarmOutput(fullOut)).as("the live readings changed alarms").isNotEmpty();
        assertThat(state(tail, false)).isEqualTo(state(full, false));
        full.close();
        tail.close();
    }

    /**
     * A patient 20 h into its 24 h baseline learning window at the checkpoint (temperature around 36.4 °C): the
     * tail must start at its first reading, so that both new owners learn the same baseline and both raise
     * CRS-PREFEVER for 37.6 °C (below fever, above baseline + 2 SD) once the window has closed.
     */
    @Test
    void givenAPatientInsideItsBaselineWindow_whenTakenOverFromTheCheckpoint_thenTheLearnedBaselineAndPreFeverEqualAFullReplay()
            throws Exception {
        PatientShards owner = engine(journal, a -> journal.append(JournalRecords.alarm(a)).join());
        int checkpointAt = 20 * 60;
        CheckpointFold.Checkpoint checkpoint = runThenCheckpoint(owner, checkpointAt);
        List<JournalEntry> partition = journal.read(0, Integer.MAX_VALUE);
        assertThat(checkpoint.tailStart()).as("the tail starts at the patient's first reading")
                .isEqualTo(partition.get(0).sequence());

        // live: the window closes at 24 h; from 25 h the temperature rises to 37.6 °C
        Map<Vital, VitalBaseline> after = takeOverThenPreFever(partition, checkpoint, checkpointAt, 26 * 60);
        assertThat(after.get(Vital.TEMP).complete()).isTrue();
    }

    /**
     * A patient with 30 h of data at the checkpoint: its baseline window (24 h) and the reorder horizon (3 h) closed
     * long before the tail (the last hour), so the tail cannot re-learn it. The owner wrote the learned statistics
     * as BASELINE records; the checkpoint carries them and both new owners hold the same baselines and raise
     * CRS-PREFEVER for 37.6 °C after the take-over. Without the record the checkpoint owner's baseline would be
     * learned from the tail's hour only, incomplete, and raise nothing.
     */
    @Test
    void givenABaselineWindowClosedLongBeforeTheTail_whenTakenOverFromTheCheckpoint_thenTheBaselineRecordRestoresItAndPreFeverEqualsAFullReplay()
            throws Exception {
        riseAtMinute = 31 * 60;
        List<JournalRecords.Decoded> written = Collections.synchronizedList(new ArrayList<>());
        PatientShards owner = engine(journal, a -> journal.append(JournalRecords.alarm(a)).join(), b -> {
            byte[] record = JournalRecords.baseline(b);
            written.add(JournalRecords.decode(record));
            journal.append(record).join(); // as PartitionJournal.baseline does, on the shard thread
        });
        int checkpointAt = 30 * 60;
        CheckpointFold.Checkpoint checkpoint = runThenCheckpoint(owner, checkpointAt);
        List<JournalEntry> partition = journal.read(0, Integer.MAX_VALUE);
        assertThat(written).as("one record per learned vital, once").extracting(d -> d.baseline().vital())
                .containsExactlyInAnyOrder(Vital.TEMP, Vital.HR, Vital.SPO2);
        assertThat(written.get(0).baseline().samples()).as("24 h of one sample a minute").isEqualTo(24 * 60);
        long lastBaselineRecord = partition.stream().filter(e -> e.payload()[0] == JournalRecords.BASELINE)
                .mapToLong(JournalEntry::sequence).max().orElseThrow();
        assertThat(checkpoint.tailStart()).as("the tail starts after the BASELINE records (about the last hour)")
                .isGreaterThan(lastBaselineRecord);
        assertThat(checkpoint.carried()).as("the BASELINE records are carried")
                .anyMatch(r -> r[0] == JournalRecords.BASELINE);

        // live: the temperature rises to 37.6 °C at 31 h; the restored baseline takes none of these samples
        Map<Vital, VitalBaseline> after = takeOverThenPreFever(partition, checkpoint, checkpointAt, 32 * 60);
        assertThat(after.get(Vital.TEMP).samples()).isEqualTo(24 * 60);
    }

    /** The owner processes minutes [0, end) in hourly records, then the partition is checkpointed and the owner dies. */
    private CheckpointFold.Checkpoint runThenCheckpoint(PatientShards owner, int end) {
        for (int m = 0; m < end; m += 60) {
            sendMinutes(owner, journal, m, m + 60);
        }
        CheckpointFold fold = new CheckpointFold(0, LOOKBACK, CheckpointFold.DEFAULT_LEARNING_MILLIS);
        journal.read(0, Integer.MAX_VALUE).forEach(e -> fold.add(e.sequence(), e.payload()));
        owner.close();
        return CheckpointFold.Checkpoint.decode(fold.checkpoint().encode());
    }

    /**
     * Takes the partition over twice (full replay; checkpoint + tail), checks both hold the same baselines (with
     * a temperature one), sends both the minutes [from, to) live and checks that both raise CRS-PREFEVER with the
     * same onset and the same alarm output. Returns the baselines after the live part.
     */
    private Map<Vital, VitalBaseline> takeOverThenPreFever(List<JournalEntry> partition,
                                                          CheckpointFold.Checkpoint checkpoint, int from, int to) {
        List<Alarm> fullOut = Collections.synchronizedList(new ArrayList<>());
        List<Alarm> tailOut = Collections.synchronizedList(new ArrayList<>());
        InMemoryJournal fullLog = new InMemoryJournal();
        InMemoryJournal tailLog = new InMemoryJournal();
        PatientShards full = engine(fullLog, fullOut::add);
        PatientShards tail = engine(tailLog, tailOut::add);
        replay(full, partition, List.of(), 0);
        replay(tail, partition, checkpoint.carried(), checkpoint.tailStart());
        assertThat(tail.patient(P).orElseThrow().baselines()).isEqualTo(full.patient(P).orElseThrow().baselines())
                .containsKey(Vital.TEMP);
        for (int m = from; m < to; m += 5) {
            sendMinutes(full, fullLog, m, m + 5);
            sendMinutes(tail, tailLog, m, m + 5);
        }
        long at = now.get();
        Map<Vital, VitalBaseline> after = full.patient(P).orElseThrow().baselines();
        assertThat(tail.patient(P).orElseThrow().baselines()).isEqualTo(after);
        assertThat(open(full, "CRS-PREFEVER")).as("raised by the full replay at " + at).isNotNull();
        await().atMost(Duration.ofSeconds(20)).until(() -> alarmOutput(tailOut).equals(alarmOutput(fullOut)));
        assertThat(open(tail, "CRS-PREFEVER").onsetMillis()).isEqualTo(open(full, "CRS-PREFEVER").onsetMillis());
        full.close();
        tail.close();
        return after;
    }

    /** Minutes [from, to) as one record, then waits until evaluated; temperature ~36.4 °C, 37.6 °C from {@link #riseAtMinute}. */
    private void sendMinutes(PatientShards s, InMemoryJournal log, int from, int to) {
        List<Reading> rs = new ArrayList<>();
        for (int m = from; m < to; m++) {
            rs.addAll(readings(m, m, m >= riseAtMinute ? 37.6 : 36.4 + 0.1 * Math.sin(m / 7.0), 75, 97));
        }
        now.set(START + (to - 1) * MIN);
        s.durable(log.append(JournalRecords.readings(rs)).join(), rs);
        await().atMost(Duration.ofSeconds(20)).until(() -> s.evaluatedPosition() >= log.lastSequence());
    }

    /** Replays carried records, then the partition from {@code from}, as PartitionEngine does; returns the count. */
    private int replay(PatientShards s, List<JournalEntry> partition, List<byte[]> carried, long from) {
        List<byte[]> records = new ArrayList<>(carried);
        partition.stream().filter(e -> e.sequence() >= from).forEach(e -> records.add(e.payload()));
        for (byte[] r : records) {
            JournalRecords.Decoded d = JournalRecords.decode(r);
            switch (d.type()) {
                case JournalRecords.READINGS -> s.replayReadings(d.readings());
                case JournalRecords.ALARM -> s.replayAlarm(d.alarm());
                case JournalRecords.MANUAL -> s.replayManual(d.manual());
                case JournalRecords.THRESHOLDS -> s.replayThresholds(d.thresholds());
                case JournalRecords.BASELINE -> s.replayBaseline(d.baseline());
                default -> { }
            }
        }
        s.replayDone();
        s.start();
        return records.size() - carried.size();
    }

    /**
     * What must be equal: the snapshot, with the alarms' full values. Without the learned baselines: this test's
     * fold releases the tail after the look-back (the baseline test above compares them). The
     * alarms' evidence text names the newest reading the rule had seen at the shard's last tick, which runs on
     * wall-clock time, so it is compared before the live part only.
     */
    private static PatientSnapshot state(PatientShards s, boolean evidence) {
        PatientSnapshot p = s.patient(P).orElseThrow();
        List<Alarm> alarms = p.openAlarms().stream().map(a -> evidence ? a : new Alarm(a.id(), a.patientId(), a.rule(),
                a.kind(), a.priority(), a.state(), a.onsetMillis(), a.changedAtMillis(), a.user(), a.note(), "",
                a.escalationLevel(), a.deviceId(), a.lateMillis())).toList();
        return new PatientSnapshot(p.patientId(), p.displayLabel(), p.product(), p.infusionDate(), p.dayPostInfusion(),
                p.latest(), p.news2(), alarms, p.devices(), p.lastDataMillis(), java.util.Map.of());
    }

    /** Alarm values without the ids of alarms raised after the take-over (each owner draws its own). */
    private static List<String> alarmOutput(List<Alarm> out) {
        synchronized (out) {
            return out.stream().map(a -> a.rule() + " " + a.state() + " " + a.priority() + " esc" + a.escalationLevel()
                    + " by=" + a.user() + " at " + a.changedAtMillis()).toList();
        }
    }

    private void send(PatientShards s, int measuredMinute, int receivedMinute, double temp, double hr, double spo2) {
        now.set(START + receivedMinute * MIN);
        List<Reading> rs = readings(measuredMinute, receivedMinute, temp, hr, spo2);
        s.durable(journal.append(JournalRecords.readings(rs)).join(), rs);
        await().atMost(Duration.ofSeconds(20)).until(() -> s.evaluatedPosition() >= journal.lastSequence());
    }

    private static List<Reading> readings(int measuredMinute, int receivedMinute, double temp, double hr, double spo2) {
        long at = START + measuredMinute * MIN;
        long rx = START + receivedMinute * MIN;
        boolean late = rx - at > 5 * MIN;
        return List.of(new Reading("d-patch", P, Vital.TEMP, temp, at, rx, Quality.OK, "Cel", late),
                new Reading("d-patch", P, Vital.HR, hr, at, rx, Quality.OK, "beat/min", late),
                new Reading("d-patch", P, Vital.SPO2, spo2, at, rx, Quality.OK, "%", late),
                new Reading("d-patch", P, Vital.BAT, 80 - measuredMinute / 10.0, at, rx, Quality.OK, "%", late));
    }

    private static Alarm open(PatientShards s, String rule) {
        return s.alarms(true).stream().filter(a -> a.rule().equals(rule)).findFirst().orElseThrow(
                () -> new AssertionError("no open " + rule + " in " + s.alarms(false)));
    }

    /** The newest value of the rule's alarm on the partition. */
    private static Alarm open(List<JournalEntry> partition, String rule) {
        Alarm newest = null;
        for (JournalEntry e : partition) {
            if (e.payload()[0] == JournalRecords.ALARM) {
                Alarm a = JournalRecords.decode(e.payload()).alarm();
                if (a.rule().equals(rule)) {
                    newest = a;
                }
            }
        }
        return newest;
    }

    private PatientShards engine(InMemoryJournal log, java.util.function.Consumer<Alarm> out) {
        return engine(log, out, b -> { });
    }

    private PatientShards engine(InMemoryJournal log, java.util.function.Consumer<Alarm> out,
                                 java.util.function.Consumer<org.homeward.gateway.domain.LearnedBaseline> baselines) {
        Clock clock = new Clock() {
            @Override public ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(ZoneId zone) { return this; }
            @Override public Instant instant() { return Instant.ofEpochMilli(now.get()); }
        };
        PatientShards s = new PatientShards(ShardSettings.defaults(), new JournalReadingLog(log, new SimpleMeterRegistry()),
                new ClinicalBinding(ClinicalSettings.defaults(), EscalationListener.NONE), LiveListener.NONE, out, baselines,
                clock, ZoneOffset.UTC, new SimpleMeterRegistry(), io.micrometer.core.instrument.Tags.empty());
        s.upsertPatient(new PatientProfile(P, LocalDate.of(2026, 11, 20), "axi-cel", "Bed 3"));
        s.registerDevice(P, "d-patch", "patch");
        if (log == journal) {
            s.replayDone();
            s.start();
        }
        return s;
    }
}

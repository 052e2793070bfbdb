package org.homeward.gateway.processing;

import org.homeward.gateway.domain.PatientThresholds;
import org.homeward.gateway.domain.ThresholdChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.LearnedBaseline;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.ingest.ReadingSink;
import org.homeward.gateway.ingest.RecordRejection;
import org.homeward.gateway.metrics.Meters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-patient processing without locks: {@code hash(patient) % N} picks a single-threaded
 * {@link Shard} that owns the patient's state and rules. Readings are not handed over: each shard
 * reads its patients' readings from the durable {@link ReadingLog} by its own position, so an
 * acknowledged reading is evaluated even under overload (late, with the technical alarm
 * {@value ProcessingAlarms#LAG}); {@link #durable} only wakes the shard. Control work (alarm
 * acknowledgements, manual entries, device events) goes through a bounded queue per shard whose
 * overflow is counted. Snapshots are published as immutable values for {@link PatientQuery} readers.
 */
public final class PatientShards implements ReadingSink, PatientQuery, PatientCommands, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PatientShards.class);
    private final Shard[] shards;
    private final List<ShardRunner> runners = new ArrayList<>();
    private final ReadingLog log;
    private final Clock clock;
    private final ProcessingAlarms technical;
    private final MeterRegistry meters;
    private final ConcurrentHashMap<String, Counter> failureCounters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PatientSnapshot> snapshots = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Alarm> alarms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PatientState> states = new ConcurrentHashMap<>();
    /** Patient → start of its current episode (epoch millis; Long.MAX_VALUE while discharged), if not its first. */
    private final ConcurrentHashMap<String, Long> episodeStarts = new ConcurrentHashMap<>();
    /** Last update interval queued per patient and device (SenML {@code ut}), so unchanged ones are not re-sent. */
    private final ConcurrentHashMap<String, Long> intervals = new ConcurrentHashMap<>();
    private final Counter shedControl;
    /** The lag gauges, removed on {@link #close} so a revoked partition's engine leaves no stale series. */
    private final List<Meter> lagGauges = new ArrayList<>();
    private long replayedTo;

    /**
     * @param log      the durable log the shards read readings from (the journal the ingest service appends to)
     * @param alarmOut receives every alarm change (journal append and forwarding); called on shard threads, must not block
     */
    public PatientShards(ShardSettings settings, ReadingLog log, ClinicalRules rules, LiveListener listener,
                         Consumer<Alarm> alarmOut, Clock clock, ZoneId zone, MeterRegistry meters) {
        this(settings, log, rules, listener, alarmOut, clock, zone, meters, Tags.empty());
    }

    /**
     * @param lagTags tags of the lag gauges: empty in the single process; {@code partition=<n>} for a cluster
     *                node's engine, so each owned partition has its own series (one name and tag set holds one
     *                gauge: without the tag Micrometer would keep the first engine's only). Never a patient id.
     */
    public PatientShards(ShardSettings settings, ReadingLog log, ClinicalRules rules, LiveListener listener,
                         Consumer<Alarm> alarmOut, Clock clock, ZoneId zone, MeterRegistry meters, Tags lagTags) {
        this(settings, log, rules, listener, alarmOut, b -> { }, clock, zone, meters, lagTags);
    }

    /**
     * @param baselineOut receives each learned baseline once no later sample can change it (a cluster owner
     *                    journals it on the patient's partition, see {@code JournalRecords.BASELINE}); called on
     *                    shard threads, must not block
     */
    public PatientShards(ShardSettings settings, ReadingLog log, ClinicalRules rules, LiveListener listener,
                         Consumer<Alarm> alarmOut, Consumer<LearnedBaseline> baselineOut, Clock clock, ZoneId zone,
                         MeterRegistry meters, Tags lagTags) {
        this.log = log;
        this.clock = clock;
        this.meters = meters;
        this.shedControl = Counter.builder(Meters.SHED).tag("lane", "control").register(meters);
        this.shards = new Shard[settings.shards()];
        this.technical = new ProcessingAlarms(this::lagMillis, this::lagEntries, settings.lagAlarm().toMillis(),
                meters, clock);
        lagGauges.add(Gauge.builder(Meters.PROCESSING_LAG_ENTRIES, this, PatientShards::lagEntries).tags(lagTags)
                .description("Log entries the slowest shard has still to evaluate").register(meters));
        lagGauges.add(Gauge.builder(Meters.PROCESSING_LAG, this, s -> s.lagMillis(s.clock.millis()) / 1000.0).tags(lagTags)
                .description("Seconds since the slowest shard last caught up with the log").register(meters));
        Shard.Publisher publisher = new Shard.Publisher() {
            @Override
            public void snapshot(PatientSnapshot s, Reading cause) {
                snapshots.put(s.patientId(), s);
                listener.onPatientChanged(s, cause);
            }

            @Override
            public void alarm(Alarm a) {
                alarms.put(a.id(), a);
                alarmOut.accept(a);
                listener.onAlarm(a);
            }

            @Override
            public void baseline(LearnedBaseline b) {
                baselineOut.accept(b);
            }

            @Override
            public void removed(String patientId) {
                snapshots.remove(patientId);
                listener.onPatientRemoved(patientId);  // open boards drop the row now, not at the next reload
            }
        };
        for (int i = 0; i < shards.length; i++) {
            int index = i;
            shards[i] = new Shard(i, settings, rules, publisher, this::taskFailed, log,
                    patientId -> shardIndex(patientId) == index, states, episodeStarts, clock, zone);
        }
    }

    private int shardIndex(String patientId) {
        return Math.floorMod(patientId.hashCode(), shards.length);
    }

    private void taskFailed(int shard, String lane, RuntimeException e) {
        failureCounters.computeIfAbsent(lane, l -> Counter.builder(Meters.PROCESSING_TASK_FAILURES).tag("lane", l)
                .register(meters)).increment();
        technical.taskFailed(lane, e);
        LOG.error("shard {} {} task failed: {}", shard, lane, e.toString(), e);
    }

    private Shard shardOf(String patientId) {
        return shards[shardIndex(patientId)];
    }

    /** Starts the shard threads; call after {@link #replayDone}. They read the log from where replay ended. */
    public void start() {
        goLive();
        for (Shard s : shards) {
            ShardRunner r = new ShardRunner(s, clock, this::taskFailed);
            runners.add(r);
            r.start();
        }
    }

    /** Ends start-up without threads: tests then step the shards with {@link #doWork}. */
    void goLive() {
        long now = clock.millis();
        for (Shard s : shards) {
            s.goLive(replayedTo, now);
        }
    }

    /** One step of every shard at {@code now} (simulated time in tests); returns the work done. */
    int doWork(long now) {
        int work = 0;
        for (Shard s : shards) {
            work += s.doWork(now);
        }
        return work;
    }

    /** Adds a patient or updates its profile. Before {@link #start()}, applied at once on the caller. */
    public void upsertPatient(PatientProfile profile) {
        control(profile.patientId(), s -> s.upsert(profile));
    }

    /**
     * Admits a patient for a later episode that started at {@code admittedAtMillis}: input from
     * before it (the journal replay of earlier episodes) is not applied, and the patient is back on
     * the board. Call before the replay for patients re-admitted while the gateway was down.
     */
    public void admit(PatientProfile profile, long admittedAtMillis) {
        episodeStarts.put(profile.patientId(), admittedAtMillis);
        upsertPatient(profile);
    }

    /**
     * Ends a patient's episode: its open alarms are resolved by {@code user} with {@code reason}
     * (journaled and forwarded like every alarm change), it leaves the board, and later input for it
     * (queued readings, a journal replay) is kept in the journal and forwarded but not shown.
     * Non-blocking; a no-op for a patient with no state and no open alarm.
     */
    public void discharge(String patientId, String user, String reason) {
        episodeStarts.put(patientId, Long.MAX_VALUE);
        List<Alarm> open = alarms.values().stream().filter(a -> a.isOpen() && a.patientId().equals(patientId)).toList();
        if (!open.isEmpty() || states.containsKey(patientId) || snapshots.containsKey(patientId)) {
            control(patientId, s -> s.discharge(patientId, open, user, reason));
        }
    }

    /**
     * Marks a patient as discharged before its discharge is processed, so the disconnects of its
     * released devices raise no alarm. Non-blocking, idempotent; {@link #discharge} does the rest.
     */
    public void dischargePending(String patientId) {
        episodeStarts.put(patientId, Long.MAX_VALUE);
    }

    /** Registers a device under its patient so the board lists it before it sends anything. */
    public void registerDevice(String patientId, String deviceId, String kind) {
        control(patientId, s -> s.registerDevice(patientId, deviceId, kind));
    }

    /**
     * The device's update interval (SenML {@code ut}) for its gap rules; kept across registry syncs.
     * Non-blocking; only a changed value is queued to the shard.
     */
    @Override
    public void expectedInterval(String deviceId, String patientId, long intervalMillis) {
        String key = patientId + '\u0000' + deviceId;
        Long before = intervals.put(key, intervalMillis);
        if ((before == null || before != intervalMillis)
                && !shardOf(patientId).offerControl(s -> s.expectedInterval(patientId, deviceId, intervalMillis))) {
            shedControl.increment();
            intervals.remove(key); // sent again with the next pack
        }
    }

    /**
     * After start-up: takes every device off each patient the registry does not assign it to
     * ({@code assigned}: device → patient), e.g. a device moved or revoked whose old readings the
     * journal replay listed again. Non-blocking.
     */
    public void keepOnlyAssigned(Map<String, String> assigned) {
        Map<String, String> copy = Map.copyOf(assigned);
        for (Shard s : shards) {
            if (!s.offerControl(x -> x.keepOnlyAssigned(copy))) {
                shedControl.increment();
            }
        }
    }

    /**
     * Takes a device off its former patient (moved to another patient, revoked or deleted): the board
     * stops listing it and its technical alarms are resolved, as for a {@code REVOKED} device event.
     * Non-blocking; an unknown patient or device is ignored. Later disconnects of it are ignored too.
     */
    public void unregisterDevice(String patientId, String deviceId) {
        intervals.remove(patientId + '\u0000' + deviceId);
        control(patientId, s -> s.unregisterDevice(patientId, deviceId));
    }

    /**
     * Completes when every shard has run the control tasks queued before this call (patients, devices) and
     * published the snapshots they changed, so queries and nurse commands see a registry change. Non-blocking;
     * completes exceptionally when a shard's control queue is full (counted as shed).
     */
    public CompletableFuture<Void> applied() {
        CompletableFuture<?>[] all = new CompletableFuture<?>[shards.length];
        for (int i = 0; i < shards.length; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            if (!shards[i].offerControl(s -> {
                s.publishNow();
                done.complete(null);
            })) {
                shedControl.increment();
                done.completeExceptionally(new IllegalStateException("patient processing is overloaded; try again"));
            }
            all[i] = done;
        }
        return CompletableFuture.allOf(all);
    }

    // ---- start-up replay (single-threaded, before start) ----

    /** Applies a journaled reading batch during replay. */
    public void replayReadings(List<Reading> readings) {
        List<Reading> ordered = PackOrder.contextFirst(readings);
        for (int i = 0, end; i < ordered.size(); i = end) {
            end = Reading.sameInstantEnd(ordered, i);
            shardOf(ordered.get(i).patientId()).replay(ordered.subList(i, end));
        }
    }

    /** Applies a journaled alarm during replay. */
    public void replayAlarm(Alarm a) {
        alarms.put(a.id(), a);
        shardOf(a.patientId()).restore(a);
    }

    /** Restores a journaled learned baseline during replay ({@code JournalRecords.BASELINE}). */
    public void replayBaseline(LearnedBaseline b) {
        shardOf(b.patientId()).replayBaseline(b);
    }

    /** Applies a journaled manual entry during replay. */
    public void replayManual(ManualEntry e) {
        shardOf(e.patientId()).replayManual(e);
    }

    /** Applies a journaled threshold change during replay. */
    public void replayThresholds(ThresholdChange c) {
        shardOf(c.patientId()).replayThresholds(c);
    }

    /**
     * Ends replay, which must have read the log up to its end: rules may raise alarms from now on;
     * publishes every snapshot. Live processing reads the log after the position it has now.
     */
    public void replayDone() {
        replayedTo = log.endPosition();
        for (Shard s : shards) {
            s.replayDone();
        }
    }

    // ---- ReadingSink ----

    /**
     * Wakes the shards of these durable readings that have not read them yet; they read them from the
     * log. Never fails, never blocks.
     */
    @Override
    public void durable(long sequence, List<Reading> readings) {
        log.durable(sequence, readings);
        Shard last = null;
        for (Reading r : readings) {
            Shard s = shardOf(r.patientId());
            if (s != last) {
                s.wake(sequence);
                last = s;
            }
        }
    }

    // ---- processing health ----

    /** Log position up to which every shard has evaluated (journal retention must keep what is after it). */
    public long evaluatedPosition() {
        long min = Long.MAX_VALUE;
        for (Shard s : shards) {
            min = Math.min(min, s.position());
        }
        return min;
    }

    long lagEntries() {
        return Math.max(0, log.endPosition() - evaluatedPosition());
    }

    long lagMillis(long now) {
        long max = 0;
        for (Shard s : shards) {
            max = Math.max(max, s.lagMillis(now));
        }
        return max;
    }

    /** Raises or clears processing's technical alarms; cheap, any thread (housekeeping calls it). */
    public void checkTechnicalAlarms() {
        technical.check();
    }

    /** Processing's active technical alarms, JSON-ready, for {@code /health}. */
    public List<Map<String, Object>> technicalAlarms() {
        return technical.active();
    }

    @Override
    public void rejected(String deviceId, String patientId, RecordRejection rejection, long atMillis) {
        rejected(deviceId, patientId, List.of(rejection), atMillis);
    }

    @Override
    public void rejected(String deviceId, String patientId, List<RecordRejection> rejections, long atMillis) {
        if (!shardOf(patientId).offerControl(s -> s.rejected(patientId, deviceId, rejections, atMillis))) {
            shedControl.increment();
        }
    }

    // ---- commands ----

    /** Connection events from the adapters. Non-blocking. */
    public void deviceEvent(DeviceEvent e) {
        control(e.patientId(), s -> s.deviceEvent(e));
    }

    /** A manual entry (already journaled by the caller or to be journaled by it). */
    @Override
    public CompletableFuture<List<Alarm>> manualEntry(ManualEntry e) {
        return command(e.patientId(), s -> s.manual(e));
    }

    @Override
    public CompletableFuture<List<Alarm>> acknowledge(String alarmId, String user, String note) {
        Alarm a = alarms.get(alarmId);
        if (a == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no alarm " + alarmId));
        }
        return command(a.patientId(), s -> s.acknowledge(a.patientId(), alarmId, user, note));
    }

    @Override
    public CompletableFuture<List<Alarm>> shelve(String alarmId, String user, long durationMillis) {
        Alarm a = alarms.get(alarmId);
        if (a == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no alarm " + alarmId));
        }
        return command(a.patientId(), s -> s.shelve(a.patientId(), alarmId, user, durationMillis));
    }

    /**
     * Applies a per-patient threshold change (already journaled by the caller) on the patient's shard;
     * completes with the thresholds after it (null when no clinical rules run), or exceptionally with
     * {@link IllegalArgumentException} for an unknown patient, {@link IllegalStateException} when overloaded.
     */
    @Override
    public CompletableFuture<PatientThresholds> changeThresholds(ThresholdChange change) {
        return command(change.patientId(), s -> s.changeThresholds(change));
    }

    /** The patient's thresholds and change history, read on its shard (same failures as above). */
    @Override
    public CompletableFuture<PatientThresholds> thresholds(String patientId) {
        return command(patientId, s -> s.thresholds(patientId));
    }

    private <T> CompletableFuture<T> command(String patientId, java.util.function.Function<Shard, T> f) {
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean queued = shardOf(patientId).offerControl(s -> {
            try {
                result.complete(f.apply(s));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (!queued) {
            shedControl.increment();
            result.completeExceptionally(new IllegalStateException("patient processing is overloaded; try again"));
        }
        return result;
    }

    private void control(String patientId, Consumer<Shard> task) {
        if (!shardOf(patientId).offerControl(task)) {
            shedControl.increment();
        }
    }

    // ---- PatientQuery ----

    @Override
    public List<PatientSnapshot> patients() {
        List<PatientSnapshot> list = new ArrayList<>(snapshots.values());
        list.sort(Comparator.comparing(PatientSnapshot::patientId));
        return list;
    }

    @Override
    public Optional<PatientSnapshot> patient(String patientId) {
        return Optional.ofNullable(snapshots.get(patientId));
    }

    @Override
    public List<Reading> history(String patientId, long sinceMillis) {
        PatientState s = states.get(patientId);
        return s == null ? List.of() : s.history(sinceMillis);
    }

    @Override
    public List<Alarm> alarms(boolean openOnly) {
        List<Alarm> list = new ArrayList<>();
        for (Alarm a : alarms.values()) {
            if (!openOnly || a.isOpen()) {
                list.add(a);
            }
        }
        list.sort(Comparator.comparingLong(Alarm::changedAtMillis).reversed());
        return list;
    }

    @Override
    public List<Alarm> alarmHistory(String patientId, long sinceMillis) {
        PatientState s = states.get(patientId);
        return s == null ? List.of() : s.alarmHistory(sinceMillis);
    }

    @Override
    public void close() {
        for (ShardRunner r : runners) {
            r.close();
        }
        lagGauges.forEach(meters::remove);
        technical.close();
    }
}

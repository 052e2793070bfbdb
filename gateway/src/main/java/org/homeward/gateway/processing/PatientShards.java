package org.homeward.gateway.processing;

import org.homeward.gateway.domain.PatientThresholds;
import org.homeward.gateway.domain.ThresholdChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.ingest.ReadingSink;
import org.homeward.gateway.ingest.RecordRejection;
import org.homeward.gateway.metrics.Meters;

/**
 * Per-patient processing without locks: {@code hash(patient) % N} picks a single-threaded
 * {@link Shard} that owns the patient's state and rules. Work arrives through bounded queues in two
 * lanes: control (alarm acknowledgements, manual entries, device events, never shed while there is
 * room) and data (readings, checked for room before the durable write). Snapshots are published as
 * immutable values for {@link PatientQuery} readers.
 */
public final class PatientShards implements ReadingSink, PatientQuery, AutoCloseable {
    private final Shard[] shards;
    private final ConcurrentHashMap<String, PatientSnapshot> snapshots = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Alarm> alarms = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PatientState> states = new ConcurrentHashMap<>();
    /** Last update interval queued per patient and device (SenML {@code ut}), so unchanged ones are not re-sent. */
    private final ConcurrentHashMap<String, Long> intervals = new ConcurrentHashMap<>();
    private final Counter shedData;
    private final Counter shedControl;

    /**
     * @param alarmOut receives every alarm change (journal append and forwarding); called on shard threads, must not block
     */
    public PatientShards(ShardSettings settings, ClinicalRules rules, LiveListener listener, Consumer<Alarm> alarmOut,
                         Clock clock, ZoneId zone, MeterRegistry meters) {
        this.shedData = Counter.builder(Meters.SHED).tag("lane", "data").register(meters);
        this.shedControl = Counter.builder(Meters.SHED).tag("lane", "control").register(meters);
        this.shards = new Shard[settings.shards()];
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
        };
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new Shard(i, settings, rules, publisher, states, clock, zone);
        }
    }

    private Shard shardOf(String patientId) {
        return shards[Math.floorMod(patientId.hashCode(), shards.length)];
    }

    /** Starts the shard threads; call after {@link #replay}. */
    public void start() {
        for (Shard s : shards) {
            s.start();
        }
    }

    /** Adds a patient or updates its profile. Before {@link #start()}, applied at once on the caller. */
    public void upsertPatient(PatientProfile profile) {
        control(profile.patientId(), s -> s.upsert(profile));
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

    // ---- start-up replay (single-threaded, before start) ----

    /** Applies a journaled reading batch during replay. */
    public void replayReadings(List<Reading> readings) {
        for (Reading r : PackOrder.contextFirst(readings)) {
            shardOf(r.patientId()).replay(r);
        }
    }

    /** Applies a journaled alarm during replay. */
    public void replayAlarm(Alarm a) {
        alarms.put(a.id(), a);
        shardOf(a.patientId()).restore(a);
    }

    /** Applies a journaled manual entry during replay. */
    public void replayManual(ManualEntry e) {
        shardOf(e.patientId()).replayManual(e);
    }

    /** Applies a journaled threshold change during replay. */
    public void replayThresholds(ThresholdChange c) {
        shardOf(c.patientId()).replayThresholds(c);
    }

    /** Ends replay: rules may raise alarms from now on; publishes every snapshot. */
    public void replayDone() {
        for (Shard s : shards) {
            s.replayDone();
        }
    }

    // ---- ReadingSink ----

    @Override
    public boolean hasCapacity(String patientId) {
        return shardOf(patientId).dataRoom() > 0;
    }

    @Override
    public boolean accept(List<Reading> readings) {
        Map<Shard, List<Reading>> byShard = new HashMap<>(2);
        for (Reading r : PackOrder.contextFirst(readings)) {
            byShard.computeIfAbsent(shardOf(r.patientId()), k -> new ArrayList<>(readings.size())).add(r);
        }
        boolean all = true;
        for (Map.Entry<Shard, List<Reading>> e : byShard.entrySet()) {
            if (!e.getKey().offerData(e.getValue())) {
                shedData.increment(e.getValue().size());
                all = false;
            }
        }
        return all;
    }

    @Override
    public void rejected(String deviceId, String patientId, RecordRejection rejection, long atMillis) {
        if (!shardOf(patientId).offerControl(s -> s.rejected(patientId, deviceId, rejection, atMillis))) {
            shedControl.increment();
        }
    }

    // ---- commands ----

    /** Connection events from the adapters. Non-blocking. */
    public void deviceEvent(DeviceEvent e) {
        control(e.patientId(), s -> s.deviceEvent(e));
    }

    /** A manual entry (already journaled by the caller or to be journaled by it). */
    public CompletableFuture<List<Alarm>> manualEntry(ManualEntry e) {
        return command(e.patientId(), s -> s.manual(e));
    }

    public CompletableFuture<List<Alarm>> acknowledge(String alarmId, String user, String note) {
        Alarm a = alarms.get(alarmId);
        if (a == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no alarm " + alarmId));
        }
        return command(a.patientId(), s -> s.acknowledge(a.patientId(), alarmId, user, note));
    }

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
    public CompletableFuture<PatientThresholds> changeThresholds(ThresholdChange change) {
        return command(change.patientId(), s -> s.changeThresholds(change));
    }

    /** The patient's thresholds and change history, read on its shard (same failures as above). */
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
        for (Shard s : shards) {
            s.close();
        }
    }
}

package org.homeward.gateway.processing;

import org.homeward.gateway.domain.PatientThresholds;
import org.homeward.gateway.domain.ThresholdChange;
import java.time.Clock;
import java.time.ZoneId;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.ingest.RecordRejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One single-threaded shard: owns the state and rule monitors of the patients hashed to it.
 * Control tasks run before data; rules tick every {@code tick}. Everything here runs on the shard
 * thread (or on the start-up thread before {@link #start()}), so no locks guard the state.
 */
final class Shard implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Shard.class);
    private static final int SERIES_CAPACITY = 4_320;

    /** Where a shard publishes. */
    interface Publisher {
        void snapshot(PatientSnapshot snapshot, Reading cause);

        void alarm(Alarm alarm);
    }

    private final int index;
    private final BlockingQueue<Consumer<Shard>> control;
    private final BlockingQueue<List<Reading>> data;
    private final ClinicalRules rules;
    private final Publisher publisher;
    private final Map<String, PatientState> sharedStates;
    private final Map<String, PatientState> patients = new HashMap<>();
    private final Map<String, ClinicalRules.Monitor> monitors = new HashMap<>();
    private final Clock clock;
    private final ZoneId zone;
    private final long tickMillis;
    private final long seriesSpacing;
    /** Patients whose snapshot must be republished, with the newest reading that caused it (or null). */
    private final Map<String, Reading> dirty = new HashMap<>();
    private long lastPublish;
    private volatile boolean running = true;
    private Thread thread;
    private long nextTick;

    Shard(int index, ShardSettings settings, ClinicalRules rules, Publisher publisher,
          Map<String, PatientState> sharedStates, Clock clock, ZoneId zone) {
        this.index = index;
        this.control = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.data = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.rules = rules;
        this.publisher = publisher;
        this.sharedStates = sharedStates;
        this.clock = clock;
        this.zone = zone;
        this.tickMillis = settings.tick().toMillis();
        this.seriesSpacing = Math.max(1_000, settings.history().toMillis() / SERIES_CAPACITY);
    }

    void start() {
        thread = new Thread(this, "shard-" + index);
        thread.setDaemon(true);
        thread.start();
    }

    int dataRoom() {
        return data.remainingCapacity();
    }

    boolean offerData(List<Reading> readings) {
        return data.offer(readings);
    }

    boolean offerControl(Consumer<Shard> task) {
        if (thread == null) {
            task.accept(this); // before start (replay, boot): run on the caller
            return true;
        }
        return control.offer(task);
    }

    @Override
    public void run() {
        nextTick = clock.millis() + tickMillis;
        while (running) {
            try {
                Consumer<Shard> c;
                while ((c = control.poll()) != null) {
                    c.accept(this);
                }
                List<Reading> batch = data.poll(Math.max(1, nextTick - clock.millis()), TimeUnit.MILLISECONDS);
                if (batch != null) {
                    onReadings(batch);
                }
                long now = clock.millis();
                if (now >= nextTick) {
                    tick(now);
                    nextTick = now + tickMillis;
                }
                // coalesce snapshot publication under load: at most every 20 ms while data is queued
                if (data.isEmpty() || now - lastPublish >= 20) {
                    publishDirty();
                    lastPublish = now;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // a bug in one patient's rules must not stop the shard for everyone else
                LOG.error("shard {} task failed: {}", index, e.toString(), e);
            }
        }
    }

    void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- tasks (shard thread) ----

    void upsert(PatientProfile profile) {
        PatientState s = patients.get(profile.patientId());
        if (s == null) {
            s = new PatientState(profile, SERIES_CAPACITY, seriesSpacing);
            patients.put(profile.patientId(), s);
            sharedStates.put(profile.patientId(), s);
            ClinicalRules.Monitor monitor = rules.create(profile);
            if (thread == null) {
                monitor.beginReplay(); // created during start-up: the journal replay comes next
            }
            monitors.put(profile.patientId(), monitor);
        } else {
            s.profile(profile);
        }
        dirty.putIfAbsent(profile.patientId(), null);
        if (thread == null) {
            publishDirty();
        }
    }

    void registerDevice(String patientId, String deviceId, String kind) {
        PatientState s = patients.get(patientId);
        if (s != null) {
            s.registerDevice(deviceId, kind);
            monitors.get(patientId).registerDevice(deviceId, kind, s.expectedInterval(deviceId));
            dirty.putIfAbsent(patientId, null);
        }
    }

    void expectedInterval(String patientId, String deviceId, long intervalMillis) {
        PatientState s = patients.get(patientId);
        if (s != null && s.expectedInterval(deviceId, intervalMillis)) {
            monitors.get(patientId).registerDevice(deviceId, s.kind(deviceId), intervalMillis);
        }
    }

    /** Unregisters every listed device the registry does not assign to its patient (device → patient). */
    void keepOnlyAssigned(Map<String, String> assigned) {
        for (PatientState s : List.copyOf(patients.values())) {
            for (String deviceId : s.deviceIds()) {
                if (!s.patientId().equals(assigned.get(deviceId))) {
                    unregisterDevice(s.patientId(), deviceId);
                }
            }
        }
    }

    void unregisterDevice(String patientId, String deviceId) {
        PatientState s = patients.get(patientId);
        if (s != null && s.unregisterDevice(deviceId)) {
            long now = clock.millis();
            DeviceEvent revoked = new DeviceEvent(deviceId, patientId, DeviceEvent.Type.REVOKED, now, "unassigned");
            emit(s, monitors.get(patientId).onDeviceEvent(revoked, now));
            dirty.putIfAbsent(patientId, null);
        }
    }

    private void onReadings(List<Reading> batch) {
        long now = clock.millis();
        for (Reading r : batch) {
            PatientState s = state(r.patientId());
            s.apply(r);
            emit(s, monitors.get(r.patientId()).onReading(r, now));
            dirty.put(r.patientId(), r);
        }
    }

    void replay(Reading r) {
        PatientState s = state(r.patientId());
        if (s != null) {
            s.apply(r);
            monitors.get(r.patientId()).onReading(r, r.receivedAtMillis());
        }
    }

    void restore(Alarm a) {
        PatientState s = state(a.patientId());
        if (s != null) {
            s.apply(a);
            monitors.get(a.patientId()).restore(a);
        }
    }

    void replayManual(ManualEntry e) {
        if (state(e.patientId()) != null) {
            monitors.get(e.patientId()).onManualEntry(e, e.atMillis());
        }
    }

    void replayDone() {
        long now = clock.millis();
        monitors.forEach((id, m) -> emit(patients.get(id), m.endReplay(now)));
        patients.keySet().forEach(id -> dirty.putIfAbsent(id, null));
        publishDirty();
    }

    void rejected(String patientId, String deviceId, RecordRejection rejection, long at) {
        PatientState s = state(patientId);
        if (s != null) {
            emit(s, monitors.get(patientId).onRejected(deviceId, rejection, at));
        }
    }

    void deviceEvent(DeviceEvent e) {
        PatientState s = state(e.patientId());
        if (s != null && (e.type() == DeviceEvent.Type.CONNECTED || s.hasDevice(e.deviceId()))) {
            s.apply(e);
            emit(s, monitors.get(e.patientId()).onDeviceEvent(e, clock.millis()));
            dirty.putIfAbsent(e.patientId(), null);
        }
    }

    List<Alarm> manual(ManualEntry e) {
        PatientState s = requireState(e.patientId());
        List<Alarm> out = monitors.get(e.patientId()).onManualEntry(e, clock.millis());
        emit(s, out);
        dirty.putIfAbsent(e.patientId(), null);
        return out;
    }

    List<Alarm> acknowledge(String patientId, String alarmId, String user, String note) {
        PatientState s = requireState(patientId);
        List<Alarm> out = monitors.get(patientId).acknowledge(alarmId, user, note, clock.millis());
        emit(s, out);
        dirty.putIfAbsent(patientId, null);
        return out;
    }

    List<Alarm> shelve(String patientId, String alarmId, String user, long durationMillis) {
        PatientState s = requireState(patientId);
        List<Alarm> out = monitors.get(patientId).shelve(alarmId, user, durationMillis, clock.millis());
        emit(s, out);
        dirty.putIfAbsent(patientId, null);
        return out;
    }

    /** Applies a threshold change live; returns the patient's thresholds after it (null when rules are off). */
    PatientThresholds changeThresholds(ThresholdChange c) {
        PatientState s = requireState(c.patientId());
        ClinicalRules.Monitor m = monitors.get(c.patientId());
        emit(s, m.changeThresholds(c, clock.millis()));
        dirty.putIfAbsent(c.patientId(), null);
        return m.thresholds();
    }

    PatientThresholds thresholds(String patientId) {
        requireState(patientId);
        return monitors.get(patientId).thresholds();
    }

    void replayThresholds(ThresholdChange c) {
        if (state(c.patientId()) != null) {
            monitors.get(c.patientId()).changeThresholds(c, c.atMillis());
        }
    }

    private void tick(long now) {
        for (Map.Entry<String, ClinicalRules.Monitor> e : monitors.entrySet()) {
            List<Alarm> out = e.getValue().onTick(now);
            if (!out.isEmpty()) {
                emit(patients.get(e.getKey()), out);
                dirty.putIfAbsent(e.getKey(), null);
            }
        }
    }

    private void emit(PatientState s, List<Alarm> changed) {
        for (Alarm a : changed) {
            s.apply(a);
            publisher.alarm(a);
        }
    }

    private void publishDirty() {
        if (dirty.isEmpty()) {
            return;
        }
        long now = clock.millis();
        for (Map.Entry<String, Reading> e : dirty.entrySet()) {
            PatientState s = patients.get(e.getKey());
            if (s != null) {
                ClinicalRules.Monitor m = monitors.get(e.getKey());
                publisher.snapshot(s.snapshot(now, zone, m.news2(now), m.baselines(now)), e.getValue());
            }
        }
        dirty.clear();
    }

    private PatientState state(String patientId) {
        PatientState s = patients.get(patientId);
        if (s == null) {
            // a reading for a patient the registry no longer lists (e.g. from the journal): keep it visible
            upsert(new PatientProfile(patientId, LocalDate.now(clock.withZone(zone)), "", patientId));
            s = patients.get(patientId);
        }
        return s;
    }

    private PatientState requireState(String patientId) {
        PatientState s = patients.get(patientId);
        if (s == null) {
            throw new IllegalArgumentException("unknown patient " + patientId);
        }
        return s;
    }
}

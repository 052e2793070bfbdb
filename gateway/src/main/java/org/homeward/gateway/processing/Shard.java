package org.homeward.gateway.processing;

import java.io.IOException;
import org.homeward.gateway.domain.PatientThresholds;
import org.homeward.gateway.domain.ThresholdChange;
import java.time.Clock;
import java.time.ZoneId;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.LearnedBaseline;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.ingest.RecordRejection;

/**
 * One single-threaded shard: owns the state and rule monitors of the patients hashed to it, and
 * reads its patients' readings from the durable {@link ReadingLog} by its own position, so nothing
 * acknowledged can skip the rules: overload only makes the shard fall behind the log.
 *
 * <p>Shaped as an agent (Agrona's {@code Agent}): {@link #doWork(long)} does one bounded step
 * (control tasks, then up to {@code readBatch} log entries, the rules' tick when due, snapshot
 * publication) and returns the amount of work done; {@link ShardRunner} calls it on the shard thread
 * and idles when it returns 0, and tests call it with a simulated clock. Everything here runs on that
 * one thread (or on the start-up thread before {@link #goLive}), so no locks guard the state. A task
 * that throws is reported to {@link Failures} and the shard goes on with the next one.
 */
final class Shard {
    private static final int SERIES_CAPACITY = 4_320;
    /** After a failed log read, the next try waits this long (a broken disk must not flood the log). */
    static final long LOG_RETRY_MILLIS = 1_000;

    /** Where a shard publishes. */
    interface Publisher {
        void snapshot(PatientSnapshot snapshot, Reading cause);

        void alarm(Alarm alarm);

        /** The patient left the board (its episode ended). */
        void removed(String patientId);

        /** A learned baseline no later sample can change (to journal in cluster mode); none by default. */
        default void baseline(LearnedBaseline baseline) {
        }
    }

    /** Where a shard reports a task that threw; called on the shard thread, must not block. */
    interface Failures {
        /** @param lane {@code control}, {@code reading}, {@code log}, {@code tick} or {@code publish} */
        void taskFailed(int shard, String lane, RuntimeException error);
    }

    private final int index;
    private final BlockingQueue<Consumer<Shard>> control;
    private final ReadingLog log;
    private final Predicate<String> owns;
    private final ClinicalRules rules;
    private final Publisher publisher;
    private final Failures failures;
    private final Map<String, PatientState> sharedStates;
    /** Per patient, the start of its current episode (Long.MAX_VALUE: discharged); older input is ignored. */
    private final Map<String, Long> episodeStarts;
    private final Map<String, Slot> slots = new HashMap<>();
    private final Clock clock;
    private final ZoneId zone;
    private final long tickMillis;
    private final long publishMillis;
    private final int readBatch;
    private final int controlBatch;
    private final long seriesSpacing;
    /** Patients whose snapshot must be republished ({@link Slot#dirty}), in the order they changed. */
    private final List<Slot> dirty = new ArrayList<>();
    private final TickSchedule<Slot> schedule = new TickSchedule<>();
    private boolean tickEveryPatient;
    private long lastPublish;
    private long nextTick;
    private boolean caughtUp = true;
    private long retryLogAt;
    /** Log position up to which this shard has evaluated its readings; written on the shard thread only. */
    private volatile long position;
    /** Last time (shard clock) the shard had read everything the log held; for the lag alarm. */
    private volatile long caughtUpAtMillis;
    /** Last time (shard clock) a step ran; a shard stuck in a task stops moving it. */
    private volatile long steppedAtMillis;
    private volatile boolean live;
    private volatile Runnable waker = () -> { };

    /**
     * Everything the shard holds for one patient, found with one hashed lookup by patient id per pack
     * instead of ~6 (state, monitor, dirty mark, the schedule's touched set and deadline map), and its
     * place in the {@link TickSchedule} kept here so that moving its deadline allocates nothing (issue 14).
     */
    private static final class Slot extends TickSchedule.Entry {
        final PatientState state;
        /** Null only if creating it failed (the state stays on the board, its rules fail as before). */
        ClinicalRules.Monitor monitor;
        /** Listed in {@link Shard#dirty}: the snapshot must be republished. */
        boolean dirty;
        /** The newest reading that made it dirty, or null. */
        Reading dirtyCause;

        Slot(String patientId, PatientState state) {
            super(patientId);
            this.state = state;
        }
    }

    Shard(int index, ShardSettings settings, ClinicalRules rules, Publisher publisher, Failures failures,
          ReadingLog log, Predicate<String> owns, Map<String, PatientState> sharedStates, Map<String, Long> episodeStarts,
          Clock clock, ZoneId zone) {
        this.index = index;
        this.control = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.controlBatch = settings.queueCapacity();
        this.log = log;
        this.owns = owns;
        this.rules = rules;
        this.publisher = publisher;
        this.failures = failures;
        this.sharedStates = sharedStates;
        this.episodeStarts = episodeStarts;
        this.clock = clock;
        this.zone = zone;
        this.tickMillis = settings.tick().toMillis();
        this.publishMillis = settings.publishInterval().toMillis();
        this.readBatch = settings.readBatch();
        this.seriesSpacing = Math.max(1_000, settings.history().toMillis() / SERIES_CAPACITY);
    }

    int index() {
        return index;
    }

    /**
     * Ends start-up: from now on control tasks are queued for {@link #doWork}, and readings after
     * {@code fromPosition} (the end of the start-up replay) are read from the log.
     */
    void goLive(long fromPosition, long now) {
        position = fromPosition;
        caughtUpAtMillis = now;
        steppedAtMillis = now;
        nextTick = now + tickMillis;
        lastPublish = now;
        live = true;
    }

    /** How the runner is woken when work arrives (a control task, new durable readings). */
    void onWake(Runnable waker) {
        this.waker = waker;
    }

    /** New durable readings for this shard's patients: a hint to look at the log now. Any thread. */
    void wake() {
        waker.run();
    }

    /**
     * New durable readings at log {@code position} for this shard's patients: wakes the shard unless it
     * has already evaluated that position. A shard woken by the first hint of a group commit reads the
     * whole group at once, so the later hints of the group arrive for entries it has done; waking it for
     * each of them cost an unpark, a step that finds nothing and a park per pack. Skipping is safe: the
     * position only grows, so a shard at or past {@code position} has evaluated these readings. Any thread.
     */
    void wake(long position) {
        if (this.position < position) {
            waker.run();
        }
    }

    boolean offerControl(Consumer<Shard> task) {
        if (!live) {
            task.accept(this); // before start (replay, boot): run on the caller
            return true;
        }
        if (!control.offer(task)) {
            return false;
        }
        waker.run();
        return true;
    }

    /** Position up to which this shard has evaluated the log. Any thread. */
    long position() {
        return position;
    }

    /**
     * How far behind the shard is, in milliseconds: since it last held everything the log had (0 when
     * it has read all there is: an idle shard is not lagging), or since its last step if that is
     * longer (a shard stuck in a task neither reads nor ticks). Any thread; 0 before {@link #goLive}.
     */
    long lagMillis(long now) {
        if (!live) {
            return 0;
        }
        long behind = position >= log.endPosition() ? 0 : now - caughtUpAtMillis;
        return Math.max(0, Math.max(behind, now - steppedAtMillis));
    }

    /**
     * One bounded step: queued control tasks (as many as were queued), up to {@code readBatch} log
     * entries, the rules' tick when due, then the changed snapshots (at once when the shard has caught
     * up with the log, at most every {@code publishInterval} while it is behind).
     *
     * @return the amount of work done; 0 means nothing was pending
     */
    int doWork(long now) {
        steppedAtMillis = now;
        int work = runControl();
        work += readLog(now);
        if (now >= nextTick) {
            guard("tick", () -> tick(now));
            nextTick = now + tickMillis;
            work++;
        }
        if (!dirty.isEmpty() && (caughtUp || now - lastPublish >= publishMillis)) {
            guard("publish", () -> publishDirty(now));
            lastPublish = now;
            work++;
        }
        return work;
    }

    /** How long the runner may idle after a step that did nothing: until the next tick or pending publication. */
    long idleMillis(long now) {
        long until = nextTick;
        if (!dirty.isEmpty()) {
            until = Math.min(until, lastPublish + publishMillis);
        }
        return Math.max(0, until - now);
    }

    private int runControl() {
        int n = 0;
        Consumer<Shard> c;
        while (n < controlBatch && (c = control.poll()) != null) {
            Consumer<Shard> task = c;
            guard("control", () -> task.accept(this));
            n++;
        }
        return n;
    }

    private int readLog(long now) {
        long end = log.endPosition();
        if (position >= end) {
            caughtUp = true;
            caughtUpAtMillis = now;
            return 0;
        }
        if (now < retryLogAt) {
            return 0;
        }
        List<ReadingLog.Entry> entries;
        try {
            entries = log.read(position, readBatch);
        } catch (IOException | RuntimeException e) {
            retryLogAt = now + LOG_RETRY_MILLIS;
            failures.taskFailed(index, "log", e instanceof RuntimeException r ? r
                    : new IllegalStateException("log read failed: " + e, e));
            return 0;
        }
        for (ReadingLog.Entry e : entries) {
            List<Reading> mine = mine(e.readings());
            if (!mine.isEmpty()) {
                onReadings(PackOrder.contextFirst(mine), now);
            }
            position = e.position();
        }
        log.commit(position);
        caughtUp = position >= end;
        if (caughtUp) {
            caughtUpAtMillis = now;
        }
        return entries.size();
    }

    private List<Reading> mine(List<Reading> readings) {
        List<Reading> out = null;
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            if (owns.test(r.patientId())) {
                if (out == null) {
                    out = new ArrayList<>(readings.size() - i);
                }
                out.add(r);
            }
        }
        return out == null ? List.of() : out;
    }

    private void guard(String lane, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // a bug in one patient's rules must not stop the shard for everyone else
            failures.taskFailed(index, lane, e);
        }
    }

    // ---- tasks (shard thread) ----

    void upsert(PatientProfile profile) {
        Slot slot = slots.get(profile.patientId());
        if (slot == null) {
            PatientState s = new PatientState(profile, SERIES_CAPACITY, seriesSpacing);
            slot = new Slot(profile.patientId(), s);
            slots.put(profile.patientId(), slot);
            sharedStates.put(profile.patientId(), s);
            ClinicalRules.Monitor monitor = rules.create(profile);
            if (!live) {
                monitor.beginReplay(); // created during start-up: the journal replay comes next
            }
            slot.monitor = monitor;
            schedule.touched(slot);
        } else {
            slot.state.profile(profile);
        }
        markDirty(slot);
        if (!live) {
            publishDirty(clock.millis());
        }
    }

    void registerDevice(String patientId, String deviceId, String kind) {
        Slot slot = slots.get(patientId);
        if (slot != null) {
            slot.state.registerDevice(deviceId, kind);
            monitor(slot).registerDevice(deviceId, kind, slot.state.expectedInterval(deviceId));
            markDirty(slot);
        }
    }

    void expectedInterval(String patientId, String deviceId, long intervalMillis) {
        Slot slot = slots.get(patientId);
        if (slot != null && slot.state.expectedInterval(deviceId, intervalMillis)) {
            monitor(slot).registerDevice(deviceId, slot.state.kind(deviceId), intervalMillis);
        }
    }

    /** Unregisters every listed device the registry does not assign to its patient (device → patient). */
    void keepOnlyAssigned(Map<String, String> assigned) {
        for (Slot slot : List.copyOf(slots.values())) {
            for (String deviceId : slot.state.deviceIds()) {
                if (!slot.patientId.equals(assigned.get(deviceId))) {
                    unregisterDevice(slot, deviceId);
                }
            }
        }
    }

    void unregisterDevice(String patientId, String deviceId) {
        Slot slot = slots.get(patientId);
        if (slot != null) {
            unregisterDevice(slot, deviceId);
        }
    }

    private void unregisterDevice(Slot slot, String deviceId) {
        if (slot.state.unregisterDevice(deviceId)) {
            long now = clock.millis();
            DeviceEvent revoked = new DeviceEvent(deviceId, slot.patientId, DeviceEvent.Type.REVOKED, now,
                    "unassigned");
            emit(slot.state, monitor(slot).onDeviceEvent(revoked, now));
            markDirty(slot);
        }
    }

    /**
     * Ends the patient's episode: each of its open alarms is resolved by {@code user} with the
     * reason as note (journaled, forwarded and shown like any change), then its state leaves the
     * board. Input for it is ignored until it is admitted again.
     */
    void discharge(String patientId, List<Alarm> known, String user, String reason) {
        long now = clock.millis();
        // the patient's own state is current (an alarm may have been raised since the caller looked);
        // the caller's list adds alarms of a patient without state (discharged while the gateway was down)
        Map<String, Alarm> open = new java.util.LinkedHashMap<>();
        known.forEach(a -> open.put(a.id(), a));
        Slot slot = slots.get(patientId);
        PatientState state = slot == null ? null : slot.state;
        if (state != null) {
            state.openAlarms().forEach(a -> open.put(a.id(), a));
        }
        for (Alarm a : open.values()) {
            Alarm closed = new Alarm(a.id(), a.patientId(), a.rule(), a.kind(), a.priority(), AlarmState.RESOLVED,
                    a.onsetMillis(), now, user, "patient discharged: " + reason, a.evidence(), a.escalationLevel(),
                    a.deviceId());
            if (state != null) {
                state.apply(closed);
            }
            publisher.alarm(closed);
        }
        if (slot != null) {
            slots.remove(patientId);
            schedule.remove(slot);
            if (slot.dirty) {
                dirty.remove(slot); // by identity; a discharge, not a per-pack path
                slot.dirty = false;
            }
        }
        sharedStates.remove(patientId);
        publisher.removed(patientId);
    }

    /** True for input older than the patient's current episode (or any input while it is discharged). */
    private boolean outsideEpisode(String patientId, long atMillis) {
        Long start = episodeStarts.get(patientId);
        return start != null && atMillis < start;
    }

    private void onReadings(List<Reading> batch, long now) {
        for (int i = 0, end; i < batch.size(); i = end) {
            end = Reading.sameInstantEnd(batch, i);
            List<Reading> instant = batch.subList(i, end);
            Reading last = batch.get(end - 1);
            guard("reading", () -> {
                Slot slot = slot(last.patientId()); // the one lookup for this instant
                if (slot == null) {
                    return; // discharged: the reading is journaled and forwarded, not shown
                }
                instant.forEach(slot.state::apply);
                ClinicalRules.Monitor m = monitor(slot);
                emit(slot.state, m.onReadings(instant, now));
                m.closedBaselines().forEach(publisher::baseline);
                markDirty(slot, last);
            });
        }
    }

    /** Replays readings of one instant ({@link Reading#sameInstantEnd}), evaluated as they were live. */
    void replay(List<Reading> sameInstant) {
        Reading r = sameInstant.get(0);
        Slot slot = outsideEpisode(r.patientId(), r.receivedAtMillis()) ? null : slot(r.patientId());
        if (slot != null) {
            sameInstant.forEach(slot.state::apply);
            monitor(slot).onReadings(sameInstant, r.receivedAtMillis());
        }
    }

    void restore(Alarm a) {
        Slot slot = outsideEpisode(a.patientId(), a.changedAtMillis()) ? null : slot(a.patientId());
        if (slot != null) {
            slot.state.apply(a);
            monitor(slot).restore(a);
        }
    }

    /** A journaled learned baseline (cluster replay): replaces the learned one; ignored outside the episode. */
    void replayBaseline(LearnedBaseline b) {
        Slot slot = outsideEpisode(b.patientId(), b.firstAtMillis()) ? null : slot(b.patientId());
        if (slot != null) {
            monitor(slot).restoreBaseline(b);
        }
    }

    void replayManual(ManualEntry e) {
        Slot slot = outsideEpisode(e.patientId(), e.atMillis()) ? null : slot(e.patientId());
        if (slot != null) {
            monitor(slot).onManualEntry(e, e.atMillis());
        }
    }

    void replayDone() {
        long now = clock.millis();
        for (Slot slot : slots.values()) {
            if (slot.monitor != null) {
                emit(slot.state, slot.monitor.endReplay(now));
            }
        }
        for (Slot slot : slots.values()) {
            schedule.touched(slot);
            markDirty(slot);
        }
        publishDirty(now);
    }

    void rejected(String patientId, String deviceId, List<RecordRejection> rejections, long at) {
        Slot slot = slot(patientId);
        if (slot != null) {
            emit(slot.state, monitor(slot).onRejected(deviceId, rejections, at));
        }
    }

    void deviceEvent(DeviceEvent e) {
        // a discharged patient's released devices disconnect: that is the end of the episode, not an alarm
        Slot slot = outsideEpisode(e.patientId(), e.atMillis()) ? null : slot(e.patientId());
        if (slot != null && (e.type() == DeviceEvent.Type.CONNECTED || slot.state.hasDevice(e.deviceId()))) {
            slot.state.apply(e);
            emit(slot.state, monitor(slot).onDeviceEvent(e, clock.millis()));
            markDirty(slot);
        }
    }

    List<Alarm> manual(ManualEntry e) {
        Slot slot = requireSlot(e.patientId());
        List<Alarm> out = monitor(slot).onManualEntry(e, clock.millis());
        emit(slot.state, out);
        markDirty(slot);
        return out;
    }

    List<Alarm> acknowledge(String patientId, String alarmId, String user, String note) {
        Slot slot = requireSlot(patientId);
        List<Alarm> out = monitor(slot).acknowledge(alarmId, user, note, clock.millis());
        emit(slot.state, out);
        markDirty(slot);
        return out;
    }

    List<Alarm> shelve(String patientId, String alarmId, String user, long durationMillis) {
        Slot slot = requireSlot(patientId);
        List<Alarm> out = monitor(slot).shelve(alarmId, user, durationMillis, clock.millis());
        emit(slot.state, out);
        markDirty(slot);
        return out;
    }

    /** Applies a threshold change live; returns the patient's thresholds after it (null when rules are off). */
    PatientThresholds changeThresholds(ThresholdChange c) {
        Slot slot = requireSlot(c.patientId());
        ClinicalRules.Monitor m = monitor(slot);
        emit(slot.state, m.changeThresholds(c, clock.millis()));
        markDirty(slot);
        return m.thresholds();
    }

    PatientThresholds thresholds(String patientId) {
        return requireSlot(patientId).monitor.thresholds();
    }

    void replayThresholds(ThresholdChange c) {
        Slot slot = outsideEpisode(c.patientId(), c.atMillis()) ? null : slot(c.patientId());
        if (slot != null) {
            monitor(slot).changeThresholds(c, c.atMillis());
        }
    }

    /**
     * The rules' timer: ticks only the patients whose monitor is due ({@link TickSchedule}); the others'
     * tick would change nothing. What it saves (issue 14): a tick used to run every rule of every patient
     * (TickBenchmark: ~4 µs and 184 B per patient, 40 ms a second for 10,000 patients on the shared
     * machine); now a patient whose readings keep coming costs one deadline computation per tick and is
     * ticked only when an escalation, shelving, re-alert, gap, offline, signal, NEWS2 staleness or
     * persistence, unconfirmed-BP, neuro-check or day-window edge comes.
     */
    private void tick(long now) {
        if (tickEveryPatient) {
            for (Slot slot : List.copyOf(slots.values())) {
                tickPatient(slot, now);
            }
            return;
        }
        for (Slot slot : schedule.takeDue(now, this::nextDue)) {
            try {
                tickPatient(slot, now);
            } catch (RuntimeException e) {
                // one patient's rule bug must neither stop the others' tick nor drop this patient from the timer
                failures.taskFailed(index, "tick", e);
            }
            schedule.schedule(slot, nextDue(slot));
        }
    }

    private void tickPatient(Slot slot, long now) {
        ClinicalRules.Monitor m = slot.monitor;
        if (m == null) {
            return;
        }
        List<Alarm> out = m.onTick(now);
        if (!out.isEmpty()) {
            emit(slot.state, out);
            markDirty(slot);
        }
    }

    /** The patient's deadline; a monitor that fails to give one is ticked every tick (as before issue 14). */
    private long nextDue(Slot slot) {
        ClinicalRules.Monitor m = slot.monitor;
        if (m == null) {
            return Long.MAX_VALUE;
        }
        try {
            return m.nextDueMillis();
        } catch (RuntimeException e) {
            failures.taskFailed(index, "tick", e);
            return Long.MIN_VALUE;
        }
    }

    /** The patient's monitor, for an input: its tick deadline is recomputed at the next tick. */
    private ClinicalRules.Monitor monitor(Slot slot) {
        schedule.touched(slot);
        return slot.monitor;
    }

    /** The patient's snapshot is republished at the next publication. */
    private void markDirty(Slot slot) {
        if (!slot.dirty) {
            slot.dirty = true;
            dirty.add(slot);
        }
    }

    /** As {@link #markDirty(Slot)}, with the reading that caused it (the newest one is published with it). */
    private void markDirty(Slot slot, Reading cause) {
        markDirty(slot);
        slot.dirtyCause = cause;
    }

    /**
     * Reference mode for the equivalence test: every patient on every tick, as before issue 14. Shard
     * thread (or before {@link #goLive}).
     */
    void tickEveryPatient(boolean on) {
        tickEveryPatient = on;
    }

    private void emit(PatientState s, List<Alarm> changed) {
        for (Alarm a : changed) {
            s.apply(a);
            publisher.alarm(a);
        }
    }

    /** Publishes the snapshots changed so far at once (after a registry change, for {@code PatientShards.applied}). */
    void publishNow() {
        publishDirty(clock.millis());
    }

    private void publishDirty(long now) {
        if (dirty.isEmpty()) {
            return;
        }
        // a publication that throws leaves every mark for the next one (as the map of dirty patients did)
        for (Slot slot : dirty) {
            ClinicalRules.Monitor m = slot.monitor;
            publisher.snapshot(slot.state.snapshot(now, zone, m.news2(now), m.baselines(now)), slot.dirtyCause);
        }
        for (Slot slot : dirty) {
            slot.dirty = false;
            slot.dirtyCause = null;
        }
        dirty.clear();
    }

    private Slot slot(String patientId) {
        Slot slot = slots.get(patientId);
        if (slot == null && Long.valueOf(Long.MAX_VALUE).equals(episodeStarts.get(patientId))) {
            return null; // discharged: off the board until admitted again
        }
        if (slot == null) {
            // a reading for a patient the registry no longer lists (e.g. from the journal): keep it visible
            upsert(new PatientProfile(patientId, LocalDate.now(clock.withZone(zone)), "", patientId));
            slot = slots.get(patientId);
        }
        return slot;
    }

    private Slot requireSlot(String patientId) {
        Slot slot = slots.get(patientId);
        if (slot == null) {
            throw new IllegalArgumentException("unknown patient " + patientId);
        }
        return slot;
    }
}

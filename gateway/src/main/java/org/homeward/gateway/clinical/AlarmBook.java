package org.homeward.gateway.clinical;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;

/**
 * The alarm lifecycle of one patient (clinical-spec §5.2–5.3): one open alarm per key; HIGH latches
 * until acknowledged; others resolve when their condition clears; acknowledgement stops escalation;
 * re-alert, escalation and shelving expiry run on {@link #tick}. Every produced value is appended
 * to the change list that the monitor drains and returns. While replaying, conditions are tracked
 * but no alarm is created or changed (the journaled alarm events are the truth).
 */
final class AlarmBook implements ConditionSink {
    private static final String SHELVED_UNTIL = "shelved until ";

    private final String patientId;
    private final Supplier<String> ids;
    private final EscalationListener listener;
    private final Map<AlarmKey, Entry> open = new LinkedHashMap<>();
    private final List<Alarm> changes = new ArrayList<>();
    private Escalation escalation;
    private boolean replaying;

    private static final class Entry {
        Alarm alarm;
        /** The newest report's evidence, read when the alarm is annunciated again (re-alert, escalation, shelving expiry). */
        Supplier<String> latest;
        boolean present = true;
        /** A rule reported this key since the entry was restored; false only for restored entries. */
        boolean reported = true;
        long activeSince;
        long ackAt;
        long shelvedUntil;
    }

    AlarmBook(String patientId, Supplier<String> ids, EscalationListener listener, Escalation escalation) {
        this.patientId = patientId;
        this.ids = ids;
        this.listener = listener;
        this.escalation = escalation;
    }

    void escalation(Escalation e) {
        this.escalation = e;
    }

    void replaying(boolean on) {
        this.replaying = on;
    }

    boolean replaying() {
        return replaying;
    }

    List<Alarm> drain() {
        if (changes.isEmpty()) { // most evaluations change no alarm
            return List.of();
        }
        List<Alarm> out = List.copyOf(changes);
        changes.clear();
        return out;
    }

    @Override
    public void present(Condition c, long now) {
        Entry e = open.get(c.key());
        if (e == null) {
            if (replaying) {
                return;
            }
            e = new Entry();
            e.latest = c.evidence();
            e.activeSince = now;
            e.alarm = new Alarm(ids.get(), patientId, c.key().rule(), c.kind(), c.priority(), AlarmState.ACTIVE, now,
                    now, null, null, c.evidence().get(), 0, c.key().deviceId().isEmpty() ? null : c.key().deviceId(),
                    c.lateMillis());
            open.put(c.key(), e);
            changes.add(e.alarm);
            return;
        }
        e.present = true;
        e.reported = true;
        e.latest = c.evidence();
        if (replaying || c.priority().compareTo(e.alarm.priority()) <= 0) {
            return;
        }
        // Priority rose (e.g. ICE 8 → seizure, gap LOW → MEDIUM): annunciate again as a fresh ACTIVE alarm.
        e.activeSince = now;
        emit(e, AlarmState.ACTIVE, c.priority(), now, e.alarm.user(), e.alarm.note(), c.evidence().get(), 0);
    }

    @Override
    public void absent(AlarmKey key, long now) {
        Entry e = open.get(key);
        if (e == null) {
            return;
        }
        boolean wasPresent = e.present;
        e.present = false;
        e.reported = true;
        if (replaying) {
            return;
        }
        Alarm a = e.alarm;
        if (!latching(a) || a.state() == AlarmState.ACKNOWLEDGED) {
            autoResolve(e, now);
        } else if (wasPresent) {
            emit(e, a.state(), a.priority(), now, a.user(), a.note(),
                    a.evidence() + "; condition cleared " + Times.iso(now) + ", latched until acknowledged",
                    a.escalationLevel());
        }
    }

    @Override
    public boolean anyOpenHighPhysiological() {
        return open.values().stream().anyMatch(e -> e.alarm.priority() == Priority.HIGH
                && e.alarm.kind() == AlarmKind.PHYSIOLOGICAL);
    }

    /** True when any physiological alarm of the patient is open (an alarm episode: baselines do not learn). */
    boolean anyOpenPhysiological() {
        for (Entry e : open.values()) { // a loop, not a stream: asked for at every reading
            if (e.alarm.kind() == AlarmKind.PHYSIOLOGICAL) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isOpen(AlarmKey key) {
        return open.containsKey(key);
    }

    /** Acknowledges by a named user; returns false when no open alarm has that id. */
    boolean acknowledge(String alarmId, String user, String note, long now) {
        Optional<Entry> found = byId(alarmId);
        if (found.isEmpty()) {
            return false;
        }
        Entry e = found.get();
        if (!e.present) {
            resolve(e, now, user, note);
        } else {
            e.ackAt = now;
            emit(e, AlarmState.ACKNOWLEDGED, e.alarm.priority(), now, user, note, e.alarm.evidence(),
                    e.alarm.escalationLevel());
        }
        return true;
    }

    /** Shelves for {@code duration} (cut to the maximum); returns false when no open alarm has that id. */
    boolean shelve(String alarmId, String user, long duration, long now) {
        Optional<Entry> found = byId(alarmId);
        if (found.isEmpty()) {
            return false;
        }
        Entry e = found.get();
        e.shelvedUntil = now + Math.min(duration, escalation.shelveMaxMillis());
        emit(e, AlarmState.SHELVED, e.alarm.priority(), now, user, SHELVED_UNTIL + Times.iso(e.shelvedUntil),
                e.alarm.evidence(), e.alarm.escalationLevel());
        return true;
    }

    void tick(long now) {
        if (replaying || open.isEmpty()) {
            return;
        }
        for (Entry e : List.copyOf(open.values())) {
            switch (e.alarm.state()) {
                case SHELVED -> expireShelving(e, now);
                case ACTIVE -> escalate(e, now);
                case ACKNOWLEDGED -> reAlert(e, now);
                default -> { }
            }
        }
    }

    /** Adds when {@link #tick} can next change an alarm: shelving expiry, escalation steps, re-alert. */
    void dueTimes(DueTimes d) {
        for (Entry e : open.values()) {
            switch (e.alarm.state()) {
                case SHELVED -> d.at(e.shelvedUntil);
                case ACTIVE -> {
                    for (long step : escalation.steps(e.alarm.priority())) {
                        d.elapsed(e.activeSince, step);
                    }
                }
                case ACKNOWLEDGED -> d.elapsed(e.ackAt, escalation.reAlert(e.alarm.priority()));
                default -> { }
            }
        }
    }

    private void expireShelving(Entry e, long now) {
        if (now < e.shelvedUntil) {
            return;
        }
        if (!e.present && !latching(e.alarm)) {
            autoResolve(e, now);
            return;
        }
        e.activeSince = now;
        emit(e, AlarmState.ACTIVE, e.alarm.priority(), now, e.alarm.user(), "shelving expired", evidence(e), 0);
    }

    private void escalate(Entry e, long now) {
        List<Long> steps = escalation.steps(e.alarm.priority());
        int level = e.alarm.escalationLevel();
        while (level < steps.size() && now - e.activeSince >= steps.get(level)) {
            level++;
            Alarm a = emit(e, AlarmState.ACTIVE, e.alarm.priority(), now, e.alarm.user(), e.alarm.note(),
                    evidence(e), level);
            notifyListener(() -> listener.onEscalation(a, a.escalationLevel()));
        }
    }

    private void reAlert(Entry e, long now) {
        long after = escalation.reAlert(e.alarm.priority());
        if (!e.present || after <= 0 || now - e.ackAt < after) {
            return;
        }
        e.activeSince = now;
        Alarm a = emit(e, AlarmState.ACTIVE, e.alarm.priority(), now, e.alarm.user(),
                "re-alert: still abnormal " + Times.minutes(now - e.ackAt) + " after acknowledgement",
                evidence(e), 0);
        notifyListener(() -> listener.onReAlert(a));
    }

    /** The condition's current evidence while it holds (the latest values), else what the alarm last said. */
    private static String evidence(Entry e) {
        return e.present && e.latest != null ? e.latest.get() : e.alarm.evidence();
    }

    /** Puts a journaled alarm value back (replay); a RESOLVED value removes the open one with that id. */
    void restore(Alarm a) {
        AlarmKey key = new AlarmKey(a.rule(), a.deviceId() == null ? "" : a.deviceId());
        if (!a.isOpen()) {
            open.values().removeIf(e -> e.alarm.id().equals(a.id()));
            return;
        }
        Entry e = open.computeIfAbsent(key, k -> {
            Entry fresh = new Entry();
            fresh.reported = false;
            return fresh;
        });
        boolean sameActivation = e.alarm != null && e.alarm.id().equals(a.id()) && e.alarm.state() == AlarmState.ACTIVE
                && a.state() == AlarmState.ACTIVE && a.escalationLevel() >= e.alarm.escalationLevel();
        // escalation timers run from the start of the activation, not from the last escalation value
        e.activeSince = sameActivation ? e.activeSince : a.changedAtMillis();
        e.alarm = a;
        e.ackAt = a.changedAtMillis();
        e.shelvedUntil = a.state() == AlarmState.SHELVED ? shelvedUntil(a) : 0;
    }

    /**
     * After replay: a restored alarm whose condition no rule reported (its device or inputs are no
     * longer known, e.g. a compacted journal) is treated as cleared, so it cannot re-alert forever.
     */
    void absentUnreported(long now) {
        for (Map.Entry<AlarmKey, Entry> e : List.copyOf(open.entrySet())) {
            if (!e.getValue().reported) {
                absent(e.getKey(), now);
            }
        }
    }

    List<Alarm> openAlarms() {
        return open.values().stream().map(e -> e.alarm)
                .sorted(Comparator.comparing(Alarm::priority).reversed().thenComparingLong(Alarm::onsetMillis))
                .toList();
    }

    private long shelvedUntil(Alarm a) {
        String note = a.note() == null ? "" : a.note();
        int i = note.indexOf(SHELVED_UNTIL);
        if (i >= 0) {
            try {
                return Instant.parse(note.substring(i + SHELVED_UNTIL.length()).trim()).toEpochMilli();
            } catch (DateTimeParseException ignored) {
                // fall through: an unreadable note must not keep an alarm silenced for long
            }
        }
        return a.changedAtMillis() + escalation.shelveMaxMillis();
    }

    private Optional<Entry> byId(String id) {
        return open.values().stream().filter(e -> e.alarm.id().equals(id)).findFirst();
    }

    private boolean latching(Alarm a) {
        return a.priority() == Priority.HIGH;
    }

    /**
     * Resolution because the condition went away. An acknowledged alarm keeps who acknowledged it; any
     * other gets no user, which is how analytics tell "auto-cleared" from "acknowledged".
     */
    private void autoResolve(Entry e, long now) {
        if (e.alarm.state() == AlarmState.ACKNOWLEDGED) {
            resolve(e, now, e.alarm.user(), e.alarm.note());
        } else {
            resolve(e, now, null, "condition cleared");
        }
    }

    private void resolve(Entry e, long now, String user, String note) {
        open.values().remove(e);
        emit(e, AlarmState.RESOLVED, e.alarm.priority(), now, user, note, e.alarm.evidence(), e.alarm.escalationLevel());
    }

    private Alarm emit(Entry e, AlarmState state, Priority p, long now, String user, String note, String evidence,
                       int level) {
        Alarm old = e.alarm;
        e.alarm = new Alarm(old.id(), patientId, old.rule(), old.kind(), p, state, old.onsetMillis(), now, user, note,
                evidence, level, old.deviceId(), old.lateMillis());
        changes.add(e.alarm);
        return e.alarm;
    }

    private static void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException ignored) {
            // documented in EscalationListener: a failing hook must not break the shard; the value is returned anyway
        }
    }
}

package org.homeward.gateway.processing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * The shard's deadline structure for the rules' timer (issue 14): each patient is held under the time at
 * which its monitor can next change anything without input ({@code Monitor.nextDueMillis}), and a tick
 * visits only the patients whose time has come instead of every patient.
 *
 * <p>A sorted set keyed by (due time, patient id) rather than a hashed timer wheel: deadlines range from
 * one second (an escalation step) to a day (the day window), a patient's deadline moves with almost every
 * reading (the DATA-GAP edge follows the newest sample), and the set removes the old key in O(log n) with
 * no slot arithmetic, no wrap-around rounds and no stale entries to skip. With 10,000 patients that is
 * ~14 comparisons per move, far below one rules evaluation.
 *
 * <p>Patients touched by an input since the last tick are only marked here; their deadline is recomputed
 * once, at the next tick, before the due ones are taken (one computation per patient per tick however many
 * readings it got). Shard thread only; not thread-safe.
 */
final class TickSchedule {
    private record Due(long at, String patientId) { }

    private static final Comparator<Due> ORDER = Comparator.comparingLong(Due::at).thenComparing(Due::patientId);
    private final TreeSet<Due> queue = new TreeSet<>(ORDER);
    private final Map<String, Due> byPatient = new HashMap<>();
    private final Set<String> touched = new HashSet<>();

    /** The patient had an input: its deadline is recomputed at the next tick. */
    void touched(String patientId) {
        touched.add(patientId);
    }

    /** The patient left the shard. */
    void remove(String patientId) {
        touched.remove(patientId);
        Due d = byPatient.remove(patientId);
        if (d != null) {
            queue.remove(d);
        }
    }

    /**
     * Recomputes the touched patients' deadlines with {@code nextDue}, then removes and returns the patients
     * due at {@code now}, earliest deadline first. The caller ticks each and {@link #schedule}s it again.
     */
    List<String> takeDue(long now, ToLongFunction<String> nextDue) {
        for (String id : touched) {
            schedule(id, nextDue.applyAsLong(id));
        }
        touched.clear();
        List<String> due = new ArrayList<>();
        while (!queue.isEmpty() && queue.first().at() <= now) {
            Due d = queue.pollFirst();
            byPatient.remove(d.patientId());
            due.add(d.patientId());
        }
        return due;
    }

    /** Holds the patient under {@code at} (Long.MAX_VALUE: nothing time-driven pending). */
    void schedule(String patientId, long at) {
        Due old = byPatient.get(patientId);
        if (old != null) {
            if (old.at() == at) {
                return;
            }
            queue.remove(old);
        }
        Due d = new Due(at, patientId);
        queue.add(d);
        byPatient.put(patientId, d);
    }

    int size() {
        return byPatient.size();
    }
}

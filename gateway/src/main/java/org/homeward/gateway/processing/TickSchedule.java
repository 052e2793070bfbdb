package org.homeward.gateway.processing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The shard's deadline structure for the rules' timer (issue 14): each patient is held under the time at
 * which its monitor can next change anything without input ({@code Monitor.nextDueMillis}), and a tick
 * visits only the patients whose time has come instead of every patient.
 *
 * <p>An indexed binary min-heap ordered by (due time, patient id) rather than a hashed timer wheel:
 * deadlines range from one second (an escalation step) to a day (the day window), a patient's deadline moves
 * with almost every reading (the DATA-GAP edge follows the newest sample), and the heap moves an entry up or
 * down in O(log n) with no bucket arithmetic, no wrap-around rounds and no stale entries to skip. With 10,000
 * patients that is at most ~14 swaps per move, far below one rules evaluation. The patient's place (its
 * deadline, its heap index, its touched mark) lives in its {@link Entry}, which the owner keeps per patient
 * (the shard's slot is one): no lookup by patient id and no allocation per move. A patient with nothing due
 * ({@code Long.MAX_VALUE}) is not held at all.
 *
 * <p>Patients touched by an input since the last tick are only marked here; their deadline is recomputed
 * once, at the next tick, before the due ones are taken (one computation per patient per tick however many
 * readings it got). Shard thread only; not thread-safe.
 */
final class TickSchedule<E extends TickSchedule.Entry> {
    private static final int NOT_HELD = -1;

    /** One patient's place in a schedule; belongs to at most one schedule. */
    static class Entry {
        final String patientId;
        private long dueAt = Long.MAX_VALUE;
        private int heapIndex = NOT_HELD;
        private boolean touched;

        Entry(String patientId) {
            this.patientId = patientId;
        }

        /** Ordered by due time, then patient id (ties are taken in patient id order). */
        private boolean before(Entry o) {
            return dueAt != o.dueAt ? dueAt < o.dueAt : patientId.compareTo(o.patientId) < 0;
        }
    }

    private Entry[] heap = new Entry[16];
    private int size;
    private final List<E> touched = new ArrayList<>();

    /** The patient had an input: its deadline is recomputed at the next tick. */
    void touched(E e) {
        if (mark(e, true)) {
            touched.add(e);
        }
    }

    /** The patient left the shard. */
    void remove(E e) {
        if (mark(e, false)) {
            touched.remove(e); // by identity (Entry keeps Object.equals); a discharge, not a per-pack path
        }
        unhold(e);
    }

    /**
     * Recomputes the touched patients' deadlines with {@code nextDue}, then removes and returns the patients
     * due at {@code now}, earliest deadline first (ties in patient id order). The caller ticks each and
     * {@link #schedule}s it again.
     */
    List<E> takeDue(long now, ToLongFunction<? super E> nextDue) {
        for (E e : touched) {
            mark(e, false);
            schedule(e, nextDue.applyAsLong(e));
        }
        touched.clear();
        List<E> due = new ArrayList<>();
        while (size > 0 && heap[0].dueAt <= now) {
            @SuppressWarnings("unchecked")
            E first = (E) heap[0];
            unhold(first);
            due.add(first);
        }
        return due;
    }

    /** Holds the patient under {@code at} (Long.MAX_VALUE: nothing time-driven pending, not held). */
    void schedule(E patient, long at) {
        Entry e = patient;
        if (at == Long.MAX_VALUE) {
            unhold(e);
            return;
        }
        if (e.heapIndex == NOT_HELD) {
            e.dueAt = at;
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            place(e, size++);
            up(e.heapIndex);
        } else if (at != e.dueAt) {
            boolean earlier = at < e.dueAt;
            e.dueAt = at;
            if (earlier) {
                up(e.heapIndex);
            } else {
                down(e.heapIndex);
            }
        }
    }

    /** The number of patients held (with something due). */
    int size() {
        return size;
    }

    /** Sets the touched mark; returns whether it changed. */
    private static boolean mark(Entry e, boolean touched) {
        if (e.touched == touched) {
            return false;
        }
        e.touched = touched;
        return true;
    }

    /** Takes the patient out of the heap if it is held (then nothing is due for it). */
    private void unhold(Entry e) {
        int i = e.heapIndex;
        if (i == NOT_HELD) {
            return;
        }
        e.heapIndex = NOT_HELD;
        e.dueAt = Long.MAX_VALUE;
        Entry last = heap[--size];
        heap[size] = null;
        if (i < size) {
            place(last, i);
            down(i);
            up(last.heapIndex);
        }
    }

    private void up(int i) {
        Entry e = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Entry p = heap[parent];
            if (!e.before(p)) {
                break;
            }
            place(p, i);
            i = parent;
        }
        place(e, i);
    }

    private void down(int i) {
        Entry e = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].before(heap[child])) {
                child = right;
            }
            if (!heap[child].before(e)) {
                break;
            }
            place(heap[child], i);
            i = child;
        }
        place(e, i);
    }

    private void place(Entry e, int i) {
        heap[i] = e;
        e.heapIndex = i;
    }
}

package org.homeward.gateway.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.homeward.gateway.records.JournalRecords;

/**
 * One poll's worth of source entries (journal entries or readings-topic records), decoded and split into the alarm lane and the reading
 * lane (each in journal order), plus the bookkeeping that says how far the cursor may move:
 * the cursor passes an entry only when every record of it, and of every entry before it, was
 * confirmed or dead-lettered. Used by the forwarder thread only.
 */
final class Window {
    /** An entry that could not be decoded: it is dead-lettered, never retried. */
    record Undecodable(long sequence, String reason) {
    }

    private final List<ForwardRecord> alarms = new ArrayList<>();
    private final List<ForwardRecord> readings = new ArrayList<>();
    private final List<Undecodable> undecodable = new ArrayList<>();
    private final TreeMap<Long, Integer> open = new TreeMap<>();
    private final long lastSequence;
    private long oldestMillis = Long.MAX_VALUE;
    private int skipped;

    private Window(long lastSequence) {
        this.lastSequence = lastSequence;
    }

    /** Decodes a non-empty, ordered list of entries. Other entries (MANUAL, DEVICE_EVENT, DEVICE_INPUT, THRESHOLDS, BASELINE) are skipped. */
    static Window of(List<ForwardSource.Entry> entries) {
        Window w = new Window(entries.get(entries.size() - 1).position());
        for (ForwardSource.Entry e : entries) {
            w.add(e);
        }
        return w;
    }

    private void add(ForwardSource.Entry e) {
        JournalRecords.Decoded d;
        try {
            d = JournalRecords.decode(e.payload());
        } catch (IllegalArgumentException ex) {
            undecodable.add(new Undecodable(e.position(), "undecodable journal entry: " + ex.getMessage()));
            return;
        }
        if (d.type() == JournalRecords.READINGS && !d.readings().isEmpty()) {
            for (int i = 0; i < d.readings().size(); i++) {
                readings.add(ForwardRecord.keyedReading(e.keyBase(), e.position(), i, d.readings().get(i)));
            }
            open.put(e.position(), d.readings().size());
            oldestMillis = Math.min(oldestMillis, d.readings().get(0).receivedAtMillis());
        } else if (d.type() == JournalRecords.ALARM) {
            alarms.add(ForwardRecord.keyedAlarm(e.keyBase(), e.position(), d.alarm()));
            open.put(e.position(), 1);
            oldestMillis = Math.min(oldestMillis, d.alarm().changedAtMillis());
        } else {
            skipped++;
        }
    }

    List<ForwardRecord> alarms() {
        return alarms;
    }

    List<ForwardRecord> readings() {
        return readings;
    }

    List<Undecodable> undecodable() {
        return undecodable;
    }

    int skipped() {
        return skipped;
    }

    /** Earliest receive/change time in the window (epoch ms); Long.MAX_VALUE when unknown. */
    long oldestMillis() {
        return oldestMillis;
    }

    /** Marks one record confirmed or dead-lettered. */
    void done(ForwardRecord r) {
        open.computeIfPresent(r.sequence(), (k, v) -> v <= 1 ? null : v - 1);
    }

    /** The highest sequence up to which everything in this window is finished. */
    long completedUpTo(long previousCursor) {
        long upTo = open.isEmpty() ? lastSequence : open.firstKey() - 1;
        return Math.max(previousCursor, upTo);
    }
}

package org.homeward.gateway.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.records.JournalRecords;

/**
 * A checkpoint of one readings partition computed from the partition's own records (the journal's bytes),
 * so that a new owner can replay a bounded tail instead of the whole partition (issue 13, seam 2).
 *
 * <p>The checkpoint says: "replay the carried records, then the partition from {@code tailStart}". The tail
 * start is the first record received within {@code lookback} of the newest record seen (rounded down to a
 * minute, so a little more is replayed, never less): every rule whose window is shorter than the look-back
 * (sustained runs, the reorder horizon, NEWS2 freshness, gap and escalation timers, which restart from
 * restored alarms) rebuilds from the tail exactly as from the whole partition. The carried records are what
 * the tail cannot rebuild, each the partition's own record bytes, in partition order:
 * <ul>
 *   <li>per alarm id, its newest value before the tail if that value is open (state, acknowledgement,
 *   shelving, escalation level: the journal's ALARM record);</li>
 *   <li>per patient and vital, its newest BASELINE record before the tail (see below);</li>
 *   <li>every threshold change and manual entry before the tail (rare; their effect has no time limit);</li>
 *   <li>per patient, device and vital, the newest reading before the tail, if no later one exists (the
 *   latest value, battery, signal and wear of a device that has been quiet longer than the look-back).</li>
 * </ul>
 * A <em>learned</em> baseline (CRS-PREFEVER, SBP-relative rules) is learned from the first 24 h of a vital's
 * trusted samples and takes late samples up to the reorder horizon after that: while a vital of a patient may
 * still be learning ({@code learningMillis} = baseline window + reorder horizon since its first reading, by
 * measurement time), the tail starts no later than that vital's first reading, so the new owner learns the
 * baseline from the same samples. Once its learning is over the owner writes the baseline's statistics as
 * a BASELINE record ({@code JournalRecords.BASELINE}); the newest one per patient and vital before the tail is
 * carried and the replay restores it (a restored baseline takes no more samples), so a baseline whose window
 * closed before the tail is not re-learned from the tail.
 *
 * <p>Because it is a fold over the log, not a dump of the engine, it needs nothing from {@code clinical}
 * and cannot disagree with what a full replay would read. Threading: not thread-safe; fed and read on
 * the membership consumer's poll thread.
 */
final class CheckpointFold {
    static final byte FORMAT = 1;
    static final long DEFAULT_LEARNING_MILLIS = 27 * 60 * 60_000L;
    private static final long MINUTE = 60_000;

    /**
     * What a new owner needs: replay {@code carried}, then the partition from {@code tailStart} on.
     *
     * @param coveredOffset the offset after the last record folded (the end the checkpoint describes)
     */
    record Checkpoint(int partition, long coveredOffset, long tailStart, List<byte[]> carried) {
        byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(FORMAT);
                out.writeInt(partition);
                out.writeLong(coveredOffset);
                out.writeLong(tailStart);
                out.writeInt(carried.size());
                for (byte[] r : carried) {
                    out.writeInt(r.length);
                    out.write(r);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        /** @throws IllegalArgumentException for another format or cut bytes (the caller replays in full) */
        static Checkpoint decode(byte[] value) {
            if (value == null || value.length < 1 || value[0] != FORMAT) {
                throw new IllegalArgumentException("checkpoint format " + (value == null || value.length == 0 ? "none"
                        : value[0]) + ", expected " + FORMAT);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value, 1, value.length - 1))) {
                int partition = in.readInt();
                long covered = in.readLong();
                long tail = in.readLong();
                int n = in.readInt();
                if (n < 0 || tail < 0 || tail > covered) {
                    throw new IllegalArgumentException("checkpoint inconsistent: tail " + tail + ", covered " + covered);
                }
                List<byte[]> carried = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    byte[] r = new byte[in.readInt()];
                    in.readFully(r);
                    carried.add(r);
                }
                return new Checkpoint(partition, covered, tail, carried);
            } catch (IOException | NegativeArraySizeException | OutOfMemoryError e) {
                throw new IllegalArgumentException("checkpoint cut or corrupt: " + e, e);
            }
        }
    }

    private record Kept(long offset, byte[] bytes) {
    }

    /**
     * Per patient and vital: the offset and measurement time of its first reading. Kept once closed, so that
     * a later reading does not start a new span.
     */
    private static final class Learning {
        final long firstOffset;
        final long firstMeasured;
        boolean closed;

        Learning(long firstOffset, long measured) {
            this.firstOffset = firstOffset;
            this.firstMeasured = measured;
            this.closed = firstOffset < 0; // first reading carried: it was before an earlier tail, so closed then
        }
    }

    private final int partition;
    private final long lookbackMillis;
    /** Per alarm id its values in offset order; values older than the newest one before the tail are pruned. */
    private final Map<String, List<Kept>> alarms = new HashMap<>();
    private final List<Kept> rare = new ArrayList<>();
    private final Map<String, Kept> lastReading = new HashMap<>();
    /** Per patient + vital its newest BASELINE record (a learned baseline no sample can change any more). */
    private final Map<String, Kept> baselines = new HashMap<>();
    /** First offset received in each minute (epoch minute → offset), for finding the tail start. */
    private final TreeMap<Long, Long> minutes = new TreeMap<>();
    /** Baseline window + reorder horizon: how long after a vital's first reading its baseline may still learn. */
    private final long learningMillis;
    /** Per patient + vital its learning span. */
    private final Map<String, Learning> learning = new HashMap<>();
    private long first = -1;
    private long next;
    private long newestMillis = Long.MIN_VALUE;

    /** @param learningMillis the baseline window plus the reorder horizon (see the class comment) */
    CheckpointFold(int partition, long lookbackMillis, long learningMillis) {
        this.partition = partition;
        this.lookbackMillis = lookbackMillis;
        this.learningMillis = learningMillis;
    }

    /** Starts from a loaded checkpoint: its carried records are the state before its tail. */
    void seed(Checkpoint c) {
        first = c.tailStart(); // with no record after it, the next checkpoint is this one again
        next = c.coveredOffset();
        for (byte[] r : c.carried()) {
            add(-1, r, false); // before every offset: carried over, never the tail start
        }
    }

    /** The next record of the partition, in offset order (replayed or live). */
    void add(long offset, byte[] value) {
        add(offset, value, true);
    }

    private void add(long offset, byte[] value, boolean timed) {
        if (timed) {
            if (first < 0) {
                first = offset;
            }
            next = Math.max(next, offset + 1);
        }
        if (value == null || value.length < 2 || CommandRelay.isCommand(value)) {
            return;
        }
        JournalRecords.Decoded d;
        try {
            d = JournalRecords.decode(value);
        } catch (IllegalArgumentException bad) {
            return; // the replay logs and skips it too
        }
        switch (d.type()) {
            case JournalRecords.READINGS -> {
                for (Reading r : d.readings()) {
                    lastReading.put(r.patientId() + '\n' + r.deviceId() + '\n' + r.vital(),
                            new Kept(offset, JournalRecords.readings(List.of(r))));
                    if (timed) {
                        time(offset, r.receivedAtMillis());
                    }
                    learn(offset, r);
                }
            }
            case JournalRecords.ALARM -> {
                Alarm a = d.alarm();
                alarms.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(new Kept(offset, value));
                if (timed) {
                    time(offset, a.changedAtMillis());
                }
            }
            case JournalRecords.MANUAL, JournalRecords.THRESHOLDS -> rare.add(new Kept(offset, value));
            case JournalRecords.BASELINE -> baselines.put(d.baseline().patientId() + '\n' + d.baseline().vital(),
                    new Kept(offset, value)); // the newest per patient and vital replaces an older one
            default -> { } // device events and commands are not replayed
        }
    }

    private void learn(long offset, Reading r) {
        // one entry per patient and vital sign (a few per patient), kept for the partition's lifetime
        learning.computeIfAbsent(r.patientId() + '\n' + r.vital(), k -> new Learning(offset, r.measuredAtMillis()));
    }

    /**
     * The earliest offset a baseline still learning needs: the first reading of each patient + vital whose
     * first measurement is within the learning span of the newest record's time (a sample measured before
     * first + window may still be sorted in; the stream drops one measured more than the horizon before its
     * newest). Long.MAX_VALUE when none. The start only moves forward: a new span starts at the newest offset.
     */
    private long learningStart() {
        long start = Long.MAX_VALUE;
        for (Learning l : learning.values()) {
            l.closed |= newestMillis != Long.MIN_VALUE && newestMillis - l.firstMeasured >= learningMillis;
            if (!l.closed) {
                start = Math.min(start, l.firstOffset);
            }
        }
        return start;
    }

    private void time(long offset, long atMillis) {
        minutes.putIfAbsent(Math.floorDiv(atMillis, MINUTE), offset);
        newestMillis = Math.max(newestMillis, atMillis);
    }

    /** The checkpoint of everything folded so far; prunes what no later checkpoint can need. */
    Checkpoint checkpoint() {
        long tail = Math.min(tailStart(), learningStart());
        List<Kept> out = new ArrayList<>();
        rare.forEach(k -> {
            if (k.offset() < tail) {
                out.add(k);
            }
        });
        baselines.values().forEach(k -> {
            if (k.offset() < tail) {
                out.add(k);
            }
        });
        lastReading.values().forEach(k -> {
            if (k.offset() < tail) {
                out.add(k);
            }
        });
        alarms.values().removeIf(values -> {
            Kept before = null;
            for (Kept k : values) {
                if (k.offset() < tail) {
                    before = k;
                }
            }
            if (before == null) {
                return false;
            }
            values.subList(0, values.indexOf(before)).clear(); // older values: never needed again
            boolean open = JournalRecords.decode(before.bytes()).alarm().isOpen();
            if (open) {
                out.add(before);
            }
            return !open && values.size() == 1; // closed before the tail and untouched since: forgotten
        });
        out.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        return new Checkpoint(partition, next, tail, out.stream().map(Kept::bytes).toList());
    }

    /** The offset the tail replay starts at. */
    long tailStart() {
        if (newestMillis == Long.MIN_VALUE) {
            return Math.max(first, 0);
        }
        Map.Entry<Long, Long> at = minutes.floorEntry(Math.floorDiv(newestMillis - lookbackMillis, MINUTE));
        if (at == null) {
            return Math.max(first, 0); // everything is within the look-back
        }
        minutes.headMap(at.getKey()).clear();
        return at.getValue();
    }
}

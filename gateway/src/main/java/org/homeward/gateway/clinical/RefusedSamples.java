package org.homeward.gateway.clinical;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A device's refused records within the SENSOR-FAULT window, counted as distinct samples: a record the
 * device retransmits (same name, time and value) counts once however often it arrives. Bounded; shard
 * thread only.
 */
final class RefusedSamples {
    /** Bounds memory under a flood of garbage; far above any sensible fault count. */
    static final int MAX_KEPT = 1_000;

    /** One refused record: {@code what} is the vital or record name, {@code reason} the refusal tag. */
    record Refusal(long at, String sample, String what, String reason, String detail) {
    }

    private final Deque<Refusal> window = new ArrayDeque<>();

    void add(Refusal r) {
        window.addLast(r);
        if (window.size() > MAX_KEPT) {
            window.removeFirst();
        }
    }

    /** Adds when each held refusal leaves the window (SENSOR-FAULT may clear then). */
    void dueTimes(long windowMillis, DueTimes d) {
        for (Refusal r : window) {
            d.elapsed(r.at(), windowMillis);
        }
    }

    /** Forgets refusals received more than {@code windowMillis} before {@code now}. */
    void expire(long now, long windowMillis) {
        while (!window.isEmpty() && now - window.peekFirst().at() > windowMillis) {
            window.removeFirst();
        }
    }

    /** Distinct samples in the window (the newest arrival of a retransmitted one stands for it). */
    int distinct() {
        return latestPerSample().size();
    }

    /** E.g. "3 distinct refused samples within 10.0 min: temp implausible value × 3; latest: temp 52.0 Cel outside…". */
    String describe(String within) {
        Map<String, Refusal> samples = latestPerSample();
        Map<String, Integer> byCause = new TreeMap<>();
        Refusal latest = null;
        for (Refusal r : samples.values()) {
            byCause.merge(r.what() + " " + r.reason().replace('_', ' ').toLowerCase(Locale.ROOT), 1, Integer::sum);
            latest = latest == null || r.at() >= latest.at() ? r : latest;
        }
        StringBuilder sb = new StringBuilder().append(samples.size()).append(" distinct refused samples within ")
                .append(within).append(": ");
        String sep = "";
        for (Map.Entry<String, Integer> e : byCause.entrySet()) {
            sb.append(sep).append(e.getKey()).append(" × ").append(e.getValue());
            sep = ", ";
        }
        if (latest != null && !latest.detail().isEmpty()) {
            sb.append("; latest: ").append(latest.detail());
        }
        return sb.toString();
    }

    private Map<String, Refusal> latestPerSample() {
        Map<String, Refusal> out = new LinkedHashMap<>();
        for (Refusal r : window) {
            out.remove(r.sample());
            out.put(r.sample(), r);
        }
        return out;
    }
}

package org.homeward.gateway.clinical;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.homeward.gateway.domain.LearnedBaseline;
import org.homeward.gateway.domain.Vital;

/**
 * Individual baselines (clinical-spec §1.7 CRS-PREFEVER: first 24 h of data, or configured).
 * Learned per vital with Welford's running mean/variance over trusted samples measured within the
 * learning window that starts at the vital's first trusted sample; frozen afterwards.
 *
 * <p>Learning is over once a sample measured a reorder horizon after the window's end has been added: the
 * vital's stream drops a sample measured more than the horizon before its newest, so nothing measured inside
 * the window can reach {@link #add} any more. Such a baseline is exported once ({@link #closed}) and can be
 * restored exactly ({@link #restore}); a restored one takes no more samples, so samples replayed after it are
 * not counted twice. Shard thread only.
 */
final class BaselineTracker {
    private static final class Stats {
        long firstAt;
        /** Newest measurement time added (learned or not): when it passes window + horizon, learning is over. */
        long newestAt;
        /** Restored from a record: takes no more samples. */
        boolean restored;
        /** Returned by {@link #closed} (or restored): not exported again. */
        boolean exported;
        int n;
        double mean;
        double m2;
    }

    private final Map<Vital, Stats> stats = new EnumMap<>(Vital.class);

    void add(Vital v, double value, long measuredAt, long windowMillis) {
        Stats s = stats.computeIfAbsent(v, k -> {
            Stats fresh = new Stats();
            fresh.firstAt = measuredAt;
            fresh.newestAt = measuredAt;
            return fresh;
        });
        s.newestAt = Math.max(s.newestAt, measuredAt);
        if (s.restored || measuredAt < s.firstAt || measuredAt - s.firstAt >= windowMillis) {
            return;
        }
        s.n++;
        double delta = value - s.mean;
        s.mean += delta / s.n;
        s.m2 += delta * (value - s.mean);
    }

    /**
     * The learned baselines whose learning is over (see the class comment) and that were not exported or
     * restored before; each is returned once.
     */
    List<LearnedBaseline> closed(String patientId, long windowMillis, long horizonMillis) {
        List<LearnedBaseline> out = List.of();
        for (Map.Entry<Vital, Stats> e : stats.entrySet()) {
            Stats s = e.getValue();
            if (!s.exported && s.n > 0 && s.newestAt - s.firstAt >= windowMillis + horizonMillis) {
                s.exported = true;
                if (out.isEmpty()) {
                    out = new ArrayList<>(2);
                }
                out.add(new LearnedBaseline(patientId, e.getKey(), s.firstAt, s.n, s.mean, s.m2));
            }
        }
        return out;
    }

    /** Replaces the vital's learned statistics by {@code b}; they take no more samples. */
    void restore(LearnedBaseline b) {
        Stats old = stats.get(b.vital());
        Stats s = new Stats();
        s.firstAt = b.firstAtMillis();
        s.newestAt = old == null ? b.firstAtMillis() : Math.max(old.newestAt, b.firstAtMillis());
        s.n = b.samples();
        s.mean = b.mean();
        s.m2 = b.m2();
        s.restored = true;
        s.exported = true;
        stats.put(b.vital(), s);
    }

    /** Configured baseline if any, else the learned one (complete once the window closed with enough samples). */
    Optional<Baseline> baseline(Vital v, ClinicalSettings settings, long now) {
        Baseline configured = settings.configuredBaselines().get(v);
        if (configured != null) {
            return Optional.of(configured);
        }
        Stats s = stats.get(v);
        if (s == null || s.n == 0) {
            return Optional.empty();
        }
        double sd = s.n > 1 ? Math.sqrt(s.m2 / (s.n - 1)) : 0.0;
        boolean complete = now - s.firstAt >= settings.delays().baselineWindowMillis()
                && s.n >= settings.delays().baselineMinSamples();
        return Optional.of(new Baseline(v, s.mean, sd, s.n, complete, false));
    }
}

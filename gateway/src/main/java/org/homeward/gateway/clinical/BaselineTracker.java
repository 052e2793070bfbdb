package org.homeward.gateway.clinical;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.homeward.gateway.domain.Vital;

/**
 * Individual baselines (clinical-spec §1.7 CRS-PREFEVER: first 24 h of data, or configured).
 * Learned per vital with Welford's running mean/variance over trusted samples measured within the
 * learning window that starts at the vital's first trusted sample; frozen afterwards.
 */
final class BaselineTracker {
    private static final class Stats {
        long firstAt;
        int n;
        double mean;
        double m2;
    }

    private final Map<Vital, Stats> stats = new EnumMap<>(Vital.class);

    void add(Vital v, double value, long measuredAt, long windowMillis) {
        Stats s = stats.computeIfAbsent(v, k -> {
            Stats fresh = new Stats();
            fresh.firstAt = measuredAt;
            return fresh;
        });
        if (measuredAt < s.firstAt || measuredAt - s.firstAt >= windowMillis) {
            return;
        }
        s.n++;
        double delta = value - s.mean;
        s.mean += delta / s.n;
        s.m2 += delta * (value - s.mean);
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

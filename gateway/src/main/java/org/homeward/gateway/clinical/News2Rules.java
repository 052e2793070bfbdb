package org.homeward.gateway.clinical;


import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.homeward.gateway.domain.LatestByTime;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.domain.News2;

/**
 * NEWS2 from the freshest trusted value of each parameter (clinical-spec §2), and the NEWS2-HIGH /
 * NEWS2-MED triggers. Low-confidence readings never get here. A parameter older than the freshness
 * window, or a manual item (ACVPU, air/O2) never entered, is listed as missing and the score is
 * partial: a lower bound, which may still trigger. A fresh "new confusion" entry newer than the last
 * ACVPU counts as C (score 3). SpO2 is confirmed first: a lone low sample scores only once a second
 * trusted sample agrees ({@code Delays.news2Spo2ConfirmMillis}).
 */
final class News2Rules {
    /** Trusted readings per parameter by measurement time (newest not in the future, and the one before it). */
    private final Map<Vital, LatestByTime<Reading>> latest = new EnumMap<>(Vital.class);
    private int acvpu = -1;
    private long acvpuAt;
    private double oxygenFlow = Double.NaN;
    private long oxygenAt;
    private long confusionAt = Long.MIN_VALUE;
    /** compute() memo: same inputs, settings and time give the same score (a pack's readings, its tick and its snapshot). */
    private News2 memo;
    private long memoNow;
    private ClinicalSettings memoSettings;
    private long highSince = -1;
    private long medSince = -1;
    private boolean highOn;
    private boolean medOn;

    /** A trusted reading, in any order: NEWS2 scores the newest by measurement time that is not in the future. */
    void onTrusted(Reading r) {
        latest.computeIfAbsent(r.vital(), v -> new LatestByTime<>()).offer(r, r.measuredAtMillis(), r.receivedAtMillis());
        memo = null;
    }

    /**
     * The trusted SpO2 before the newest, when at most {@code window} older: NEWS2 then scores the less
     * alarming of the two (a lone artefact, e.g. a motion-onset dip, or on Scale 2 a lone high reading on
     * oxygen, needs a second sample to count); without a recent predecessor (a spot check) the newest is
     * scored alone.
     */
    private Reading confirmingSpo2(Reading newest, long window, long now) {
        Reading prev = latest.get(Vital.SPO2).beforeLatest(now);
        return window > 0 && prev != null && newest.measuredAtMillis() - prev.measuredAtMillis() <= window ? prev : null;
    }

    void onAcvpu(int value, long at) {
        acvpu = value;
        memo = null;
        acvpuAt = at;
    }

    void onOxygen(double flow, long at) {
        oxygenFlow = flow;
        memo = null;
        oxygenAt = at;
    }

    void onNewConfusion(long at) {
        confusionAt = at;
        memo = null;
    }

    News2 compute(ClinicalSettings s, long now) {
        if (memo != null && memoNow == now && memoSettings == s) {
            return memo;
        }
        memo = score(s, now);
        memoNow = now;
        memoSettings = s;
        return memo;
    }

    private News2 score(ClinicalSettings s, long now) {
        Map<String, Integer> parts = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        boolean oxygenKnown = !Double.isNaN(oxygenFlow) && now - oxygenAt <= s.news2ManualFreshnessMillis();
        // Scale 2 with oxygen unknown scores >= 93 % as on air: the lowest score, as a partial total must be
        boolean onOxygen = oxygenKnown && oxygenFlow > 0;
        sensed(parts, missing, News2Scorer.RR, Vital.RR, now, s, onOxygen);
        sensed(parts, missing, News2Scorer.SPO2, Vital.SPO2, now, s, onOxygen);
        if (!oxygenKnown) {
            missing.add(News2Scorer.OXYGEN);
        } else {
            parts.put(News2Scorer.OXYGEN, News2Scorer.oxygen(onOxygen));
        }
        sensed(parts, missing, News2Scorer.SBP, Vital.SBP, now, s, onOxygen);
        sensed(parts, missing, News2Scorer.PULSE, Vital.HR, now, s, onOxygen);
        boolean confusionFresh = confusionAt != Long.MIN_VALUE && now - confusionAt <= s.news2ManualFreshnessMillis()
                && (acvpu < 0 || confusionAt > acvpuAt);
        if (confusionFresh) {
            parts.put(News2Scorer.CONSCIOUSNESS, 3);
        } else if (acvpu < 0 || now - acvpuAt > s.news2ManualFreshnessMillis()) {
            missing.add(News2Scorer.CONSCIOUSNESS);
        } else {
            parts.put(News2Scorer.CONSCIOUSNESS, News2Scorer.consciousness(acvpu));
        }
        sensed(parts, missing, News2Scorer.TEMP, Vital.TEMP, now, s, onOxygen);
        int total = 0;
        boolean anyThree = false;
        for (int part : parts.values()) { // a loop instead of two streams: scored at every reading that changes an input
            total += part;
            anyThree |= part == 3;
        }
        return new News2(total, !missing.isEmpty(), missing, parts, anyThree, s.news2Spo2Scale());
    }

    private static int spo2Score(Reading r, Reading confirming, int scale, boolean onOxygen) {
        int score = spo2Score(r.value(), scale, onOxygen);
        return confirming == null ? score : Math.min(score, spo2Score(confirming.value(), scale, onOxygen));
    }

    private static int spo2Score(double value, int scale, boolean onOxygen) {
        return scale == 2 ? News2Scorer.spo2Scale2(value, onOxygen) : News2Scorer.spo2Scale1(value);
    }

    private void sensed(Map<String, Integer> parts, List<String> missing, String name, Vital vital, long now,
                        ClinicalSettings s, boolean onOxygen) {
        long fresh = s.news2FreshnessMillis();
        LatestByTime<Reading> stream = latest.get(vital);
        Reading r = stream == null ? null : stream.latest(now);
        if (r == null || now - r.measuredAtMillis() > fresh) {
            missing.add(name);
            return;
        }
        int score = switch (vital) {
            case RR -> News2Scorer.respiration(r.value());
            case SPO2 -> spo2Score(r, confirmingSpo2(r, s.delays().news2Spo2ConfirmMillis(), now), s.news2Spo2Scale(),
                    onOxygen);
            case SBP -> News2Scorer.systolic(r.value());
            case HR -> News2Scorer.pulse(r.value());
            default -> News2Scorer.temperature(r.value());
        };
        parts.put(name, score);
    }

    /**
     * NEWS2 changes with time alone when a sensed value becomes visible (measured ahead of the clock) or
     * stale, a manual value goes stale, or a score has persisted long enough to alarm.
     */
    void dueTimes(ClinicalSettings s, DueTimes d) {
        long fresh = s.news2FreshnessMillis();
        for (LatestByTime<Reading> stream : latest.values()) {
            for (int i = 0; i < stream.size(); i++) {
                long at = stream.timeAt(i);
                d.elapsed(at - LatestByTime.FUTURE_TOLERANCE_MILLIS, 0);
                d.elapsed(at, fresh);
            }
        }
        long manual = s.news2ManualFreshnessMillis();
        if (acvpu >= 0) {
            d.elapsed(acvpuAt, manual);
        }
        if (!Double.isNaN(oxygenFlow)) {
            d.elapsed(oxygenAt, manual);
        }
        d.elapsed(confusionAt, manual);
        long persist = s.delays().news2Millis();
        if (highSince >= 0) {
            d.elapsed(highSince, persist);
        }
        if (medSince >= 0) {
            d.elapsed(medSince, persist);
        }
    }

    void evaluate(RuleContext c, ConditionSink sink) {
        Thresholds t = c.settings().thresholds();
        long persist = c.settings().delays().news2Millis();
        News2 n = compute(c.settings(), c.now());
        boolean high = n.total() >= t.news2High();
        boolean med = !high && (n.total() >= t.news2Medium() || n.anyThree());
        highSince = high ? (highSince < 0 ? c.now() : highSince) : -1;
        medSince = med ? (medSince < 0 ? c.now() : medSince) : -1;
        highOn = high && (highOn || c.now() - highSince >= persist);
        medOn = med && (medOn || c.now() - medSince >= persist);
        Supplier<String> evidence = () -> describe(n);
        sink.physiological(c, Rules.NEWS2_HIGH, highOn, evidence);
        sink.physiological(c, Rules.NEWS2_MED, medOn, evidence);
    }

    static String describe(News2 n) {
        StringBuilder b = new StringBuilder("NEWS2 ").append(n.total());
        if (n.spo2Scale() == 2) {
            b.append(" (SpO2 scale 2)");
        }
        if (n.partial()) {
            b.append(" (partial; ").append(String.join(", ", n.missing())).append(" missing)");
        }
        b.append(": ");
        List<String> items = new ArrayList<>();
        n.parts().forEach((k, v) -> items.add(k + " " + v));
        return b.append(String.join(", ", items)).toString();
    }
}

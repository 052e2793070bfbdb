package org.homeward.gateway.clinical;

import static org.homeward.gateway.clinical.Thresholds.require;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.homeward.gateway.domain.Vital;

/**
 * Everything the clinical layer can be told, as one immutable value. Programme-wide defaults come
 * from {@link #defaults()}; a patient gets a modified copy through {@link ThresholdOverride}.
 * Constructors validate and throw {@link IllegalArgumentException} naming the bad value, so a config
 * loader can refuse to start instead of falling back.
 *
 * @param zone                  time zone of the infusion date (D0 starts at local midnight)
 * @param highRiskLastDay       last day of the high-risk window (D14)
 * @param reducedLastDay        last day of the reduced window (D28)
 * @param thresholds            limits
 * @param delays                persistence, hysteresis and holds
 * @param gaps                  data-gap rules
 * @param escalation            acknowledgement, escalation, re-alert, shelving
 * @param priorities            priority of each rule by day window
 * @param news2FreshnessMillis  a sensed NEWS2 parameter older than this is stale (partial score)
 * @param news2ManualFreshnessMillis a manual NEWS2 entry (ACVPU, O2) older than this is stale
 * @param configuredBaselines   baselines set by a clinician (e.g. pre-infusion); they win over learned ones
 * @param news2Spo2Scale        NEWS2 SpO2 scale 1 (default) or 2 (hypercapnic respiratory failure, set per
 *                              patient by a clinician, clinical-spec §2)
 * @param reorderHorizonMillis  a sample measured up to this long before the newest of its stream is sorted in
 *                              and re-evaluated; an older one is history only (setting
 *                              {@code processing.reorder-horizon}, docs/clinical.md "Measurement time")
 */
public record ClinicalSettings(ZoneId zone, int highRiskLastDay, int reducedLastDay, Thresholds thresholds,
                               Delays delays, GapRules gaps, Escalation escalation, PriorityTable priorities,
                               long news2FreshnessMillis, long news2ManualFreshnessMillis,
                               Map<Vital, Baseline> configuredBaselines, int news2Spo2Scale,
                               long reorderHorizonMillis) {
    /** Default of {@code reorderHorizonMillis}: 3 h. */
    public static final long REORDER_HORIZON = 3 * Delays.HOUR;

    public ClinicalSettings {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(delays, "delays");
        Objects.requireNonNull(gaps, "gaps");
        Objects.requireNonNull(escalation, "escalation");
        Objects.requireNonNull(priorities, "priorities");
        require(highRiskLastDay >= 0 && reducedLastDay >= highRiskLastDay, "day windows must ascend");
        require(news2FreshnessMillis > 0 && news2ManualFreshnessMillis > 0, "NEWS2 freshness must be positive");
        require(news2Spo2Scale == 1 || news2Spo2Scale == 2, "news2Spo2Scale must be 1 or 2");
        require(reorderHorizonMillis >= 0, "reorderHorizonMillis must not be negative");
        configuredBaselines = Map.copyOf(configuredBaselines);
    }

    /** Settings with the default reorder horizon. */
    public ClinicalSettings(ZoneId zone, int highRiskLastDay, int reducedLastDay, Thresholds thresholds, Delays delays,
                            GapRules gaps, Escalation escalation, PriorityTable priorities, long news2FreshnessMillis,
                            long news2ManualFreshnessMillis, Map<Vital, Baseline> configuredBaselines,
                            int news2Spo2Scale) {
        this(zone, highRiskLastDay, reducedLastDay, thresholds, delays, gaps, escalation, priorities,
                news2FreshnessMillis, news2ManualFreshnessMillis, configuredBaselines, news2Spo2Scale, REORDER_HORIZON);
    }

    /** Copy with another reorder horizon (0 = every sample older than its stream's newest is history only). */
    public ClinicalSettings withReorderHorizon(long millis) {
        return new ClinicalSettings(zone, highRiskLastDay, reducedLastDay, thresholds, delays, gaps, escalation,
                priorities, news2FreshnessMillis, news2ManualFreshnessMillis, configuredBaselines, news2Spo2Scale, millis);
    }

    /** Settings on NEWS2 SpO2 Scale 1. */
    public ClinicalSettings(ZoneId zone, int highRiskLastDay, int reducedLastDay, Thresholds thresholds, Delays delays,
                            GapRules gaps, Escalation escalation, PriorityTable priorities, long news2FreshnessMillis,
                            long news2ManualFreshnessMillis, Map<Vital, Baseline> configuredBaselines) {
        this(zone, highRiskLastDay, reducedLastDay, thresholds, delays, gaps, escalation, priorities,
                news2FreshnessMillis, news2ManualFreshnessMillis, configuredBaselines, 1);
    }

    /** Copy on another NEWS2 SpO2 scale (1 or 2). */
    public ClinicalSettings withNews2Spo2Scale(int scale) {
        return new ClinicalSettings(zone, highRiskLastDay, reducedLastDay, thresholds, delays, gaps, escalation,
                priorities, news2FreshnessMillis, news2ManualFreshnessMillis, configuredBaselines, scale, reorderHorizonMillis);
    }

    /** The clinical-spec defaults; NEWS2 freshness 60 min (§2.3 allows 15–60). */
    public static ClinicalSettings defaults() {
        return new ClinicalSettings(ZoneOffset.UTC, 14, 28, Thresholds.defaults(), Delays.defaults(),
                GapRules.defaults(), Escalation.defaults(), PriorityTable.defaults(), 60 * Delays.MINUTE,
                60 * Delays.MINUTE, Map.of());
    }

    public ClinicalSettings withZone(ZoneId z) {
        return new ClinicalSettings(z, highRiskLastDay, reducedLastDay, thresholds, delays, gaps, escalation,
                priorities, news2FreshnessMillis, news2ManualFreshnessMillis, configuredBaselines, news2Spo2Scale, reorderHorizonMillis);
    }

    public ClinicalSettings withThresholds(Thresholds t) {
        return new ClinicalSettings(zone, highRiskLastDay, reducedLastDay, t, delays, gaps, escalation, priorities,
                news2FreshnessMillis, news2ManualFreshnessMillis, configuredBaselines, news2Spo2Scale, reorderHorizonMillis);
    }

    public ClinicalSettings withDelays(Delays d) {
        return new ClinicalSettings(zone, highRiskLastDay, reducedLastDay, thresholds, d, gaps, escalation,
                priorities, news2FreshnessMillis, news2ManualFreshnessMillis, configuredBaselines, news2Spo2Scale, reorderHorizonMillis);
    }

    public ClinicalSettings withGaps(GapRules g) {
        return new ClinicalSettings(zone, highRiskLastDay, reducedLastDay, thresholds, delays, g, escalation,
                priorities, news2FreshnessMillis, news2ManualFreshnessMillis, configuredBaselines, news2Spo2Scale, reorderHorizonMillis);
    }

    public ClinicalSettings withEscalation(Escalation e) {
        return new ClinicalSettings(zone, highRiskLastDay, reducedLastDay, thresholds, delays, gaps, e, priorities,
                news2FreshnessMillis, news2ManualFreshnessMillis, configuredBaselines, news2Spo2Scale, reorderHorizonMillis);
    }

    public ClinicalSettings withPriorities(PriorityTable p) {
        return new ClinicalSettings(zone, highRiskLastDay, reducedLastDay, thresholds, delays, gaps, escalation, p,
                news2FreshnessMillis, news2ManualFreshnessMillis, configuredBaselines, news2Spo2Scale, reorderHorizonMillis);
    }

    public ClinicalSettings withNews2Freshness(long sensedMillis, long manualMillis) {
        return new ClinicalSettings(zone, highRiskLastDay, reducedLastDay, thresholds, delays, gaps, escalation,
                priorities, sensedMillis, manualMillis, configuredBaselines, news2Spo2Scale, reorderHorizonMillis);
    }

    /** Copy with a clinician-set baseline (e.g. pre-infusion SBP) for one vital. */
    public ClinicalSettings withBaseline(Vital vital, double mean, double sd) {
        require(sd >= 0 && !Double.isNaN(mean), "baseline mean must be a number and sd >= 0");
        Map<Vital, Baseline> m = new EnumMap<>(Vital.class);
        m.putAll(configuredBaselines);
        m.put(vital, new Baseline(vital, mean, sd, 0, true, true));
        return new ClinicalSettings(zone, highRiskLastDay, reducedLastDay, thresholds, delays, gaps, escalation,
                priorities, news2FreshnessMillis, news2ManualFreshnessMillis, m, news2Spo2Scale, reorderHorizonMillis);
    }

    DayWindow window(int day) {
        if (day <= highRiskLastDay) {
            return DayWindow.HIGH_RISK;
        }
        return day <= reducedLastDay ? DayWindow.REDUCED : DayWindow.LATE;
    }
}

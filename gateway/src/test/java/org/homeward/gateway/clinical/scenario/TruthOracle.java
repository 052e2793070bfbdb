package org.homeward.gateway.clinical.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.clinical.Delays;
import org.homeward.gateway.clinical.Rules;
import org.homeward.gateway.clinical.Thresholds;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.sim.model.Physiology;

/**
 * What the rules should have concluded from the samples a patient's devices measured, however they were
 * delivered: every reading the gateway accepted is collected, duplicates (same device, vital, measurement
 * time) count once, and the HIGH rules of clinical-spec §5.3 are read in measurement-time order once the
 * run is over. Motion comes from the simulated truth ({@link Physiology}), not from the device's
 * {@code act} record, so a step counter in {@code count} cannot hide a real hypoxaemia from the oracle.
 *
 * <p>For each rule the oracle gives the measurement time of the sample that completed the condition, and
 * when the last sample it needs arrived (the earliest a gateway could know): a
 * fever run of {@code tempMinSamples} readings at or above the threshold spanning {@code tempSpanMillis};
 * SpO2 below the limit for {@code spo2Millis} (motion-held samples skipped); SBP below the limit with no
 * normal repeat within {@code bpRepeatMaxMillis} (confirmed by a low repeat, or unconfirmed when the wait ends), or at
 * once below {@code sbpImmediate}.
 */
final class TruthOracle implements ScenarioDriver.ReadingObserver {
    /** The HIGH rules whose sensitivity and specificity the messy-delivery suite measures. */
    static final List<String> RULES = List.of(Rules.CRS_FEVER, Rules.HYPOXAEMIA, Rules.HYPOTENSION);

    private final Map<String, Reading> distinct = new LinkedHashMap<>();

    @Override
    public void reading(Reading r, long now) {
        distinct.putIfAbsent(r.deviceId() + '\u0000' + r.vital() + '\u0000' + r.measuredAtMillis(), r);
    }

    /**
     * When the measured samples met a rule.
     *
     * @param measuredAt measurement time of the sample that completed the condition (or the end of the BP wait)
     * @param evidenceAt receive time by which every sample the condition needs had arrived (or the wait ended)
     */
    record Met(long measuredAt, long evidenceAt) {
    }

    /** Rule → when the measured samples met it (absent: never met within {@code endMillis}). */
    Map<String, Met> qualified(ClinicalSettings settings, Physiology truth, long startMillis, long endMillis) {
        Thresholds t = settings.thresholds();
        Delays d = settings.delays();
        Map<String, Met> out = new TreeMap<>();
        run(series(Vital.TEMP), t.feverC(), true, d.tempMinSamples(), d.tempSpanMillis())
                .ifPresent(m -> out.put(Rules.CRS_FEVER, m));
        List<Reading> spo2 = new ArrayList<>();
        for (Reading r : series(Vital.SPO2)) {
            if (!moving(truth, startMillis, r.measuredAtMillis(), d.motionReleaseMillis())) {
                spo2.add(r);
            }
        }
        run(spo2, t.spo2Low(), false, 1, d.spo2Millis()).ifPresent(m -> out.put(Rules.HYPOXAEMIA, m));
        hypotension(series(Vital.SBP), t.sbpLow(), t.sbpImmediate(), d.bpRepeatMaxMillis(), endMillis)
                .ifPresent(m -> out.put(Rules.HYPOTENSION, m));
        return out;
    }

    int distinctReadings() {
        return distinct.size();
    }

    private List<Reading> series(Vital v) {
        return distinct.values().stream().filter(r -> r.vital() == v && r.quality() == Quality.OK)
                .sorted(Comparator.comparingLong(Reading::measuredAtMillis)).toList();
    }

    private static boolean moving(Physiology truth, long startMillis, long at, long release) {
        for (long back = 0; back <= release; back += 5_000) {
            double s = (at - back - startMillis) / 1000.0;
            if (s >= 0 && truth.at(s).moving()) {
                return true;
            }
        }
        return false;
    }

    /** A run of samples on the abnormal side of {@code limit} ({@code above}: at or above) meeting count and span. */
    private static Optional<Met> run(List<Reading> samples, double limit, boolean above, int minSamples, long span) {
        long runStart = -1;
        int n = 0;
        long evidence = 0;
        for (Reading r : samples) {
            boolean abnormal = above ? r.value() >= limit : r.value() < limit;
            if (!abnormal) {
                runStart = -1;
                continue;
            }
            if (runStart < 0) {
                runStart = r.measuredAtMillis();
                n = 0;
                evidence = 0;
            }
            n++;
            evidence = Math.max(evidence, r.receivedAtMillis());
            if (n >= minSamples && r.measuredAtMillis() - runStart >= span) {
                return Optional.of(new Met(r.measuredAtMillis(), evidence));
            }
        }
        return Optional.empty();
    }

    private static Optional<Met> hypotension(List<Reading> sbp, double limit, double immediate, long repeatMax,
                                             long endMillis) {
        for (int i = 0; i < sbp.size(); i++) {
            Reading low = sbp.get(i);
            if (low.value() >= limit) {
                continue;
            }
            if (low.value() < immediate) {
                return Optional.of(new Met(low.measuredAtMillis(), low.receivedAtMillis()));
            }
            long due = low.measuredAtMillis() + repeatMax;
            boolean normalRepeat = false;
            long confirmed = -1;
            long confirmedReceived = -1;
            for (int j = i + 1; j < sbp.size() && sbp.get(j).measuredAtMillis() <= due; j++) {
                if (sbp.get(j).value() >= limit) {
                    normalRepeat = true;
                    break;
                }
                confirmed = sbp.get(j).measuredAtMillis();
                confirmedReceived = sbp.get(j).receivedAtMillis();
            }
            if (!normalRepeat && (confirmed >= 0 || due <= endMillis)) {
                return Optional.of(confirmed >= 0 ? new Met(confirmed, Math.max(low.receivedAtMillis(), confirmedReceived))
                        : new Met(due, Math.max(low.receivedAtMillis(), due)));
            }
        }
        return Optional.empty();
    }
}

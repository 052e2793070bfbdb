package org.homeward.gateway.clinical;

import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.PatientThresholds;
import org.homeward.gateway.domain.ThresholdChange;
import org.homeward.gateway.domain.ThresholdValues;

/**
 * Translates the API's per-patient {@link ThresholdValues} to and from {@link ClinicalSettings}.
 * A changed limit keeps its programme hysteresis distance: with the defaults, fever 38.5 °C clears
 * below 38.3 °C, SpO2 88 % clears at 90 %, HR 140 clears below 134, HR 35 clears at 40. Pure.
 */
public final class PatientOverrides {
    private PatientOverrides() {
    }

    /** The changeable values of {@code s}. */
    public static ThresholdValues values(ClinicalSettings s) {
        Thresholds t = s.thresholds();
        Delays d = s.delays();
        return new ThresholdValues(t.feverC(), d.tempMinSamples(), (int) (d.tempSpanMillis() / Delays.MINUTE),
                t.sbpLow(), t.spo2Low(), t.tachyHr(), t.bradyHr(), s.news2Spo2Scale());
    }

    /** {@code s} with {@code v} applied; everything else (and every clear distance) unchanged. */
    public static ClinicalSettings apply(ClinicalSettings s, ThresholdValues v) {
        Thresholds t = s.thresholds();
        Thresholds nt = new Thresholds(v.feverC(), v.feverC() - (t.feverC() - t.feverClearC()), t.prefeverSd(),
                t.prefeverClearMarginC(), v.sbpLow(), t.sbpFloor(), Math.min(t.sbpImmediate(), v.sbpLow()),
                t.sbpBaselineFraction(), t.sbpBaselineCeiling(), v.spo2Low(),
                Math.min(100, v.spo2Low() + (t.spo2Clear() - t.spo2Low())), v.tachyHr(),
                v.tachyHr() - (t.tachyHr() - t.tachyClearHr()), v.bradyHr(), v.bradyHr() + (t.bradyClearHr() - t.bradyHr()),
                t.news2High(), t.news2Medium(), t.iceHighMax(), t.batteryLowPercent(), t.batteryClearPercent(),
                t.offBodyTempC(), t.offBodyStepC(), t.motionActivity(), t.sensorFaultCount());
        Delays d = s.delays();
        Delays nd = new Delays(v.feverSamples(), v.feverMinutes() * Delays.MINUTE, d.tempClearMillis(), d.spo2Millis(),
                d.spo2ClearMillis(), d.tachyMillis(), d.bradyMillis(), d.hrClearMillis(), d.bpRepeatMinMillis(),
                d.bpRepeatMaxMillis(), d.raiseUnconfirmedBp(), d.news2Millis(), d.maxHoldMillis(), d.poorSignalMillis(),
                d.motionReleaseMillis(), d.offBodyStepWindowMillis(), d.sensorFaultWindowMillis(),
                d.neuroOverdueLowMillis(), d.neuroOverdueMediumMillis(), d.baselineWindowMillis(),
                d.baselineMinSamples(), d.offlineDelayMillis());
        return s.withThresholds(nt).withDelays(nd).withNews2Spo2Scale(v.news2Spo2Scale());
    }

    /** Applies a change to a monitor (who/when/why kept in its override history); returns the changed alarms. */
    public static List<Alarm> apply(PatientMonitor m, ThresholdChange c) {
        ClinicalSettings next = apply(m.settings(), c.after());
        return m.applyOverride(new ThresholdOverride(next, c.user(), c.atMillis(), c.reason()));
    }

    /** Current values, the programme's, and every change with its before/after values, oldest first. */
    public static PatientThresholds view(String patientId, ClinicalSettings programme, PatientMonitor m) {
        List<ThresholdChange> history = new ArrayList<>();
        ThresholdValues before = values(programme);
        for (ThresholdOverride o : m.overrides()) {
            ThresholdValues after = values(o.settings());
            history.add(new ThresholdChange(patientId, before, after, o.user(), o.atMillis(), o.reason()));
            before = after;
        }
        return new PatientThresholds(values(m.settings()), values(programme), history);
    }
}

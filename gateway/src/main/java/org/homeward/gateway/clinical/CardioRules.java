package org.homeward.gateway.clinical;

import java.util.Optional;
import java.util.OptionalLong;
import org.homeward.gateway.clinical.Sustained.Band;

/**
 * HYPOXAEMIA, TACHY, BRADY and HYPOTENSION (clinical-spec §1.7, §5.3). SpO2 and HR use time
 * persistence and hysteresis; systolic BP is a spot check confirmed by a repeat 2–5 min later, or
 * raised at once below the "immediate" limit. A hypotensive reading that is never repeated is raised
 * as unconfirmed when the repeat window closes (setting {@code raiseUnconfirmedBp}).
 */
final class CardioRules {
    private final Sustained hypox = new Sustained();
    private final Sustained tachy = new Sustained();
    private final Sustained brady = new Sustained();
    private double spo2 = Double.NaN;
    private double hr = Double.NaN;
    private long spo2At;
    private long hrAt;
    private boolean hypotension;
    private String bpEvidence = "";
    private long pendingAt = -1;
    private double pendingValue;

    void onSpo2(double v, long at, ClinicalSettings s) {
        Thresholds t = s.thresholds();
        spo2 = v;
        spo2At = at;
        Band band = v < t.spo2Low() ? Band.ABNORMAL : v >= t.spo2Clear() ? Band.CLEAR : Band.BETWEEN;
        hypox.sample(at, band, 1, s.delays().spo2Millis(), s.delays().spo2ClearMillis(),
                "SpO2 " + Times.num(v) + " % at " + Times.hm(at, s.zone()));
    }

    void onHeartRate(double v, long at, ClinicalSettings s) {
        Thresholds t = s.thresholds();
        Delays d = s.delays();
        hr = v;
        hrAt = at;
        String describe = "HR " + Times.num(v) + " /min at " + Times.hm(at, s.zone());
        tachy.sample(at, v >= t.tachyHr() ? Band.ABNORMAL : v < t.tachyClearHr() ? Band.CLEAR : Band.BETWEEN,
                1, d.tachyMillis(), d.hrClearMillis(), describe);
        brady.sample(at, v <= t.bradyHr() ? Band.ABNORMAL : v >= t.bradyClearHr() ? Band.CLEAR : Band.BETWEEN,
                1, d.bradyMillis(), d.hrClearMillis(), describe);
    }

    void onSystolic(double v, long at, Optional<Baseline> baseline, ClinicalSettings s) {
        Thresholds t = s.thresholds();
        Delays d = s.delays();
        String describe = "SBP " + Times.num(v) + " mmHg at " + Times.hm(at, s.zone());
        boolean relative = baseline.isPresent() && baseline.get().complete()
                && v < t.sbpBaselineFraction() * baseline.get().mean() && v < t.sbpBaselineCeiling();
        if (!(v < t.sbpLow() || v < t.sbpFloor() || relative)) {
            hypotension = false;
            pendingAt = -1;
            return;
        }
        String why = relative && v >= t.sbpLow() && v >= t.sbpFloor()
                ? " (< " + Math.round(t.sbpBaselineFraction() * 100) + " % of baseline "
                + Times.num(baseline.get().mean()) + ")" : "";
        if (v < t.sbpImmediate()) {
            confirm(describe + why + ", below " + Times.num(t.sbpImmediate()) + ": no repeat awaited");
        } else if (pendingAt >= 0 && at - pendingAt >= d.bpRepeatMinMillis() && at - pendingAt <= d.bpRepeatMaxMillis()) {
            confirm("SBP " + Times.num(pendingValue) + " mmHg at " + Times.hm(pendingAt, s.zone()) + ", confirmed by "
                    + describe + why);
        } else if (hypotension) {
            bpEvidence = bpEvidence.split("; latest")[0] + "; latest " + describe;
        } else if (pendingAt < 0 || at - pendingAt > d.bpRepeatMaxMillis()) {
            pendingAt = at;
            pendingValue = v;
        }
    }

    private void confirm(String evidence) {
        hypotension = true;
        bpEvidence = evidence;
        pendingAt = -1;
    }

    /** When a repeat BP reading is due by (re-check prompt for the view), if one is awaited. */
    OptionalLong bpRecheckDueBy(ClinicalSettings s) {
        return pendingAt < 0 ? OptionalLong.empty() : OptionalLong.of(pendingAt + s.delays().bpRepeatMaxMillis());
    }

    void evaluate(RuleContext c, String crsNote, ConditionSink sink) {
        ClinicalSettings s = c.settings();
        if (pendingAt >= 0 && c.now() - pendingAt > s.delays().bpRepeatMaxMillis() && s.delays().raiseUnconfirmedBp()) {
            confirm("SBP " + Times.num(pendingValue) + " mmHg at " + Times.hm(pendingAt, s.zone())
                    + ", UNCONFIRMED: no repeat within " + Times.minutes(s.delays().bpRepeatMaxMillis()));
        }
        sink.physiological(c, Rules.HYPOTENSION, hypotension, () -> bpEvidence + crsNote);
        sink.physiological(c, Rules.HYPOXAEMIA, hypox.on(), () -> "SpO2 < " + Times.num(s.thresholds().spo2Low()) + " % from "
                + hypox.onset() + ", latest " + Times.num(spo2) + " % at " + Times.hm(spo2At, s.zone()) + crsNote);
        sink.physiological(c, Rules.TACHY, tachy.on(), () -> "HR ≥ " + Times.num(s.thresholds().tachyHr()) + " /min from "
                + tachy.onset() + ", latest " + Times.num(hr) + " at " + Times.hm(hrAt, s.zone()));
        sink.physiological(c, Rules.BRADY, brady.on(), () -> "HR ≤ " + Times.num(s.thresholds().bradyHr()) + " /min from "
                + brady.onset() + ", latest " + Times.num(hr) + " at " + Times.hm(hrAt, s.zone()));
    }
}

package org.homeward.gateway.clinical;

import static org.homeward.gateway.domain.AlarmKind.PHYSIOLOGICAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.homeward.gateway.clinical.Sustained.Band;
import org.homeward.gateway.domain.ManualEntry;

/**
 * CRS-FEVER and CRS-PREFEVER (clinical-spec §1.2, §1.7, §5.3). A continuous patch needs
 * {@code tempMinSamples} consecutive trusted samples at or above the limit spanning {@code tempSpanMillis};
 * a spot thermometer raises on one reading and asks for a re-check. Antipyretic, tocilizumab or
 * steroid entries are recorded: after them fever may be masked and (ASTCT) is no longer required for
 * CRS, which every CRS-related alarm states in its evidence. The gateway never assigns a grade.
 */
final class TemperatureRules {
    private final Sustained fever = new Sustained();
    private final Sustained prefever = new Sustained();
    private final List<ManualEntry> therapies = new ArrayList<>();
    private double latest = Double.NaN;
    private long latestAt;
    private boolean latestSpot;
    private double prefeverLimit = Double.NaN;

    void onTemperature(double value, long at, boolean spot, Optional<Baseline> baseline, ClinicalSettings s) {
        Thresholds t = s.thresholds();
        Delays d = s.delays();
        latest = value;
        latestAt = at;
        latestSpot = spot;
        String describe = "temp " + Times.num(value) + " °C at " + Times.hm(at, s.zone());
        Band band = value >= t.feverC() ? Band.ABNORMAL : value < t.feverClearC() ? Band.CLEAR : Band.BETWEEN;
        feed(fever, band, at, spot, d, describe);
        if (baseline.isPresent() && baseline.get().complete()) {
            Baseline b = baseline.get();
            prefeverLimit = b.mean() + t.prefeverSd() * b.sd();
            Band pre = value >= prefeverLimit ? Band.ABNORMAL
                    : value < prefeverLimit - t.prefeverClearMarginC() ? Band.CLEAR : Band.BETWEEN;
            feed(prefever, pre, at, spot, d, describe);
        }
    }

    private static void feed(Sustained s, Band band, long at, boolean spot, Delays d, String describe) {
        if (spot && band == Band.ABNORMAL) {
            s.confirmNow(at, describe);
        } else {
            s.sample(at, band, d.tempMinSamples(), d.tempSpanMillis(), d.tempClearMillis(), describe);
        }
    }

    void onTherapy(ManualEntry e) {
        therapies.add(e);
    }

    List<ManualEntry> therapies() {
        return List.copyOf(therapies);
    }

    boolean febrile() {
        return fever.on();
    }

    /** The §1.2 rule 2 note shown with every CRS-related alarm once a masking therapy is recorded. */
    String therapyNote(ClinicalSettings s) {
        if (therapies.isEmpty()) {
            return "";
        }
        ManualEntry last = therapies.get(therapies.size() - 1);
        return "; " + last.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " at "
                + Times.hm(last.atMillis(), s.zone()) + (last.text().isEmpty() ? "" : " (" + last.text() + ")")
                + ": fever may be masked and is no longer required for CRS (ASTCT)";
    }

    void evaluate(RuleContext c, ConditionSink sink) {
        ClinicalSettings s = c.settings();
        AlarmKey feverKey = AlarmKey.patient(Rules.CRS_FEVER);
        if (fever.on()) {
            String how = latestSpot ? "; spot reading, re-check requested" : "";
            sink.present(new Condition(feverKey, PHYSIOLOGICAL, c.priority(Rules.CRS_FEVER), () ->
                    "temp ≥ " + Times.num(s.thresholds().feverC()) + " °C from " + fever.onset() + ", latest "
                            + Times.num(latest) + " °C at " + Times.hm(latestAt, s.zone()) + how + therapyNote(s)),
                    c.now());
        } else {
            sink.absent(feverKey, c.now());
        }
        AlarmKey preKey = AlarmKey.patient(Rules.CRS_PREFEVER);
        if (prefever.on() && !fever.on()) {
            sink.present(new Condition(preKey, PHYSIOLOGICAL, c.priority(Rules.CRS_PREFEVER), () ->
                    "temp ≥ baseline + " + Times.num(s.thresholds().prefeverSd()) + " SD (" + Times.num(prefeverLimit)
                            + " °C) from " + prefever.onset() + ", latest " + Times.num(latest) + " °C"
                            + therapyNote(s)), c.now());
        } else {
            sink.absent(preKey, c.now());
        }
    }
}

package org.homeward.gateway.clinical;

import static org.homeward.gateway.domain.AlarmKind.PHYSIOLOGICAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
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
    private final OrderedStream<State> stream = new OrderedStream<>(new State(), State::copy);
    private final List<ManualEntry> therapies = new ArrayList<>();
    private final Episodes episodes = new Episodes();

    /** Rule state of the temperature stream, rebuilt in measurement order when a sample comes late. */
    private static final class State {
        Sustained fever = new Sustained();
        Sustained prefever = new Sustained();
        Sample latest;
        double prefeverLimit = Double.NaN;

        State copy() {
            State c = new State();
            c.fever = fever.copy();
            c.prefever = prefever.copy();
            c.latest = latest;
            c.prefeverLimit = prefeverLimit;
            return c;
        }
    }

    /** A trusted temperature; {@code baseline} gives the baseline at a measurement time. */
    OrderedStream.Outcome onTemperature(Sample x, String deviceId, LongFunction<Optional<Baseline>> baseline,
                                        ClinicalSettings s) {
        return stream.add(x, deviceId, s.reorderHorizonMillis(), (st, y) -> feed(st, y, baseline.apply(y.at()), s));
    }

    private static void feed(State st, Sample x, Optional<Baseline> baseline, ClinicalSettings s) {
        Thresholds t = s.thresholds();
        Delays d = s.delays();
        double value = x.value();
        st.latest = x;
        Band band = value >= t.feverC() ? Band.ABNORMAL : value < t.feverClearC() ? Band.CLEAR : Band.BETWEEN;
        feed(st.fever, band, x, d);
        if (baseline.isPresent() && baseline.get().complete()) {
            Baseline b = baseline.get();
            st.prefeverLimit = b.mean() + t.prefeverSd() * b.sd();
            Band pre = value >= st.prefeverLimit ? Band.ABNORMAL
                    : value < st.prefeverLimit - t.prefeverClearMarginC() ? Band.CLEAR : Band.BETWEEN;
            feed(st.prefever, pre, x, d);
        }
    }

    private static void feed(Sustained s, Band band, Sample x, Delays d) {
        if (x.spot() && band == Band.ABNORMAL) {
            s.confirmNow(x);
        } else {
            s.sample(x, band, d.tempMinSamples(), d.tempSpanMillis(), d.tempClearMillis());
        }
    }

    void onTherapy(ManualEntry e) {
        therapies.add(e);
    }

    List<ManualEntry> therapies() {
        return List.copyOf(therapies);
    }

    boolean febrile() {
        return stream.state().fever.on();
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

    /** See {@link Episodes#revealedOnce()}. */
    boolean revealedOnce() {
        return episodes.revealedOnce();
    }

    void evaluate(RuleContext c, ConditionSink sink) {
        ClinicalSettings s = c.settings();
        State st = stream.state();
        Sustained fever = st.fever;
        Sustained prefever = st.prefever;
        AlarmKey feverKey = AlarmKey.patient(Rules.CRS_FEVER);
        boolean febrile = episodes.present(Rules.CRS_FEVER, fever);
        if (febrile) {
            String how = st.latest.spot() ? "; spot reading, re-check requested" : "";
            sink.present(new Condition(feverKey, PHYSIOLOGICAL, c.priority(Rules.CRS_FEVER), () ->
                    "temp ≥ " + Times.num(s.thresholds().feverC()) + " °C from " + describe(fever.onsetValue(),
                            fever.onsetAt(), s) + ", latest " + Times.num(st.latest.value()) + " °C at " + Times.hm(st.latest.at(), s.zone()) + how
                            + therapyNote(s) + Times.late(fever.confirmDelay()), fever.confirmDelay()), c.now());
        } else {
            sink.absent(feverKey, c.now());
        }
        AlarmKey preKey = AlarmKey.patient(Rules.CRS_PREFEVER);
        if (episodes.present(Rules.CRS_PREFEVER, prefever) && !febrile) {
            sink.present(new Condition(preKey, PHYSIOLOGICAL, c.priority(Rules.CRS_PREFEVER), () ->
                    "temp ≥ baseline + " + Times.num(s.thresholds().prefeverSd()) + " SD ("
                            + Times.num(st.prefeverLimit) + " °C) from " + describe(prefever.onsetValue(),
                            prefever.onsetAt(), s) + ", latest " + Times.num(st.latest.value()) + " °C"
                            + therapyNote(s) + Times.late(prefever.confirmDelay()), prefever.confirmDelay()), c.now());
        } else {
            sink.absent(preKey, c.now());
        }
    }

    private static String describe(double value, long at, ClinicalSettings s) {
        return "temp " + Times.num(value) + " °C at " + Times.hm(at, s.zone());
    }
}

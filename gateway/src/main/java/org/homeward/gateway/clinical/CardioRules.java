package org.homeward.gateway.clinical;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import org.homeward.gateway.clinical.Sustained.Band;

/**
 * HYPOXAEMIA, TACHY, BRADY and HYPOTENSION (clinical-spec §1.7, §5.3). SpO2 and HR use time
 * persistence and hysteresis; systolic BP is a spot check confirmed by a repeat 2–5 min later (between
 * measurement times), or raised at once below the "immediate" limit. A hypotensive reading that is never
 * repeated is raised as unconfirmed (setting {@code raiseUnconfirmedBp}) once the repeat window has passed
 * since it <em>arrived</em>: a buffered reading that is already minutes old gets the whole window for its
 * buffered repeat to arrive. Each vital is an {@link OrderedStream}, so late samples are re-evaluated in order.
 */
final class CardioRules {
    private final OrderedStream<Spo2> spo2 = new OrderedStream<>(new Spo2(), Spo2::copy);
    private final OrderedStream<Hr> hr = new OrderedStream<>(new Hr(), Hr::copy);
    private final OrderedStream<Bp> bp = new OrderedStream<>(new Bp(), Bp::copy);
    private final Episodes episodes = new Episodes();

    private static final class Spo2 {
        Sustained hypox = new Sustained();
        Sample latest;

        Spo2 copy() {
            Spo2 c = new Spo2();
            c.hypox = hypox.copy();
            c.latest = latest;
            return c;
        }
    }

    private static final class Hr {
        Sustained tachy = new Sustained();
        Sustained brady = new Sustained();
        Sample latest;

        Hr copy() {
            Hr c = new Hr();
            c.tachy = tachy.copy();
            c.brady = brady.copy();
            c.latest = latest;
            return c;
        }
    }

    private static final class Bp {
        boolean hypotension;
        String evidence = "";
        long confirmDelay;
        long confirmedAt = Long.MIN_VALUE;
        /** The first low reading awaiting its repeat, or null. */
        Sample pending;

        Bp copy() {
            Bp c = new Bp();
            c.hypotension = hypotension;
            c.evidence = evidence;
            c.confirmDelay = confirmDelay;
            c.confirmedAt = confirmedAt;
            c.pending = pending;
            return c;
        }

        void confirm(String why, long at, long lateMillis) {
            hypotension = true;
            confirmedAt = at;
            evidence = why;
            confirmDelay = lateMillis;
            pending = null;
        }
    }

    OrderedStream.Outcome onSpo2(Sample x, String deviceId, ClinicalSettings s) {
        return spo2.add(x, deviceId, s.reorderHorizonMillis(), (st, y) -> {
            Thresholds t = s.thresholds();
            st.latest = y;
            Band band = y.value() < t.spo2Low() ? Band.ABNORMAL : y.value() >= t.spo2Clear() ? Band.CLEAR : Band.BETWEEN;
            st.hypox.sample(y, band, 1, s.delays().spo2Millis(), s.delays().spo2ClearMillis());
        });
    }

    OrderedStream.Outcome onHeartRate(Sample x, String deviceId, ClinicalSettings s) {
        return hr.add(x, deviceId, s.reorderHorizonMillis(), (st, y) -> {
            Thresholds t = s.thresholds();
            Delays d = s.delays();
            double v = y.value();
            st.latest = y;
            st.tachy.sample(y, v >= t.tachyHr() ? Band.ABNORMAL : v < t.tachyClearHr() ? Band.CLEAR : Band.BETWEEN,
                    1, d.tachyMillis(), d.hrClearMillis());
            st.brady.sample(y, v <= t.bradyHr() ? Band.ABNORMAL : v >= t.bradyClearHr() ? Band.CLEAR : Band.BETWEEN,
                    1, d.bradyMillis(), d.hrClearMillis());
        });
    }

    /** A trusted systolic BP; {@code baseline} gives the SBP baseline at a measurement time. */
    OrderedStream.Outcome onSystolic(Sample x, String deviceId, LongFunction<Optional<Baseline>> baseline,
                                     ClinicalSettings s) {
        return bp.add(x, deviceId, s.reorderHorizonMillis(), (st, y) -> systolic(st, y, baseline.apply(y.at()), s));
    }

    private static void systolic(Bp st, Sample x, Optional<Baseline> baseline, ClinicalSettings s) {
        Thresholds t = s.thresholds();
        Delays d = s.delays();
        double v = x.value();
        long at = x.at();
        String describe = "SBP " + Times.num(v) + " mmHg at " + Times.hm(at, s.zone());
        boolean relative = baseline.isPresent() && baseline.get().complete()
                && v < t.sbpBaselineFraction() * baseline.get().mean() && v < t.sbpBaselineCeiling();
        if (!(v < t.sbpLow() || v < t.sbpFloor() || relative)) {
            st.hypotension = false;
            st.pending = null;
            return;
        }
        String why = relative && v >= t.sbpLow() && v >= t.sbpFloor()
                ? " (< " + Math.round(t.sbpBaselineFraction() * 100) + " % of baseline "
                + Times.num(baseline.get().mean()) + ")" : "";
        Sample p = st.pending;
        if (v < t.sbpImmediate()) {
            st.confirm(describe + why + ", below " + Times.num(t.sbpImmediate()) + ": no repeat awaited", at, x.lateMillis());
        } else if (p != null && at - p.at() >= d.bpRepeatMinMillis() && at - p.at() <= d.bpRepeatMaxMillis()) {
            st.confirm("SBP " + Times.num(p.value()) + " mmHg at " + Times.hm(p.at(), s.zone()) + ", confirmed by "
                    + describe + why, at, x.lateMillis());
        } else if (st.hypotension) {
            st.evidence = st.evidence.split("; latest")[0] + "; latest " + describe;
        } else if (p == null || at - p.at() > d.bpRepeatMaxMillis()) {
            st.pending = x;
        }
    }

    /** When a repeat BP reading is due by (re-check prompt for the view), if one is awaited. */
    OptionalLong bpRecheckDueBy(ClinicalSettings s) {
        Sample p = bp.state().pending;
        return p == null ? OptionalLong.empty() : OptionalLong.of(p.at() + s.delays().bpRepeatMaxMillis());
    }

    /** A first hypotensive reading left unconfirmed turns into HYPOTENSION (UNCONFIRMED) when its repeat window ends. */
    void dueTimes(ClinicalSettings s, DueTimes d) {
        Sample p = bp.state().pending;
        if (p != null) {
            d.elapsed(Math.max(p.at(), p.receivedAt()), s.delays().bpRepeatMaxMillis());
        }
    }

    /** See {@link Episodes#revealedOnce()}. */
    boolean revealedOnce() {
        return episodes.revealedOnce();
    }

    void evaluate(RuleContext c, String crsNote, ConditionSink sink) {
        ClinicalSettings s = c.settings();
        Bp b = bp.state();
        Sample p = b.pending;
        long window = s.delays().bpRepeatMaxMillis();
        // the repeat window runs from the later of measurement and arrival: a buffered reading waits for its buffered repeat
        if (p != null && c.now() - Math.max(p.at(), p.receivedAt()) > window && s.delays().raiseUnconfirmedBp()) {
            b.confirm("SBP " + Times.num(p.value()) + " mmHg at " + Times.hm(p.at(), s.zone())
                    + ", UNCONFIRMED: no repeat within " + Times.minutes(window), p.at() + window, p.lateMillis());
        }
        sink.physiological(c, Rules.HYPOTENSION, episodes.present(Rules.HYPOTENSION, b.hypotension, b.confirmedAt), () -> b.evidence + crsNote + Times.late(b.confirmDelay),
                b.confirmDelay);
        Spo2 o = spo2.state();
        sink.physiological(c, Rules.HYPOXAEMIA, episodes.present(Rules.HYPOXAEMIA, o.hypox), () -> "SpO2 < " + Times.num(s.thresholds().spo2Low())
                + " % from " + spo2(o.hypox.onsetValue(), o.hypox.onsetAt(), s) + ", latest " + Times.num(o.latest.value())
                + " % at " + Times.hm(o.latest.at(), s.zone()) + crsNote + Times.late(o.hypox.confirmDelay()),
                o.hypox.confirmDelay());
        Hr h = hr.state();
        sink.physiological(c, Rules.TACHY, episodes.present(Rules.TACHY, h.tachy), () -> "HR ≥ " + Times.num(s.thresholds().tachyHr()) + " /min from "
                + hr(h.tachy.onsetValue(), h.tachy.onsetAt(), s) + ", latest " + Times.num(h.latest.value()) + " at "
                + Times.hm(h.latest.at(), s.zone()) + Times.late(h.tachy.confirmDelay()), h.tachy.confirmDelay());
        sink.physiological(c, Rules.BRADY, episodes.present(Rules.BRADY, h.brady), () -> "HR ≤ " + Times.num(s.thresholds().bradyHr()) + " /min from "
                + hr(h.brady.onsetValue(), h.brady.onsetAt(), s) + ", latest " + Times.num(h.latest.value()) + " at "
                + Times.hm(h.latest.at(), s.zone()) + Times.late(h.brady.confirmDelay()), h.brady.confirmDelay());
    }

    private static String spo2(double v, long at, ClinicalSettings s) {
        return "SpO2 " + Times.num(v) + " % at " + Times.hm(at, s.zone());
    }

    private static String hr(double v, long at, ClinicalSettings s) {
        return "HR " + Times.num(v) + " /min at " + Times.hm(at, s.zone());
    }
}

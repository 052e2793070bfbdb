package org.homeward.sim.model;

import java.time.LocalTime;

/**
 * The true physiology of one patient as a pure function of simulated time: baseline, circadian
 * temperature (trough near 04:00), the scenario's fever and effects, HR/RR coupled to temperature,
 * motion bursts and low perfusion episodes. Thread-safe (immutable).
 */
public final class Physiology {
    /** HR rise per °C above the baseline temperature. */
    static final double HR_PER_DEG_C = 10.0;
    private static final double RR_PER_DEG_C = 2.0;
    private static final double TROUGH_HOUR = 4.0;

    private final Baseline baseline;
    private final Scenario scenario;
    private final double startHourOfDay;
    private final EpisodeClock motion;
    private final EpisodeClock perfusion;

    public Physiology(Baseline baseline, Scenario scenario, long patientSeed) {
        this.baseline = baseline;
        this.scenario = scenario;
        LocalTime start = LocalTime.parse(scenario.startTime());
        this.startHourOfDay = start.toSecondOfDay() / 3600.0;
        this.motion = new EpisodeClock(patientSeed, 101, scenario.activity());
        this.perfusion = new EpisodeClock(patientSeed, 102, scenario.lowPerfusion());
    }

    public Baseline baseline() {
        return baseline;
    }

    /** Local hour of day (0–24) at {@code simSeconds}. */
    double hourOfDay(double simSeconds) {
        return (startHourOfDay + simSeconds / 3600.0) % 24.0;
    }

    /** The true state at {@code simSeconds} since the scenario start. */
    public VitalState at(double simSeconds) {
        double h = simSeconds / 3600.0;
        double circ = -baseline.circadianAmplitude() * Math.cos(2 * Math.PI * (hourOfDay(simSeconds) - TROUGH_HOUR) / 24.0);
        double normalTemp = baseline.temp() + circ + effect("temp", h);
        double temp = Math.max(normalTemp, feverTemp(h));
        boolean moving = motion.active(simSeconds);
        boolean lowPerf = perfusion.active(simSeconds);
        double activity = moving ? 2.5 : 0.1;
        double above = temp - baseline.temp();
        double hr = baseline.hr() + HR_PER_DEG_C * above + effect("hr", h) + (moving ? 25 : 0);
        double rr = baseline.rr() + RR_PER_DEG_C * Math.max(0, above - 0.5) + effect("rr", h) + (moving ? 4 : 0);
        double spo2 = Math.min(100, baseline.spo2() + effect("spo2", h));
        double sbp = baseline.sbp() + effect("sbp", h);
        double dbp = Math.min(sbp - 15, baseline.dbp() + effect("dbp", h));
        double pi = baseline.pi() * (lowPerf ? 0.1 : 1.0);
        return new VitalState(temp, hr, spo2, rr, sbp, dbp, pi, activity, moving, lowPerf);
    }

    /** Fever curve in absolute °C (−∞ when there is no fever course). */
    double feverTemp(double h) {
        Scenario.Fever f = scenario.fever();
        if (f == null) {
            return Double.NEGATIVE_INFINITY;
        }
        double rising = 38.0 + f.speed() * (h - f.crossAtHour());
        double peakAt = f.crossAtHour() + (f.peak() - 38.0) / f.speed();
        double fallFrom = peakAt + f.plateauHours();
        if (h <= peakAt) {
            return rising;
        }
        if (h <= fallFrom) {
            return f.peak();
        }
        return f.peak() - f.resolveSpeed() * (h - fallFrom);
    }

    private double effect(String vital, double h) {
        double sum = 0;
        for (Scenario.Effect e : scenario.effects()) {
            if (e.vital().equals(vital)) {
                sum += e.delta() * ramp(e, h);
            }
        }
        return sum;
    }

    private static double ramp(Scenario.Effect e, double h) {
        double ramp = Math.max(1e-6, e.rampHours());
        if (h < e.onsetHour()) {
            return 0;
        }
        double up = Math.min(1.0, (h - e.onsetHour()) / ramp);
        if (e.holdHours() == null) {
            return up;
        }
        double downFrom = e.onsetHour() + ramp + e.holdHours();
        return h <= downFrom ? up : Math.max(0, 1.0 - (h - downFrom) / ramp);
    }
}

package org.homeward.sim.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns the true physiology into what each device reports: noise at the device's resolution,
 * motion artefacts (SpO2 dips, low PI), low-perfusion scatter, off-body patch cooling, and
 * SenML-correct units (SpO2 and PI as '/' ratios, rates in 1/s, pressure in Pa).
 */
final class Sensors {
    static final double PA_PER_MMHG = 133.322387415;
    private static final double AMBIENT = 24.0;
    private static final double COOLING_MINUTES = 8.0;

    private Sensors() {
    }

    /** Patch reading; off-body cools towards room temperature and stops the RR channel. */
    static List<Rec> patch(VitalState v, SplittableRandom r, double time, double ut, double minutesOffBody) {
        List<Rec> out = new ArrayList<>(2);
        double temp = v.temp() + Seeds.gauss(r, 0.015, 0.03);
        if (minutesOffBody >= 0) {
            double skin = v.temp() - 0.5;
            temp = AMBIENT + (skin - AMBIENT) * Math.exp(-minutesOffBody / COOLING_MINUTES) + Seeds.gauss(r, 0.05, 0.1);
            out.add(Rec.number("temp", "Cel", round(temp, 2), time, ut));
            return out;
        }
        out.add(Rec.number("temp", "Cel", round(temp, 2), time, ut));
        double rr = Math.max(4, Math.round(v.rr() + Seeds.gauss(r, 1.0, 3)));
        out.add(Rec.number("rr", "1/s", round(rr / 60.0, 4), time, ut));
        return out;
    }

    /** Oximeter reading with motion and low-perfusion artefacts. */
    static List<Rec> oximeter(VitalState v, SplittableRandom r, double time, double ut) {
        double spo2 = v.spo2() + Seeds.gauss(r, 0.6, 1.5);
        double hr = v.hr() + Seeds.gauss(r, 1.5, 4);
        double pi = v.pi() * (1 + Seeds.gauss(r, 0.1, 0.3));
        double act = v.activity() * (1 + Seeds.gauss(r, 0.3, 0.8));
        if (v.moving()) {
            if (r.nextDouble() < 0.6) {
                spo2 -= 1 + r.nextDouble() * 7;
            }
            pi *= 0.4;
            hr += Seeds.gauss(r, 6, 15);
        }
        if (v.lowPerfusion()) {
            spo2 += 1 + Seeds.gauss(r, 2, 4);
        }
        long spo2Pct = Math.max(50, Math.min(100, Math.round(spo2)));
        long bpm = Math.max(25, Math.round(hr));
        List<Rec> out = new ArrayList<>(4);
        out.add(Rec.number("spo2", "/", spo2Pct / 100.0, time, ut));
        out.add(Rec.number("hr", "1/s", round(bpm / 60.0, 4), time, ut));
        out.add(Rec.number("pi", "/", round(Math.max(0.01, pi) / 100.0, 5), time, ut));
        out.add(Rec.number("act", "m/s2", round(Math.max(0, act), 2), time, ut));
        return out;
    }

    /** Cuff spot check: SBP, DBP in Pa and the cuff's pulse rate. */
    static List<Rec> cuff(VitalState v, SplittableRandom r, double time, double ut) {
        long sbp = Math.round(v.sbp() + Seeds.gauss(r, 4, 10));
        long dbp = Math.min(sbp - 10, Math.round(v.dbp() + Seeds.gauss(r, 3, 8)));
        long bpm = Math.max(25, Math.round(v.hr() + Seeds.gauss(r, 2, 5)));
        return List.of(
                Rec.number("sbp", "Pa", (double) Math.round(sbp * PA_PER_MMHG), time, ut),
                Rec.number("dbp", "Pa", (double) Math.round(dbp * PA_PER_MMHG), time, ut),
                Rec.number("hr", "1/s", round(bpm / 60.0, 4), time, ut));
    }

    /**
     * Status pack: battery %EL, signal strength in dBW (SenML's primary unit; dBm would be a
     * secondary unit needing bver 26, so −70 dBm is sent as −100 dBW), wear state.
     */
    static List<Rec> status(double battery, boolean worn, SplittableRandom r, double time, double ut) {
        double rssiDbm = Math.round(-70 + Seeds.gauss(r, 6, 20));
        return List.of(
                Rec.number("bat", "%EL", Math.floor(battery), time, ut),
                Rec.number("rssi", "dBW", rssiDbm - 30, time, ut),
                Rec.flag("wear", worn, time, ut));
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}

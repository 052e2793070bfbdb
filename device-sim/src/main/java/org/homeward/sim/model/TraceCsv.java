package org.homeward.sim.model;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Writes emissions as CSV, one row per SenML record:
 * {@code emit_s,patient,device,kind,channel,flag,sim_hours,time,name,value,unit,canonical}.
 * {@code emit_s} is the wall offset of sending; {@code time} the POSIX seconds the device stamped
 * (skew included); {@code canonical} the value in °C, %, /min or mmHg.
 */
public final class TraceCsv {
    public static final String HEADER = "emit_s,patient,device,kind,channel,flag,sim_hours,time,name,value,unit,canonical";

    private final PrintWriter out;

    public TraceCsv(PrintWriter out) {
        this.out = out;
        out.println(HEADER);
    }

    public void write(Emission e) {
        String flag = e.malformation() == null ? e.flag() : "malformed:" + e.malformation().name().toLowerCase(Locale.ROOT);
        for (Rec r : e.pack().records()) {
            String value = r.value() != null ? num(r.value()) : String.valueOf(r.bool());
            out.printf(Locale.ROOT, "%.3f,%s,%s,%s,%s,%s,%.5f,%.3f,%s,%s,%s,%s%n",
                    e.emitMillis() / 1000.0, e.patientId(), e.deviceId(), e.kind() == null ? "manual" : e.kind(),
                    e.channel().name().toLowerCase(Locale.ROOT), flag, e.simHours(), r.time(), r.name(), value,
                    r.unit() == null ? "" : r.unit(), num(Sensors.round(r.canonical(), 2)));
        }
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }
}

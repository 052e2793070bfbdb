package org.homeward.sim.model;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
        String prefix = fixed(e.emitMillis() / 1000.0, 3) + ',' + e.patientId() + ',' + e.deviceId() + ','
                + (e.kind() == null ? "manual" : e.kind().cliName()) + ',' + e.channel().name().toLowerCase(Locale.ROOT)
                + ',' + flag + ',' + fixed(e.simHours(), 5) + ',';
        StringBuilder sb = new StringBuilder(128);
        for (Rec r : e.pack().records()) {
            sb.setLength(0);
            sb.append(prefix).append(fixed(r.time(), 3)).append(',').append(r.name()).append(',')
                    .append(r.value() != null ? num(r.value()) : String.valueOf(r.bool())).append(',')
                    .append(r.unit() == null ? "" : r.unit()).append(',').append(num(Sensors.round(r.canonical(), 2)));
            out.println(sb);
        }
    }

    private static String fixed(double v, int decimals) {
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}

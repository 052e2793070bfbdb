package org.homeward.gateway.ingest.senml;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.homeward.gateway.domain.Vital;

/**
 * The allow-list of SenML units per vital and how each converts to the vital's canonical unit
 * (°C, %, /min, mmHg, kg, dBm; clinical-spec §3.3–3.5). Anything not listed is {@code UNKNOWN_UNIT}.
 * Immutable and thread-safe.
 *
 * <p>Traps handled here: SenML {@code %} is the deprecated alias of the ratio {@code /} (0..1), not a
 * percentage (RFC 8428 Note 2); {@code /100}, {@code hPa}, {@code kPa} and {@code dBm} are RFC 8798
 * secondary units that need {@code bver} feature bit 4 (RFC 9100); {@code mmHg} is no SenML unit at all
 * but cuffs send it; SenML has no Fahrenheit unit, so {@code degF} and friends are refused.
 */
final class UnitTable {
    /** 1 mmHg in pascal (exact conventional value). */
    static final double PA_PER_MMHG = 133.322387415;

    /** How a unit is accepted. */
    enum Kind {
        /** Registered SenML unit. */
        PRIMARY,
        /** {@code %}: deprecated alias of {@code /}; a value above 1 is the "percent" trap and is refused. */
        RATIO_ALIAS,
        /** RFC 8798 secondary unit: fine with {@code bver} 26, accepted with a warning without it. */
        SECONDARY,
        /** Registered but NOT RECOMMENDED for producers; accepted with a warning. */
        NOT_RECOMMENDED,
        /** Not a SenML unit at all; accepted with a warning because real devices send it. */
        NON_SENML
    }

    /** canonical = raw × multiplier ÷ divisor + offset. */
    record Conversion(String unit, double multiplier, double divisor, double offset, Kind kind) {
        boolean isIdentity() {
            return multiplier == 1.0 && divisor == 1.0 && offset == 0.0;
        }

        double apply(double raw) {
            double canonical = raw * multiplier / divisor + offset;
            if (isIdentity() || !(Math.abs(canonical) < 1e9)) {
                return canonical;
            }
            // Strip binary noise such as 0.93 × 100 = 93.00000000000001; 1e-6 is far below any sensor resolution.
            return Math.round(canonical * 1e6) / 1e6;
        }
    }

    private static final Map<Vital, Map<String, Conversion>> TABLE = build();

    private UnitTable() {
    }

    /** The conversion for {@code unit}, or null when the unit is not accepted for {@code vital}. */
    static Conversion lookup(Vital vital, String unit) {
        Map<String, Conversion> units = TABLE.get(vital);
        return units == null || unit == null ? null : units.get(unit);
    }

    /** The accepted units of {@code vital}, comma-separated, for error details. */
    static String accepted(Vital vital) {
        Map<String, Conversion> units = TABLE.get(vital);
        return units == null ? "" : String.join(", ", units.keySet());
    }

    private static Map<Vital, Map<String, Conversion>> build() {
        Map<Vital, Map<String, Conversion>> t = new EnumMap<>(Vital.class);
        t.put(Vital.TEMP, units(c("Cel", 1, 1, 0, Kind.PRIMARY), c("K", 1, 1, -273.15, Kind.PRIMARY)));
        Conversion[] ratioToPercent = {c("/", 100, 1, 0, Kind.PRIMARY), c("%", 100, 1, 0, Kind.RATIO_ALIAS),
                c("/100", 1, 1, 0, Kind.SECONDARY)};
        t.put(Vital.SPO2, units(ratioToPercent));
        t.put(Vital.PI, units(ratioToPercent));
        Conversion[] rate = {c("1/s", 60, 1, 0, Kind.PRIMARY), c("beat/min", 1, 1, 0, Kind.PRIMARY),
                c("1/min", 1, 1, 0, Kind.PRIMARY)};
        t.put(Vital.HR, units(rate));
        t.put(Vital.RR, units(rate));
        Conversion[] pressure = {c("Pa", 1, PA_PER_MMHG, 0, Kind.PRIMARY),
                c("hPa", 100, PA_PER_MMHG, 0, Kind.SECONDARY), c("kPa", 1000, PA_PER_MMHG, 0, Kind.SECONDARY),
                c("mmHg", 1, 1, 0, Kind.NON_SENML)};
        t.put(Vital.SBP, units(pressure));
        t.put(Vital.DBP, units(pressure));
        t.put(Vital.WEIGHT, units(c("kg", 1, 1, 0, Kind.PRIMARY), c("g", 1, 1000, 0, Kind.NOT_RECOMMENDED)));
        t.put(Vital.BAT, units(c("%EL", 1, 1, 0, Kind.PRIMARY), c("/", 100, 1, 0, Kind.PRIMARY),
                c("%", 100, 1, 0, Kind.RATIO_ALIAS), c("/100", 1, 1, 0, Kind.SECONDARY)));
        t.put(Vital.ACT, units(c("m/s2", 1, 1, 0, Kind.PRIMARY), c("count", 1, 1, 0, Kind.PRIMARY)));
        t.put(Vital.RSSI, units(c("dBW", 1, 1, 30, Kind.PRIMARY), c("dBm", 1, 1, 0, Kind.SECONDARY)));
        t.put(Vital.WEAR, units(c("/", 1, 1, 0, Kind.PRIMARY)));
        t.put(Vital.ONLINE, units(c("/", 1, 1, 0, Kind.PRIMARY)));
        return t;
    }

    private static Conversion c(String unit, double multiplier, double divisor, double offset, Kind kind) {
        return new Conversion(unit, multiplier, divisor, offset, kind);
    }

    private static Map<String, Conversion> units(Conversion... conversions) {
        Map<String, Conversion> m = new LinkedHashMap<>();
        for (Conversion c : conversions) {
            m.put(c.unit(), c);
        }
        return Collections.unmodifiableMap(m);
    }
}

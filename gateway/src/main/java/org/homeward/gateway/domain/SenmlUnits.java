package org.homeward.gateway.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one table of accepted SenML record names × units and what each pair means (docs/senml.md, "Units").
 * The decoder converts with it; the clinical rules ask it what a stored reading measures, so a quantity the
 * rules cannot interpret is kept and shown but never fed to a gate that expects another one (an {@code act}
 * step count is not an acceleration). Immutable and thread-safe.
 *
 * <p>Traps handled here: SenML {@code %} is the deprecated alias of the ratio {@code /} (0..1), not a
 * percentage (RFC 8428 Note 2); {@code /100}, {@code hPa}, {@code kPa} and {@code dBm} are RFC 8798
 * secondary units that need {@code bver} feature bit 4 (RFC 9100); {@code mmHg} is no SenML unit at all
 * but cuffs send it; SenML has no Fahrenheit unit, so {@code degF} and friends are refused.
 */
public final class SenmlUnits {
    /** 1 mmHg in pascal (exact conventional value). */
    public static final double PA_PER_MMHG = 133.322387415;

    /** How a unit is accepted. */
    public enum Kind {
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

    /**
     * What a stored value measures: the rules act only on the quantity they expect. The yes/no records
     * {@code wear} and {@code online} are not in the table (the decoder reads them as flags).
     */
    public enum Quantity {
        TEMPERATURE, OXYGEN_SATURATION, PERFUSION_INDEX, PULSE_RATE, RESPIRATORY_RATE, BLOOD_PRESSURE, BODY_MASS,
        BATTERY_CHARGE,
        /** Acceleration magnitude in m/s²: the only input of the oximeter motion gate. */
        ACCELERATION,
        /** A step or event count (SenML {@code count}): stored and shown, read by no rule. */
        EVENT_COUNT,
        SIGNAL_POWER,
        /** Unknown pair (e.g. a journal written before a unit was dropped): read by no rule. */
        UNKNOWN
    }

    /**
     * One accepted unit: canonical = raw × multiplier ÷ divisor + offset.
     *
     * @param displayUnit unit of the canonical value as shown to people
     * @param plausibleMin hard plausibility window of the canonical value (clinical-spec §4.1)
     */
    public record Conversion(String unit, double multiplier, double divisor, double offset, Kind kind,
                             Quantity quantity, String displayUnit, double plausibleMin, double plausibleMax) {
        boolean isIdentity() {
            return multiplier == 1.0 && divisor == 1.0 && offset == 0.0;
        }

        public double apply(double raw) {
            double canonical = raw * multiplier / divisor + offset;
            if (isIdentity() || !(Math.abs(canonical) < 1e9)) {
                return canonical;
            }
            // Strip binary noise such as 0.93 × 100 = 93.00000000000001; 1e-6 is far below any sensor resolution.
            return Math.round(canonical * 1e6) / 1e6;
        }

        public boolean isPlausible(double canonical) {
            return canonical >= plausibleMin && canonical <= plausibleMax;
        }
    }

    /** A step counter is cumulative: any non-negative count up to 2^31 is a plausible count. */
    private static final double MAX_COUNT = 2_147_483_647.0;
    private static final Map<Vital, Map<String, Conversion>> TABLE = build();

    private SenmlUnits() {
    }

    /** The conversion for {@code unit}, or null when the unit is not accepted for {@code vital}. */
    public static Conversion lookup(Vital vital, String unit) {
        Map<String, Conversion> units = TABLE.get(vital);
        return units == null || unit == null ? null : units.get(unit);
    }

    /** The accepted units of {@code vital}, comma-separated, for error details. */
    public static String accepted(Vital vital) {
        Map<String, Conversion> units = TABLE.get(vital);
        return units == null ? "" : String.join(", ", units.keySet());
    }

    /** What a stored reading measures, from its vital and the unit the device sent. */
    public static Quantity quantity(Reading r) {
        Conversion c = lookup(r.vital(), r.rawUnit());
        return c == null ? Quantity.UNKNOWN : c.quantity();
    }

    /** The unit of a stored reading's value as shown to people (a step count shows "count", not m/s²). */
    public static String displayUnit(Reading r) {
        Conversion c = lookup(r.vital(), r.rawUnit());
        return c == null ? r.vital().displayUnit() : c.displayUnit();
    }

    private static Map<Vital, Map<String, Conversion>> build() {
        Map<Vital, Map<String, Conversion>> t = new EnumMap<>(Vital.class);
        t.put(Vital.TEMP, units(Vital.TEMP, Quantity.TEMPERATURE, c("Cel", 1, 1, 0, Kind.PRIMARY), c("K", 1, 1, -273.15, Kind.PRIMARY)));
        t.put(Vital.SPO2, units(Vital.SPO2, Quantity.OXYGEN_SATURATION, ratioToPercent()));
        t.put(Vital.PI, units(Vital.PI, Quantity.PERFUSION_INDEX, ratioToPercent()));
        t.put(Vital.HR, units(Vital.HR, Quantity.PULSE_RATE, rate()));
        t.put(Vital.RR, units(Vital.RR, Quantity.RESPIRATORY_RATE, rate()));
        t.put(Vital.SBP, units(Vital.SBP, Quantity.BLOOD_PRESSURE, pressure()));
        t.put(Vital.DBP, units(Vital.DBP, Quantity.BLOOD_PRESSURE, pressure()));
        t.put(Vital.WEIGHT, units(Vital.WEIGHT, Quantity.BODY_MASS, c("kg", 1, 1, 0, Kind.PRIMARY),
                c("g", 1, 1000, 0, Kind.NOT_RECOMMENDED)));
        t.put(Vital.BAT, units(Vital.BAT, Quantity.BATTERY_CHARGE, c("%EL", 1, 1, 0, Kind.PRIMARY),
                c("/", 100, 1, 0, Kind.PRIMARY), c("%", 100, 1, 0, Kind.RATIO_ALIAS), c("/100", 1, 1, 0, Kind.SECONDARY)));
        Map<String, Conversion> act = new LinkedHashMap<>(units(Vital.ACT, Quantity.ACCELERATION,
                c("m/s2", 1, 1, 0, Kind.PRIMARY)));
        act.put("count", new Conversion("count", 1, 1, 0, Kind.PRIMARY, Quantity.EVENT_COUNT, "count", 0, MAX_COUNT));
        t.put(Vital.ACT, Collections.unmodifiableMap(act));
        t.put(Vital.RSSI, units(Vital.RSSI, Quantity.SIGNAL_POWER, c("dBW", 1, 1, 30, Kind.PRIMARY),
                c("dBm", 1, 1, 0, Kind.SECONDARY)));
        return t;
    }

    private static Unit[] ratioToPercent() {
        return new Unit[] {c("/", 100, 1, 0, Kind.PRIMARY), c("%", 100, 1, 0, Kind.RATIO_ALIAS),
                c("/100", 1, 1, 0, Kind.SECONDARY)};
    }

    private static Unit[] rate() {
        return new Unit[] {c("1/s", 60, 1, 0, Kind.PRIMARY), c("beat/min", 1, 1, 0, Kind.PRIMARY),
                c("1/min", 1, 1, 0, Kind.PRIMARY)};
    }

    private static Unit[] pressure() {
        return new Unit[] {c("Pa", 1, PA_PER_MMHG, 0, Kind.PRIMARY), c("hPa", 100, PA_PER_MMHG, 0, Kind.SECONDARY),
                c("kPa", 1000, PA_PER_MMHG, 0, Kind.SECONDARY), c("mmHg", 1, 1, 0, Kind.NON_SENML)};
    }

    /** A unit before it is bound to its vital's quantity, display unit and plausibility window. */
    private record Unit(String unit, double multiplier, double divisor, double offset, Kind kind) {
    }

    private static Unit c(String unit, double multiplier, double divisor, double offset, Kind kind) {
        return new Unit(unit, multiplier, divisor, offset, kind);
    }

    private static Map<String, Conversion> units(Vital vital, Quantity quantity, Unit... units) {
        Map<String, Conversion> m = new LinkedHashMap<>();
        for (Unit u : units) {
            m.put(u.unit(), new Conversion(u.unit(), u.multiplier(), u.divisor(), u.offset(), u.kind(), quantity,
                    vital.displayUnit(), vital.plausibleMin(), vital.plausibleMax()));
        }
        return Collections.unmodifiableMap(m);
    }
}

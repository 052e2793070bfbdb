package org.homeward.gateway.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-patient values an admin may change through the API (clinical-spec safety note: thresholds
 * configurable per patient, approved by a clinician). Every field is range-checked here, so a value
 * read back from the journal or a request is always one the clinical layer accepts; the clear
 * (hysteresis) levels are not part of it: they keep their programme distance from the limit.
 *
 * @param feverC              CRS-FEVER at or above, °C (37.5–40.0)
 * @param feverSamples        consecutive patch samples that confirm a fever (1–5)
 * @param feverMinutes        ... spanning at least this many minutes (0–30)
 * @param sbpLow              HYPOTENSION below, mmHg (80–120; the 85 mmHg floor stays)
 * @param spo2Low             HYPOXAEMIA below, % (80–95)
 * @param tachyHr             TACHY at or above, /min (100–180)
 * @param bradyHr             BRADY at or below, /min (30–60)
 * @param news2Spo2Scale      NEWS2 SpO2 scale, 1 or 2 (2 = hypercapnic respiratory failure, chosen by a clinician)
 */
public record ThresholdValues(double feverC, int feverSamples, int feverMinutes, double sbpLow, double spo2Low,
                              double tachyHr, double bradyHr, int news2Spo2Scale) {

    /** One changeable field: JSON name, inclusive range, whether it must be a whole number. */
    public record Field(String name, double min, double max, boolean whole) {
        /** Null when {@code v} is acceptable, else the message naming the field and its rule. */
        public String check(double v) {
            if (Double.isNaN(v) || v < min || v > max) {
                return name + " must be between " + fmt(min) + " and " + fmt(max);
            }
            if (whole && v != Math.rint(v)) {
                return name + " must be a whole number";
            }
            return null;
        }
    }

    /** Every changeable field in declaration order, with its allowed range. */
    public static final List<Field> FIELDS = List.of(
            new Field("feverC", 37.5, 40.0, false),
            new Field("feverSamples", 1, 5, true),
            new Field("feverMinutes", 0, 30, true),
            new Field("sbpLow", 80, 120, false),
            new Field("spo2Low", 80, 95, false),
            new Field("tachyHr", 100, 180, false),
            new Field("bradyHr", 30, 60, false),
            new Field("news2Spo2Scale", 1, 2, true));

    public ThresholdValues {
        double[] v = {feverC, feverSamples, feverMinutes, sbpLow, spo2Low, tachyHr, bradyHr, news2Spo2Scale};
        for (int i = 0; i < v.length; i++) {
            String why = FIELDS.get(i).check(v[i]);
            if (why != null) {
                throw new IllegalArgumentException(why);
            }
        }
    }

    /** The values by field name, in {@link #FIELDS} order. */
    public Map<String, Number> asMap() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("feverC", feverC);
        m.put("feverSamples", feverSamples);
        m.put("feverMinutes", feverMinutes);
        m.put("sbpLow", sbpLow);
        m.put("spo2Low", spo2Low);
        m.put("tachyHr", tachyHr);
        m.put("bradyHr", bradyHr);
        m.put("news2Spo2Scale", news2Spo2Scale);
        return m;
    }

    /** Builds from a name → value map holding every field (e.g. {@link #asMap()} with some values replaced). */
    public static ThresholdValues of(Map<String, ? extends Number> m) {
        for (Field f : FIELDS) {
            if (m.get(f.name()) == null) {
                throw new IllegalArgumentException(f.name() + " is required");
            }
        }
        return new ThresholdValues(m.get("feverC").doubleValue(), whole(m, "feverSamples"), whole(m, "feverMinutes"),
                m.get("sbpLow").doubleValue(), m.get("spo2Low").doubleValue(), m.get("tachyHr").doubleValue(),
                m.get("bradyHr").doubleValue(), whole(m, "news2Spo2Scale"));
    }

    private static int whole(Map<String, ? extends Number> m, String name) {
        double d = m.get(name).doubleValue();
        if (d != Math.rint(d)) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
        return (int) d;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}

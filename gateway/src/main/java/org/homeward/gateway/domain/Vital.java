package org.homeward.gateway.domain;

import java.util.Locale;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of measured quantities (clinical-spec §3.3). Each constant knows its SenML record
 * name, its LOINC code (null where no vital-signs profile exists), the canonical UCUM unit, the
 * IEEE 11073-10101 observation and unit codes, and the hard plausibility window (§4.1) in the
 * canonical unit. Values outside that window are sensor garbage and never reach scores or alarms.
 */
public enum Vital {
    TEMP("temp", "8310-5", "Body temperature", "Cel", "°C", 150364, 268192, 25.0, 45.0, true),
    SPO2("spo2", "2708-6", "Oxygen saturation in Arterial blood", "%", "%", 150456, 262688, 50.0, 100.0, true),
    HR("hr", "8867-4", "Heart rate", "/min", "/min", 149530, 264864, 20.0, 300.0, true),
    RR("rr", "9279-1", "Respiratory rate", "/min", "/min", 151562, 264928, 3.0, 70.0, true),
    SBP("sbp", "8480-6", "Systolic blood pressure", "mm[Hg]", "mmHg", 150021, 266016, 50.0, 300.0, true),
    DBP("dbp", "8462-4", "Diastolic blood pressure", "mm[Hg]", "mmHg", 150022, 266016, 20.0, 200.0, true),
    WEIGHT("weight", "29463-7", "Body weight", "kg", "kg", 188736, 263875, 20.0, 250.0, true),
    /** Perfusion index, in percent (PI = AC/DC x 100). Drives the SpO2 quality gate, not a vital sign. */
    PI("pi", null, "Perfusion index", "%", "%", 150448, 262688, 0.0, 100.0, false),
    /** Battery charge in percent. */
    BAT("bat", null, "Battery", "%", "%", 0, 262688, 0.0, 100.0, false),
    /** Activity level (acceleration magnitude, m/s2): the oximeter motion gate. */
    ACT("act", null, "Activity level", "m/s2", "m/s²", 0, 0, 0.0, 200.0, false),
    /** Wear state: 1 worn, 0 off-body. */
    WEAR("wear", null, "Worn on body", "1", "", 0, 0, 0.0, 1.0, false),
    /** Cellular signal strength reported by the device (dBm). */
    RSSI("rssi", null, "Signal strength", "dB[mW]", "dBm", 0, 0, -150.0, 0.0, false),
    /** Connection notice on the status channel (the MQTT will): 0 = going offline, 1 = online. */
    ONLINE("online", null, "Online", "1", "", 0, 0, 0.0, 1.0, false);

    /** LOINC 59408-5, the pulse-oximetry coding carried next to 2708-6 (clinical-spec §3.1). */
    public static final String LOINC_SPO2_PULSE_OXIMETRY = "59408-5";

    private final String senmlName;
    private final String loinc;
    private final String display;
    private final String ucum;
    private final String displayUnit;
    private final int mdcCode;
    private final int mdcUnitCode;
    private final double plausibleMin;
    private final double plausibleMax;
    private final boolean vitalSign;

    Vital(String senmlName, String loinc, String display, String ucum, String displayUnit, int mdcCode,
          int mdcUnitCode, double plausibleMin, double plausibleMax, boolean vitalSign) {
        this.senmlName = senmlName;
        this.loinc = loinc;
        this.display = display;
        this.ucum = ucum;
        this.displayUnit = displayUnit;
        this.mdcCode = mdcCode;
        this.mdcUnitCode = mdcUnitCode;
        this.plausibleMin = plausibleMin;
        this.plausibleMax = plausibleMax;
        this.vitalSign = vitalSign;
    }

    /** The SenML record name (after the base name), e.g. {@code temp}. */
    public String senmlName() { return senmlName; }
    /** LOINC code for the FHIR vital-signs profile, or null where none exists. */
    public String loinc() { return loinc; }
    public String display() { return display; }
    /** Canonical UCUM unit of every stored value. */
    public String ucum() { return ucum; }
    /** Unit as shown to people. */
    public String displayUnit() { return displayUnit; }
    /** IEEE 11073-10101 observation code; 0 where none is defined. */
    public int mdcCode() { return mdcCode; }
    /** IEEE 11073-10101 unit code; 0 where none is defined. */
    public int mdcUnitCode() { return mdcUnitCode; }
    public double plausibleMin() { return plausibleMin; }
    public double plausibleMax() { return plausibleMax; }
    /** True for the vital signs proper (scored, alarmed, forwarded as FHIR vital-signs). */
    public boolean isVitalSign() { return vitalSign; }

    public boolean isPlausible(double canonicalValue) {
        return canonicalValue >= plausibleMin && canonicalValue <= plausibleMax;
    }

    /**
     * Record name → vital, {@code pr} as an alias of {@code hr}. Looked up once per SenML record: a map
     * instead of a scan of {@code values()} (which copies the array on every call; 2 % of the CPU samples
     * of the throughput profile, docs/benchmarks.md) and no lower-casing when the name already is.
     */
    private static final Map<String, Vital> BY_SENML_NAME = bySenmlName();

    private static Map<String, Vital> bySenmlName() {
        Map<String, Vital> m = new HashMap<>();
        for (Vital v : values()) {
            m.put(v.senmlName, v);
        }
        m.put("pr", HR);
        return Map.copyOf(m);
    }

    /** Looks a SenML record name up (any case), accepting {@code pr} as an alias of {@code hr}. */
    public static Optional<Vital> fromSenmlName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Vital v = BY_SENML_NAME.get(name);
        if (v == null) {
            v = BY_SENML_NAME.get(name.toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(v);
    }
}

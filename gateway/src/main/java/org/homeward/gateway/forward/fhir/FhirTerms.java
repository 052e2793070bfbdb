package org.homeward.gateway.forward.fhir;

import org.homeward.gateway.domain.Vital;

/** Systems, profiles and extension URLs the FHIR sink writes (clinical-spec §3.1–3.4). */
public final class FhirTerms {
    public static final String LOINC = "http://loinc.org";
    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String MDC = "urn:iso:std:iso:11073:10101";
    public static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    public static final String GATEWAY_DEVICE = "http://hl7.org/fhir/StructureDefinition/observation-gatewayDevice";
    public static final String PROFILE_BASE = "http://hl7.org/fhir/StructureDefinition/";
    /** valueBoolean true on a reading the device buffered offline and sent late (issued = received time). */
    public static final String LATE_READING = "urn:homeward:fhir:extension:late-reading";
    /** valueCode {@code low-confidence} on a reading measured with a poor signal. */
    public static final String SIGNAL_QUALITY = "urn:homeward:fhir:extension:signal-quality";
    /** Identifier system of the alarm instance a Flag stands for. */
    public static final String ALARM_ID = "urn:homeward:alarm-id";
    /** Code system of alarm rules (CRS-FEVER, HYPOXAEMIA, ...). */
    public static final String ALARM_RULE = "urn:homeward:alarm-rule";
    /** R4's standard Flag priority extension (valueCodeableConcept from {@link #FLAG_PRIORITY_CODES}). */
    public static final String FLAG_PRIORITY = "http://hl7.org/fhir/StructureDefinition/flag-priority";
    public static final String FLAG_PRIORITY_CODES = "http://hl7.org/fhir/flag-priority-code";
    /** R4 observation interpretation codes (H, L, HH, LL, N). */
    public static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    /** Extensions on a Flag: alarm lifecycle state and who acknowledged it. */
    public static final String ALARM_STATE = "urn:homeward:fhir:extension:alarm-state";
    public static final String ALARM_ACK_BY = "urn:homeward:fhir:extension:alarm-acknowledged-by";
    public static final String BP_PANEL_LOINC = "85354-9";
    public static final int BP_PANEL_MDC = 150020;

    private FhirTerms() {
    }

    /** The R4 vital-signs profile of a single vital (SBP/DBP alone use the generic vitalsigns profile). */
    static String profile(Vital v) {
        return PROFILE_BASE + switch (v) {
            case TEMP -> "bodytemp";
            case SPO2 -> "oxygensat";
            case HR -> "heartrate";
            case RR -> "resprate";
            case WEIGHT -> "bodyweight";
            default -> "vitalsigns";
        };
    }
}

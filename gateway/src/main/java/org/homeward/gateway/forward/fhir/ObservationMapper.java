package org.homeward.gateway.forward.fhir;

import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.homeward.gateway.clinical.News2Bands;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;

/**
 * Reading → R4 vital-signs Observation (clinical-spec §3.1–3.4): profile, category, LOINC (+59408-5
 * for SpO2) and MDC codings, UCUM quantity, measurement time as effectiveDateTime, receive time
 * as issued, subject/device references, the PHD gatewayDevice extension, the idempotency key as
 * identifier, and markers for late and low-confidence readings. Stateless.
 */
final class ObservationMapper {
    private final String identifierSystem;
    private final Reference gatewayDevice;

    ObservationMapper(String identifierSystem, String gatewayId) {
        this.identifierSystem = identifierSystem;
        this.gatewayDevice = new Reference(FhirIds.device(gatewayId));
    }

    /** A single-vital Observation. */
    Observation single(Reading r, String key) {
        Observation o = base(r, key, FhirTerms.profile(r.vital()));
        o.setCode(code(r.vital()));
        o.setValue(quantity(r));
        News2Bands.interpret(r.vital(), r.value()).ifPresent(i -> o.addInterpretation(interpretation(i)));
        News2Bands.normal(r.vital()).ifPresent(n -> o.addReferenceRange(range(r.vital(), n)));
        return o;
    }

    /** A blood-pressure panel (85354-9) with systolic and diastolic components measured together. */
    Observation bloodPressure(Reading sbp, Reading dbp, String key) {
        Observation o = base(sbp, key, FhirTerms.PROFILE_BASE + "bp");
        o.setCode(new CodeableConcept().addCoding(new Coding(FhirTerms.LOINC, FhirTerms.BP_PANEL_LOINC, "Blood pressure panel")));
        o.getCode().addCoding(new Coding(FhirTerms.MDC, String.valueOf(FhirTerms.BP_PANEL_MDC), "MDC_PRESS_BLD_NONINV"));
        Observation.ObservationComponentComponent systolic = o.addComponent().setCode(code(Vital.SBP))
                .setValue(quantity(sbp));
        News2Bands.interpret(Vital.SBP, sbp.value()).ifPresent(i -> systolic.addInterpretation(interpretation(i)));
        News2Bands.normal(Vital.SBP).ifPresent(n -> systolic.addReferenceRange(range(Vital.SBP, n)));
        o.addComponent().setCode(code(Vital.DBP)).setValue(quantity(dbp));
        if (dbp.quality() == Quality.LOW_CONFIDENCE && sbp.quality() != Quality.LOW_CONFIDENCE) {
            markLowConfidence(o);
        }
        return o;
    }

    private Observation base(Reading r, String key, String profile) {
        Observation o = new Observation();
        o.getMeta().addProfile(profile);
        o.addIdentifier().setSystem(identifierSystem).setValue(key);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory().addCoding(new Coding(FhirTerms.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs"));
        o.setSubject(new Reference(FhirIds.patient(r.patientId())));
        o.setDevice(new Reference(FhirIds.device(r.deviceId())));
        o.addExtension(FhirTerms.GATEWAY_DEVICE, gatewayDevice.copy());
        o.setEffective(new DateTimeType(new Date(r.measuredAtMillis()), TemporalPrecisionEnum.MILLI,
                TimeZone.getTimeZone("UTC")));
        o.setIssued(new Date(r.receivedAtMillis()));
        if (r.late()) {
            o.addExtension(FhirTerms.LATE_READING, new BooleanType(true));
            o.addNote().setText("Measured while the device was offline; received by the gateway at "
                    + Instant.ofEpochMilli(r.receivedAtMillis()));
        }
        if (r.quality() == Quality.LOW_CONFIDENCE) {
            markLowConfidence(o);
        }
        return o;
    }

    private static void markLowConfidence(Observation o) {
        o.addExtension(FhirTerms.SIGNAL_QUALITY, new CodeType("low-confidence"));
        o.addNote().setText("Low signal confidence (motion or low perfusion): not used for scores or alarms");
    }

    static CodeableConcept code(Vital v) {
        CodeableConcept c = new CodeableConcept().addCoding(new Coding(FhirTerms.LOINC, v.loinc(), v.display()));
        if (v == Vital.SPO2) {
            c.addCoding(new Coding(FhirTerms.LOINC, Vital.LOINC_SPO2_PULSE_OXIMETRY,
                    "Oxygen saturation in Arterial blood by Pulse oximetry"));
        }
        if (v.mdcCode() > 0) {
            c.addCoding(new Coding(FhirTerms.MDC, String.valueOf(v.mdcCode()), null));
        }
        c.setText(v.display());
        return c;
    }

    /** HL7 v3 ObservationInterpretation (H, L, HH, LL, N) from the NEWS2 band the value falls in. */
    static CodeableConcept interpretation(News2Bands.Interpretation i) {
        String display = switch (i) {
            case N -> "Normal";
            case L -> "Low";
            case LL -> "Critical low";
            case H -> "High";
            case HH -> "Critical high";
        };
        return new CodeableConcept().addCoding(new Coding(FhirTerms.INTERPRETATION, i.name(), display));
    }

    private static Observation.ObservationReferenceRangeComponent range(Vital v, News2Bands.Normal n) {
        Observation.ObservationReferenceRangeComponent r = new Observation.ObservationReferenceRangeComponent();
        r.setLow(new Quantity().setValue(n.low()).setUnit(v.displayUnit()).setSystem(FhirTerms.UCUM).setCode(v.ucum()));
        if (!Double.isNaN(n.high())) {
            r.setHigh(new Quantity().setValue(n.high()).setUnit(v.displayUnit()).setSystem(FhirTerms.UCUM)
                    .setCode(v.ucum()));
        }
        r.setText(v == Vital.SPO2 ? "NEWS2 score 0 (SpO2 Scale 1)" : "NEWS2 score 0");
        return r;
    }

    private static Quantity quantity(Reading r) {
        return new Quantity().setValue(r.value()).setUnit(r.vital().displayUnit()).setSystem(FhirTerms.UCUM)
                .setCode(r.vital().ucum());
    }
}

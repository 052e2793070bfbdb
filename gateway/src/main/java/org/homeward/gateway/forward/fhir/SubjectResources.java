package org.homeward.gateway.forward.fhir;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DeviceMetric;
import org.hl7.fhir.r4.model.Reference;
import org.homeward.gateway.domain.Vital;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * The Patient and Device resources that Observations and Flags reference, so a server that
 * enforces referential integrity (HAPI JPA's default) accepts them. Each is written with a stable
 * id ({@link FhirIds}) by {@code PUT}, in the same transaction as the resources that point at it:
 * idempotent, no search per batch, no duplicate when two gateways race, and HAPI stores no new
 * version when nothing changed. Pseudonymous by design: a Patient carries only the pseudonym as
 * identifier (no name, birth date or record number), a Device only its id (and, for the
 * gateway, a type text). Stateless.
 */
final class SubjectResources {
    /** Identifier system of a patient pseudonym. */
    static final String PATIENT_PSEUDONYM = "urn:homeward:patient-pseudonym";
    /** Identifier system of a device id (devices and the gateway). */
    static final String DEVICE_ID = "urn:homeward:device-id";

    private SubjectResources() {
    }

    /** What a DeviceMetric describes: an MDC measurement type, its text and UCUM unit. */
    record Metric(int mdc, String display, String ucum) {
        static final Metric BLOOD_PRESSURE = new Metric(FhirTerms.BP_PANEL_MDC, "Blood pressure", "mm[Hg]");

        static Metric of(Vital v) {
            return new Metric(v.mdcCode(), v.display(), v.ucum());
        }
    }

    /**
     * The DeviceMetric of one measurement type of a device, as the PHD IG's PhdDeviceMetric describes
     * one type of observation a personal health device generates: {@code type} = the MDC code,
     * {@code unit} = UCUM, {@code source} = the Device, {@code category} = measurement. Observations
     * keep {@code device} = the Device, as the PHD IG's do; the metric tells the hospital what each
     * device measures and in which unit without reading every Observation.
     */
    static DeviceMetric deviceMetric(String reference, String deviceId, Metric m) {
        DeviceMetric d = new DeviceMetric();
        d.setId(reference.substring("DeviceMetric/".length()));
        d.setType(new CodeableConcept().addCoding(new Coding(FhirTerms.MDC, String.valueOf(m.mdc()), null)).setText(m.display()));
        d.setUnit(new CodeableConcept().addCoding(new Coding(FhirTerms.UCUM, m.ucum(), m.ucum())));
        d.setSource(new Reference(FhirIds.device(deviceId)));
        d.setCategory(DeviceMetric.DeviceMetricCategory.MEASUREMENT);
        return d;
    }

    /** The resource behind a reference made by {@link FhirIds#patient} or {@link FhirIds#device}. */
    static Resource forReference(String reference, String rawId, boolean gateway) {
        if (reference.startsWith("Patient/")) {
            Patient p = new Patient();
            p.setId(reference.substring("Patient/".length()));
            p.addIdentifier().setSystem(PATIENT_PSEUDONYM).setValue(rawId);
            return p;
        }
        Device d = new Device();
        d.setId(reference.substring("Device/".length()));
        d.addIdentifier().setSystem(DEVICE_ID).setValue(rawId);
        if (gateway) {
            d.getType().setText("Homeward home-monitoring gateway");
        }
        return d;
    }
}

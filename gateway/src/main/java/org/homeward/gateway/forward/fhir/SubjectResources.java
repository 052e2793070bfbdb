package org.homeward.gateway.forward.fhir;

import org.hl7.fhir.r4.model.Device;
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

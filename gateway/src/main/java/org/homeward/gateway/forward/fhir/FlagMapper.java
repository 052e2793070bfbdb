package org.homeward.gateway.forward.fhir;

import java.util.Date;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;

/**
 * Alarm change → R4 {@code Flag} (why a Flag: docs/forwarding.md). One Flag per alarm instance,
 * identified by {@link FhirTerms#ALARM_ID}; each change is a conditional update of that Flag, so the
 * server's version history is the alarm's audit trail and the current version its state.
 * Stateless.
 */
final class FlagMapper {
    private final String identifierSystem;
    private final Reference gatewayDevice;

    FlagMapper(String identifierSystem, String gatewayId) {
        this.identifierSystem = identifierSystem;
        this.gatewayDevice = new Reference(FhirIds.device(gatewayId));
    }

    Flag flag(Alarm a, String key) {
        Flag f = new Flag();
        f.addIdentifier().setSystem(FhirTerms.ALARM_ID).setValue(a.id());
        f.addIdentifier().setSystem(identifierSystem).setValue(key);
        f.setStatus(a.state() == AlarmState.RESOLVED ? Flag.FlagStatus.INACTIVE : Flag.FlagStatus.ACTIVE);
        f.addCategory(new CodeableConcept().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/flag-category",
                a.kind() == AlarmKind.PHYSIOLOGICAL ? "clinical" : "safety", null)));
        CodeableConcept code = new CodeableConcept().addCoding(new Coding(FhirTerms.ALARM_RULE, a.rule(), null));
        code.setText(a.evidence() == null ? a.rule() : a.rule() + ": " + a.evidence());
        f.setCode(code);
        f.setSubject(new Reference(FhirIds.patient(a.patientId())));
        f.getPeriod().setStart(new Date(a.onsetMillis()));
        if (a.state() == AlarmState.RESOLVED) {
            f.getPeriod().setEnd(new Date(a.changedAtMillis()));
        }
        f.setAuthor(a.deviceId() != null ? new Reference(FhirIds.device(a.deviceId())) : gatewayDevice.copy());
        f.addExtension(FhirTerms.FLAG_PRIORITY, new CodeableConcept().addCoding(priority(a.priority())));
        f.addExtension(FhirTerms.ALARM_STATE, new CodeType(a.state().name().toLowerCase(java.util.Locale.ROOT)));
        if (a.user() != null) {
            f.addExtension(FhirTerms.ALARM_ACK_BY, new StringType(a.user()));
        }
        return f;
    }

    /** R4 flag-priority codes (PL/PM/PH: low, medium, high priority alarm; PN = no alarm is never sent). */
    static Coding priority(Priority p) {
        return switch (p) {
            case LOW -> new Coding(FhirTerms.FLAG_PRIORITY_CODES, "PL", "Low priority");
            case MEDIUM -> new Coding(FhirTerms.FLAG_PRIORITY_CODES, "PM", "Medium priority");
            case HIGH -> new Coding(FhirTerms.FLAG_PRIORITY_CODES, "PH", "High priority");
        };
    }
}

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
        this.gatewayDevice = new Reference("Device/" + gatewayId);
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
        f.setSubject(new Reference("Patient/" + a.patientId()));
        f.getPeriod().setStart(new Date(a.onsetMillis()));
        if (a.state() == AlarmState.RESOLVED) {
            f.getPeriod().setEnd(new Date(a.changedAtMillis()));
        }
        f.setAuthor(a.deviceId() != null ? new Reference("Device/" + a.deviceId()) : gatewayDevice.copy());
        f.addExtension(FhirTerms.ALARM_PRIORITY, new CodeType(a.priority().name().toLowerCase(java.util.Locale.ROOT)));
        f.addExtension(FhirTerms.ALARM_STATE, new CodeType(a.state().name().toLowerCase(java.util.Locale.ROOT)));
        if (a.user() != null) {
            f.addExtension(FhirTerms.ALARM_ACK_BY, new StringType(a.user()));
        }
        return f;
    }
}

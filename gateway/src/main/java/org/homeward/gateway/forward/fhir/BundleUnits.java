package org.homeward.gateway.forward.fhir;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.ForwardRecord;

/**
 * Turns a batch of records into transaction entries ("units"), each standing for one or two
 * records: an Observation per vital-sign reading (POST, conditional create on the key), a BP
 * panel for a systolic immediately followed by its diastolic from the same device at the same
 * time (carrying the systolic's key), a Flag per alarm change (conditional update on the alarm
 * id). Readings that are not vital signs (battery, activity, wear, signal, perfusion index) get
 * no unit. Stateless apart from its mappers.
 */
final class BundleUnits {
    /** One transaction entry and the positions, in the batch, of the records it carries. */
    record Unit(List<Integer> positions, Resource resource, Bundle.HTTPVerb verb, String url, String ifNoneExist) {
    }

    private final String identifierSystem;
    private final ObservationMapper observations;
    private final FlagMapper flags;

    BundleUnits(String identifierSystem, String gatewayId) {
        this.identifierSystem = identifierSystem;
        this.observations = new ObservationMapper(identifierSystem, gatewayId);
        this.flags = new FlagMapper(identifierSystem, gatewayId);
    }

    List<Unit> units(List<ForwardRecord> batch) {
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            ForwardRecord r = batch.get(i);
            if (r.type() == ForwardRecord.Type.ALARM) {
                units.add(new Unit(List.of(i), flags.flag(r.alarm(), r.idempotencyKey()), Bundle.HTTPVerb.PUT,
                        "Flag?identifier=" + FhirTerms.ALARM_ID + "|" + r.alarm().id(), null));
            } else if (r.reading().vital().isVitalSign()) {
                if (i + 1 < batch.size() && pairsWith(r.reading(), batch.get(i + 1))) {
                    units.add(create(List.of(i, i + 1), observations.bloodPressure(r.reading(),
                            batch.get(i + 1).reading(), r.idempotencyKey()), r.idempotencyKey()));
                    i++;
                } else {
                    units.add(create(List.of(i), observations.single(r.reading(), r.idempotencyKey()),
                            r.idempotencyKey()));
                }
            }
        }
        return units;
    }

    /** Builds a transaction Bundle of the given units. */
    static Bundle transaction(List<Unit> units) {
        Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Unit u : units) {
            Bundle.BundleEntryComponent e = b.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
                    .setResource(u.resource());
            e.getRequest().setMethod(u.verb()).setUrl(u.url()).setIfNoneExist(u.ifNoneExist());
        }
        return b;
    }

    private Unit create(List<Integer> positions, Resource resource, String key) {
        return new Unit(positions, resource, Bundle.HTTPVerb.POST, "Observation",
                "identifier=" + identifierSystem + "|" + key);
    }

    private static boolean pairsWith(Reading sbp, ForwardRecord next) {
        if (sbp.vital() != Vital.SBP || next.type() != ForwardRecord.Type.READING) {
            return false;
        }
        Reading dbp = next.reading();
        return dbp.vital() == Vital.DBP && dbp.deviceId().equals(sbp.deviceId())
                && dbp.patientId().equals(sbp.patientId()) && dbp.measuredAtMillis() == sbp.measuredAtMillis();
    }
}

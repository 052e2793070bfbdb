package org.homeward.gateway.forward.fhir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.forward.ForwardRecord;

/**
 * Turns a batch of records into transaction entries ("units"), each standing for one or more
 * records: an Observation per vital-sign reading (POST, conditional create on the key), a BP
 * panel for a systolic immediately followed by its diastolic from the same device at the same
 * time (carrying the systolic's key), one Flag per alarm (conditional update on the alarm id)
 * carrying every change of that alarm in the batch. Readings that are not vital signs (battery,
 * activity, wear, signal, perfusion index) get no unit.
 *
 * <p>At most one entry per resource per transaction: R4 says a transaction that touches the same
 * resource twice fails (a catch-up after an outage brings an alarm's "active" and "resolved" in
 * one batch), so an alarm's changes collapse into its last state; the earlier ones are confirmed
 * with it (the Flag's history then skips them, its final state is right). Every unit names the
 * Patient and Device resources it references, and each Observation the DeviceMetric of what its
 * device measured; {@link #transaction} PUTs each of them once, ahead of the units, so a server with
 * referential integrity accepts the references. Stateless apart
 * from its mappers.
 */
final class BundleUnits {
    /**
     * A resource a unit references (or, for a DeviceMetric, describes): its reference, the raw id
     * behind it, whether it is the gateway, and for a DeviceMetric what it measures (else null).
     */
    record Subject(String reference, String rawId, boolean gateway, SubjectResources.Metric metric) {
        Subject(String reference, String rawId, boolean gateway) {
            this(reference, rawId, gateway, null);
        }
    }

    /** One transaction entry, the positions (in the batch) of the records it carries, what it references. */
    record Unit(List<Integer> positions, Resource resource, Bundle.HTTPVerb verb, String url, String ifNoneExist,
                List<Subject> subjects) {
    }

    private final String identifierSystem;
    private final Subject gateway;
    private final ObservationMapper observations;
    private final FlagMapper flags;

    BundleUnits(String identifierSystem, String gatewayId) {
        this.identifierSystem = identifierSystem;
        this.gateway = new Subject(FhirIds.device(gatewayId), gatewayId, true);
        this.observations = new ObservationMapper(identifierSystem, gatewayId);
        this.flags = new FlagMapper(identifierSystem, gatewayId);
    }

    List<Unit> units(List<ForwardRecord> batch) {
        List<Unit> units = new ArrayList<>();
        Map<String, List<Integer>> alarmPositions = new LinkedHashMap<>();
        Map<String, ForwardRecord> lastChange = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            ForwardRecord r = batch.get(i);
            if (r.type() == ForwardRecord.Type.ALARM) {
                alarmPositions.computeIfAbsent(r.alarm().id(), k -> new ArrayList<>()).add(i);
                lastChange.put(r.alarm().id(), r);
            } else if (r.reading().vital().isVitalSign()) {
                if (i + 1 < batch.size() && pairsWith(r.reading(), batch.get(i + 1))) {
                    units.add(create(List.of(i, i + 1), observations.bloodPressure(r.reading(),
                            batch.get(i + 1).reading(), r.idempotencyKey()), r.idempotencyKey(), r.reading(),
                            SubjectResources.Metric.BLOOD_PRESSURE));
                    i++;
                } else {
                    units.add(create(List.of(i), observations.single(r.reading(), r.idempotencyKey()),
                            r.idempotencyKey(), r.reading(), SubjectResources.Metric.of(r.reading().vital())));
                }
            }
        }
        lastChange.forEach((id, r) -> units.add(flag(alarmPositions.get(id), r)));
        return units;
    }

    /** Builds a transaction Bundle: one PUT per distinct referenced Patient/Device, then the units. */
    static Bundle transaction(List<Unit> units) {
        Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Map<String, Subject> subjects = new LinkedHashMap<>();
        units.forEach(u -> u.subjects().forEach(s -> subjects.putIfAbsent(s.reference(), s)));
        for (Subject s : subjects.values()) {
            Resource r = s.metric() != null ? SubjectResources.deviceMetric(s.reference(), s.rawId(), s.metric())
                    : SubjectResources.forReference(s.reference(), s.rawId(), s.gateway());
            b.addEntry().setFullUrl(s.reference()).setResource(r).getRequest()
                    .setMethod(Bundle.HTTPVerb.PUT).setUrl(s.reference());
        }
        for (Unit u : units) {
            Bundle.BundleEntryComponent e = b.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID())
                    .setResource(u.resource());
            e.getRequest().setMethod(u.verb()).setUrl(u.url()).setIfNoneExist(u.ifNoneExist());
        }
        return b;
    }

    private Unit create(List<Integer> positions, Resource resource, String key, Reading r, SubjectResources.Metric m) {
        return new Unit(positions, resource, Bundle.HTTPVerb.POST, "Observation",
                "identifier=" + identifierSystem + "|" + key, List.of(patient(r.patientId()), device(r.deviceId()), gateway,
                        new Subject(FhirIds.deviceMetric(r.deviceId(), m.mdc()), r.deviceId(), false, m)));
    }

    private Unit flag(List<Integer> positions, ForwardRecord last) {
        Alarm a = last.alarm();
        Subject author = a.deviceId() != null ? device(a.deviceId()) : gateway;
        return new Unit(List.copyOf(positions), flags.flag(a, last.idempotencyKey()), Bundle.HTTPVerb.PUT,
                "Flag?identifier=" + FhirTerms.ALARM_ID + "|" + a.id(), null, List.of(patient(a.patientId()), author));
    }

    private static Subject patient(String id) {
        return new Subject(FhirIds.patient(id), id, false);
    }

    private static Subject device(String id) {
        return new Subject(FhirIds.device(id), id, false);
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

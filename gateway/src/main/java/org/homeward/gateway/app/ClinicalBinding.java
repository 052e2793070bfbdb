package org.homeward.gateway.app;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.clinical.EscalationListener;
import org.homeward.gateway.clinical.PatientOverrides;
import org.homeward.gateway.clinical.PatientMonitor;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.LearnedBaseline;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.ingest.RecordRejection;
import org.homeward.gateway.processing.ClinicalRules;
import org.homeward.gateway.domain.News2;
import org.homeward.gateway.processing.PatientProfile;
import org.homeward.gateway.domain.PatientThresholds;
import org.homeward.gateway.domain.ThresholdChange;
import org.homeward.gateway.processing.VitalBaseline;

/** Binds the clinical layer's {@link PatientMonitor} to the shards' {@link ClinicalRules} seam. */
public final class ClinicalBinding implements ClinicalRules {
    private final ClinicalSettings settings;
    private final EscalationListener escalation;

    public ClinicalBinding(ClinicalSettings settings, EscalationListener escalation) {
        this.settings = settings;
        this.escalation = escalation;
    }

    @Override
    public Monitor create(PatientProfile profile) {
        PatientMonitor m = new PatientMonitor(profile.patientId(), profile.infusionDate(), settings,
                () -> UUID.randomUUID().toString(), escalation);
        return new Monitor() {
            @Override
            public List<Alarm> onReading(Reading reading, long now) {
                return m.onReading(reading, now);
            }

            @Override
            public List<Alarm> onReadings(List<Reading> sameInstant, long now) {
                return m.onReadings(sameInstant, now);
            }

            @Override
            public List<Alarm> onRejected(String deviceId, RecordRejection rejection, long now) {
                PatientMonitor.Refused r = refused(rejection);
                return m.onRejectedRecord(deviceId, r.what(), r.reason(), r.sample(), r.detail(), now);
            }

            @Override
            public List<Alarm> onRejected(String deviceId, List<RecordRejection> rejections, long now) {
                List<PatientMonitor.Refused> refused = new ArrayList<>(rejections.size());
                for (RecordRejection r : rejections) {
                    refused.add(refused(r));
                }
                return m.onRejectedRecords(deviceId, refused, now);
            }

            @Override
            public List<Alarm> onDeviceEvent(DeviceEvent event, long now) {
                return m.onDeviceEvent(event, now);
            }

            @Override
            public List<Alarm> onManualEntry(ManualEntry entry, long now) {
                return m.onManualEntry(entry, now);
            }

            @Override
            public List<Alarm> onTick(long now) {
                return m.onTick(now);
            }

            @Override
            public long nextDueMillis() {
                return m.nextDueMillis();
            }

            @Override
            public List<Alarm> acknowledge(String alarmId, String user, String note, long now) {
                return m.acknowledge(alarmId, user, note, now);
            }

            @Override
            public List<Alarm> shelve(String alarmId, String user, long durationMillis, long now) {
                return m.shelve(alarmId, user, durationMillis, now);
            }

            @Override
            public void beginReplay() {
                m.beginReplay();
            }

            @Override
            public void restore(Alarm alarm) {
                m.restoreAlarm(alarm);
            }

            @Override
            public List<Alarm> endReplay(long now) {
                return m.endReplay(now);
            }

            @Override
            public News2 news2(long now) {
                News2 n = m.news2(now);
                return n == null || n.parts().isEmpty() ? null : n;
            }

            @Override
            public void registerDevice(String deviceId, String kind) {
                m.registerDevice(deviceId, kind, 0);
            }

            @Override
            public void registerDevice(String deviceId, String kind, long expectedIntervalMillis) {
                m.registerDevice(deviceId, kind, expectedIntervalMillis);
            }

            @Override
            public List<Alarm> changeThresholds(ThresholdChange change, long now) {
                return PatientOverrides.apply(m, change);
            }

            @Override
            public PatientThresholds thresholds() {
                return PatientOverrides.view(profile.patientId(), settings, m);
            }

            @Override
            public List<LearnedBaseline> closedBaselines() {
                return m.closedBaselines();
            }

            @Override
            public void restoreBaseline(LearnedBaseline baseline) {
                m.restoreBaseline(baseline);
            }

            @Override
            public Map<Vital, VitalBaseline> baselines(long now) {
                Map<Vital, VitalBaseline> out = new EnumMap<>(Vital.class);
                m.baselines(now).forEach((v, b) -> out.put(v,
                        new VitalBaseline(b.mean(), b.sd(), b.samples(), b.complete(), b.configured())));
                return out;
            }
        };
    }

    /** What SENSOR-FAULT keeps of a refused record: the vital's name or the record's local name. */
    private static PatientMonitor.Refused refused(RecordRejection rejection) {
        String name = rejection.name();
        int cut = Math.max(name.lastIndexOf(':'), name.lastIndexOf('/'));
        String local = cut >= 0 ? name.substring(cut + 1) : name;
        String what = Vital.fromSenmlName(local).map(Vital::senmlName).orElse(local.isEmpty() ? "record" : local);
        return new PatientMonitor.Refused(what, rejection.reason().tag(), rejection.sample(), rejection.detail());
    }
}

package org.homeward.gateway.processing;

import org.homeward.gateway.domain.News2;
import org.homeward.gateway.domain.PatientThresholds;
import org.homeward.gateway.domain.ThresholdChange;
import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.ingest.RecordRejection;

/**
 * The clinical layer as the shards see it: one {@link Monitor} per patient, called only on that
 * patient's shard thread, pure with respect to the {@code now} passed in. Each call returns the
 * alarms it created or changed (the shard journals, publishes and forwards them).
 */
public interface ClinicalRules {

    Monitor create(PatientProfile profile);

    /** Per-patient rule state. Not thread-safe; owned by one shard. */
    interface Monitor {
        List<Alarm> onReading(Reading reading, long now);

        /** Readings of one instant ({@link Reading#sameInstantEnd}); by default one by one. */
        default List<Alarm> onReadings(List<Reading> sameInstant, long now) {
            List<Alarm> out = new ArrayList<>();
            for (Reading r : sameInstant) {
                out.addAll(onReading(r, now));
            }
            return out;
        }

        List<Alarm> onRejected(String deviceId, RecordRejection rejection, long now);

        /** The refused records of one pack; by default one by one. */
        default List<Alarm> onRejected(String deviceId, List<RecordRejection> rejections, long now) {
            List<Alarm> out = new ArrayList<>();
            for (RecordRejection r : rejections) {
                out.addAll(onRejected(deviceId, r, now));
            }
            return out;
        }

        List<Alarm> onDeviceEvent(DeviceEvent event, long now);

        List<Alarm> onManualEntry(ManualEntry entry, long now);

        List<Alarm> onTick(long now);

        /**
         * When {@link #onTick} can next change anything without input ({@code Long.MIN_VALUE}: at the next
         * tick). The default keeps a monitor on every tick.
         */
        default long nextDueMillis() {
            return Long.MIN_VALUE;
        }

        List<Alarm> acknowledge(String alarmId, String user, String note, long now);

        List<Alarm> shelve(String alarmId, String user, long durationMillis, long now);

        /** Enters replay: rule state is rebuilt from journaled input, but no alarm is created or changed. */
        void beginReplay();

        /** Restores an alarm read back from the journal at start-up, without raising it again. */
        void restore(Alarm alarm);

        /** Ends replay and evaluates every rule once; returns the alarms that changed (to journal and publish). */
        List<Alarm> endReplay(long now);

        /** Current NEWS2, or null if no parameter is available. */
        News2 news2(long now);

        void registerDevice(String deviceId, String kind);

        /** As above with the device's update interval (SenML {@code ut}; 0 = the kind's default). */
        default void registerDevice(String deviceId, String kind, long expectedIntervalMillis) {
            registerDevice(deviceId, kind);
        }

        /**
         * Applies a per-patient threshold change (live, or replayed from the journal in order, with
         * {@code now} = the change's time) and re-evaluates every rule; returns the alarms that changed
         * (empty while replaying). The change's values are already range-checked.
         */
        default List<Alarm> changeThresholds(ThresholdChange change, long now) {
            return List.of();
        }

        /** The patient's thresholds, the programme's, and the change history; null when rules are off. */
        default PatientThresholds thresholds() {
            return null;
        }

        /**
         * The learned baselines no later sample can change any more, each returned once, for the owner to
         * journal (cluster mode: a take-over from a checkpoint restores them). Empty by default.
         */
        default List<org.homeward.gateway.domain.LearnedBaseline> closedBaselines() {
            return List.of();
        }

        /** Restores a journaled learned baseline (replay); it takes no more samples. No-op by default. */
        default void restoreBaseline(org.homeward.gateway.domain.LearnedBaseline baseline) {
        }

        /** The patient's baseline per vital sign that has one (learned or configured); empty by default. */
        default java.util.Map<org.homeward.gateway.domain.Vital, VitalBaseline> baselines(long now) {
            return java.util.Map.of();
        }
    }

    /** No rules: live state only (used until the clinical layer is wired, and by transport tests). */
    ClinicalRules NONE = profile -> new Monitor() {
        @Override public List<Alarm> onReading(Reading reading, long now) { return List.of(); }
        @Override public List<Alarm> onRejected(String deviceId, RecordRejection rejection, long now) { return List.of(); }
        @Override public List<Alarm> onDeviceEvent(DeviceEvent event, long now) { return List.of(); }
        @Override public List<Alarm> onManualEntry(ManualEntry entry, long now) { return List.of(); }
        @Override public List<Alarm> onTick(long now) { return List.of(); }
        @Override public List<Alarm> acknowledge(String alarmId, String user, String note, long now) { return List.of(); }
        @Override public List<Alarm> shelve(String alarmId, String user, long durationMillis, long now) { return List.of(); }
        @Override public void beginReplay() { }
        @Override public void restore(Alarm alarm) { }
        @Override public List<Alarm> endReplay(long now) { return List.of(); }
        @Override public News2 news2(long now) { return null; }
        @Override public void registerDevice(String deviceId, String kind) { }
    };
}

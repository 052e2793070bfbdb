package org.homeward.gateway.clinical;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.homeward.gateway.domain.Vital;

/** What the clinical layer tracks about one device of the patient. Mutable; shard thread only. */
final class DeviceState {
    final String deviceId;
    String kind;
    /** From SenML {@code ut} (via registerDevice); 0 = use the kind's default. */
    long expectedIntervalMillis;
    boolean offline;
    long offlineSince;
    String offlineDetail = "";
    double battery = Double.NaN;
    boolean batteryLow;
    /** {@code wear} records by measurement time: each applies to the readings it covers, not the whole pack. */
    final WearTimeline wear = new WearTimeline();
    double lastTemp = Double.NaN;
    long lastTempAt;
    long offBodyStepAt = Long.MIN_VALUE;
    boolean coldPatch;
    final Map<Vital, Long> lastReceived = new EnumMap<>(Vital.class);
    final Map<Vital, Long> lowConfidenceSince = new EnumMap<>(Vital.class);
    /** Vitals whose newest low-confidence sample was measured while the patient was moving. */
    final Set<Vital> lowConfidenceMoving = EnumSet.noneOf(Vital.class);
    final RefusedSamples refused = new RefusedSamples();
    /** This device's alarm key per technical rule, made once: the device rules ask for them at every evaluation. */
    private final Map<String, AlarmKey> keys = new java.util.HashMap<>();

    DeviceState(String deviceId, String kind) {
        this.deviceId = deviceId;
        this.kind = kind;
    }

    /** {@code AlarmKey.device(rule, deviceId)}, the same instance each time (a record: equal either way). */
    AlarmKey key(String rule) {
        AlarmKey key = keys.get(rule);
        if (key == null) {
            key = AlarmKey.device(rule, deviceId);
            keys.put(rule, key);
        }
        return key;
    }

    /** Sampling interval for gap detection, or 0 for a spot-check device (no gap alarm). */
    long interval(GapRules gaps) {
        if (expectedIntervalMillis > 0) {
            return expectedIntervalMillis;
        }
        return gaps.intervalByKind().getOrDefault(kind, 0L);
    }

    boolean isSpotThermometer() {
        return "thermometer".equals(kind);
    }

    boolean isPatch() {
        return "patch".equals(kind);
    }
}

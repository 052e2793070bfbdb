package org.homeward.gateway.clinical;

import java.util.Arrays;
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
    /**
     * This device's alarm key per technical rule, made once: the device rules ask for them at every
     * evaluation. A short array searched by the rule name's identity (the {@link Rules} constants), then by
     * equality: one cache line per device instead of a hash table, node and key string (with 10,000
     * patients each lookup was a cache miss, ~9 % of the shard under the fleet load, issue 14).
     */
    private AlarmKey[] keys = new AlarmKey[0];

    DeviceState(String deviceId, String kind) {
        this.deviceId = deviceId;
        this.kind = kind;
    }

    /** {@code AlarmKey.device(rule, deviceId)}, the same instance each time (a record: equal either way). */
    AlarmKey key(String rule) {
        for (AlarmKey k : keys) {
            if (k.rule() == rule) {
                return k;
            }
        }
        for (AlarmKey k : keys) {
            if (k.rule().equals(rule)) {
                return k;
            }
        }
        AlarmKey key = AlarmKey.device(rule, deviceId);
        keys = Arrays.copyOf(keys, keys.length + 1);
        keys[keys.length - 1] = key;
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

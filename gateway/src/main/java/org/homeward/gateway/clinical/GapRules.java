package org.homeward.gateway.clinical;

import static org.homeward.gateway.clinical.Thresholds.require;

import java.util.Map;
import java.util.Set;

/**
 * DATA-GAP rules (clinical-spec §5.4): {@code gap = now − last sample received} per stream
 * (device × vital). LOW at {@code max(lowMultiplier × interval, lowFloor(kind))}; MEDIUM at
 * {@code mediumMillis} during the high-risk window or while a HIGH physiological alarm is open.
 * The interval is the SenML {@code ut} the device reported (via {@code registerDevice}), else the
 * kind's default below. Kinds without a default interval are spot-check devices: no gap alarm.
 *
 * @param lowMultiplier       intervals missed before LOW
 * @param lowFloorMillis      minimum LOW gap by device kind
 * @param defaultLowFloorMillis LOW floor of kinds not listed
 * @param mediumMillis        MEDIUM gap
 * @param intervalByKind      default sampling interval by device kind (continuous kinds only)
 * @param vitals              the streams watched (vital signs, not battery or activity)
 * @param uploadOnlyKinds     the disconnect policy: device kinds that connect to upload and leave, so their
 *                            clean MQTT disconnect is expected (no DEVICE-OFFLINE; a missed interval is a
 *                            DATA-GAP); every other kind is expected to stay connected
 */
public record GapRules(int lowMultiplier, Map<String, Long> lowFloorMillis, long defaultLowFloorMillis,
                       long mediumMillis, Map<String, Long> intervalByKind, Set<String> vitals,
                       Set<String> uploadOnlyKinds) {
    /** Kinds that upload and disconnect by default: the spot-check devices (docs/clinical.md, "Disconnect policy"). */
    public static final Set<String> DEFAULT_UPLOAD_ONLY_KINDS = Set.of("bp-cuff", "scale", "activity", "thermometer");

    public GapRules {
        require(lowMultiplier >= 1 && defaultLowFloorMillis > 0 && mediumMillis > 0, "gap limits must be positive");
        lowFloorMillis = Map.copyOf(lowFloorMillis);
        intervalByKind = Map.copyOf(intervalByKind);
        vitals = Set.copyOf(vitals);
        uploadOnlyKinds = Set.copyOf(uploadOnlyKinds);
    }

    /** The clinical-spec [P] defaults: patch 2-min sampling, LOW at 10 min; oximeter LOW at 5 min; MEDIUM 30 min. */
    public static GapRules defaults() {
        return new GapRules(3, Map.of("patch", 10 * Delays.MINUTE, "oximeter", 5 * Delays.MINUTE),
                10 * Delays.MINUTE, 30 * Delays.MINUTE,
                Map.of("patch", 2 * Delays.MINUTE, "oximeter", Delays.SECOND, "resp-band", Delays.MINUTE,
                        "ecg", Delays.SECOND),
                Set.of("temp", "spo2", "hr", "rr"), DEFAULT_UPLOAD_ONLY_KINDS);
    }

    /** Copy with another disconnect policy. */
    public GapRules withUploadOnlyKinds(Set<String> kinds) {
        return new GapRules(lowMultiplier, lowFloorMillis, defaultLowFloorMillis, mediumMillis, intervalByKind, vitals,
                kinds);
    }

    /** True when a clean disconnect of this kind is expected (it uploads and leaves). */
    boolean uploadOnly(String kind) {
        return uploadOnlyKinds.contains(kind);
    }

    long lowAfter(String kind, long intervalMillis) {
        Long floor = lowFloorMillis.get(kind); // not getOrDefault: that boxed the default at every evaluation
        return Math.max(lowMultiplier * intervalMillis, floor != null ? floor : defaultLowFloorMillis);
    }
}

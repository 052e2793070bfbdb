package org.homeward.gateway.processing;

import org.homeward.gateway.domain.News2;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.LatestByTime;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;

/**
 * Live state of one patient. Owned by its shard thread (not thread-safe), except the trend series,
 * which HTTP threads read. Publishes immutable {@link PatientSnapshot}s.
 */
final class PatientState {
    /** Alarm values kept per patient for the history API (about a week of a busy patient's transitions). */
    static final int TRANSITIONS_KEPT = 2_000;
    private final String patientId;
    /** Newest value per vital by measurement time, not stamped in the future (see {@link LatestByTime}). */
    private final Map<Vital, LatestByTime<LatestValue>> latest = new EnumMap<>(Vital.class);
    private final Map<Vital, VitalSeries> series = new EnumMap<>(Vital.class);
    private final Map<String, MutableDevice> devices = new LinkedHashMap<>();
    private final Map<String, Alarm> openAlarms = new LinkedHashMap<>();
    /** Newest alarm values (transitions), bounded; read by HTTP threads under its own lock. */
    private final java.util.ArrayDeque<Alarm> transitions = new java.util.ArrayDeque<>();
    private final int seriesCapacity;
    private final long seriesSpacingMillis;
    private PatientProfile profile;
    private long lastDataMillis;

    PatientState(PatientProfile profile, int seriesCapacity, long seriesSpacingMillis) {
        this.patientId = profile.patientId();
        this.profile = profile;
        this.seriesCapacity = seriesCapacity;
        this.seriesSpacingMillis = seriesSpacingMillis;
    }

    String patientId() {
        return patientId;
    }

    PatientProfile profile() {
        return profile;
    }

    void profile(PatientProfile p) {
        this.profile = p;
    }

    void apply(Reading r) {
        MutableDevice d = device(r.deviceId(), "");
        d.lastSeen = Math.max(d.lastSeen, r.receivedAtMillis());
        switch (r.vital()) {
            case BAT: d.battery = r.value(); break;
            case RSSI: d.signal = r.value(); break;
            case WEAR: d.worn = r.value() >= 0.5; break;
            case ONLINE: d.online = r.value() >= 0.5; break;
            default: break;
        }
        latest.computeIfAbsent(r.vital(), v -> new LatestByTime<>()).offer(new LatestValue(r.value(),
                r.measuredAtMillis(), r.quality(), r.deviceId(), r.receivedAtMillis(), r.late()), r.measuredAtMillis(),
                r.receivedAtMillis());
        if (r.vital().isVitalSign()) {
            lastDataMillis = Math.max(lastDataMillis,
                    Math.min(r.measuredAtMillis(), r.receivedAtMillis() + LatestByTime.FUTURE_TOLERANCE_MILLIS));
        }
        VitalSeries s;
        synchronized (series) {
            s = series.computeIfAbsent(r.vital(), v -> new VitalSeries(seriesCapacity, seriesSpacingMillis));
        }
        s.add(r.measuredAtMillis(), r.value(), r.quality());
    }

    void apply(DeviceEvent e) {
        MutableDevice d = device(e.deviceId(), "");
        d.online = e.type() == DeviceEvent.Type.CONNECTED;
        d.lastSeen = Math.max(d.lastSeen, e.atMillis());
    }

    void registerDevice(String deviceId, String kind) {
        device(deviceId, kind);
    }

    /** False when the device was not listed. */
    boolean unregisterDevice(String deviceId) {
        return devices.remove(deviceId) != null;
    }

    /** The listed devices' ids, a copy. */
    List<String> deviceIds() {
        return List.copyOf(devices.keySet());
    }

    boolean hasDevice(String deviceId) {
        return devices.containsKey(deviceId);
    }

    /** The listed device's kind; empty when unknown or not listed. */
    String kind(String deviceId) {
        MutableDevice d = devices.get(deviceId);
        return d == null ? "" : d.kind;
    }

    /** The listed device's update interval from SenML {@code ut}; 0 when none or not listed. */
    long expectedInterval(String deviceId) {
        MutableDevice d = devices.get(deviceId);
        return d == null ? 0 : d.expectedIntervalMillis;
    }

    /** False (nothing kept) when the device is not listed. */
    boolean expectedInterval(String deviceId, long intervalMillis) {
        MutableDevice d = devices.get(deviceId);
        if (d != null) {
            d.expectedIntervalMillis = intervalMillis;
        }
        return d != null;
    }

    /** The alarms not yet resolved (shard thread). */
    List<Alarm> openAlarms() {
        return List.copyOf(openAlarms.values());
    }

    void apply(Alarm a) {
        synchronized (transitions) {
            if (transitions.size() == TRANSITIONS_KEPT) {
                transitions.removeFirst();
            }
            transitions.addLast(a);
        }
        if (a.isOpen()) {
            openAlarms.put(a.id(), a);
        } else {
            openAlarms.remove(a.id());
        }
    }

    private MutableDevice device(String id, String kind) {
        MutableDevice d = devices.computeIfAbsent(id, k -> new MutableDevice(k));
        if (!kind.isEmpty()) {
            d.kind = kind;
        }
        return d;
    }

    /** Retained alarm values of alarms changed at or after {@code since} or still open, oldest first. */
    List<Alarm> alarmHistory(long since) {
        List<Alarm> all;
        synchronized (transitions) {
            all = new ArrayList<>(transitions);
        }
        java.util.Set<String> keep = new java.util.HashSet<>();
        Map<String, Alarm> last = new LinkedHashMap<>();
        all.forEach(a -> last.put(a.id(), a));
        last.forEach((id, a) -> {
            if (a.isOpen() || a.changedAtMillis() >= since) {
                keep.add(id);
            }
        });
        all.removeIf(a -> !keep.contains(a.id()));
        all.sort((a, b) -> Long.compare(a.changedAtMillis(), b.changedAtMillis()));
        return all;
    }

    List<Reading> history(long since) {
        List<Reading> out = new ArrayList<>();
        Map<Vital, VitalSeries> copy;
        synchronized (series) {
            copy = new EnumMap<>(series);
        }
        copy.forEach((vital, s) -> {
            for (VitalSeries.Point p : s.since(since)) {
                out.add(new Reading("", patientId, vital, p.value(), p.atMillis(), p.atMillis(), p.quality(), "", false));
            }
        });
        out.sort((a, b) -> Long.compare(a.measuredAtMillis(), b.measuredAtMillis()));
        return out;
    }

    PatientSnapshot snapshot(long now, ZoneId zone, News2 news2, Map<Vital, VitalBaseline> baselines) {
        LocalDate day0 = profile.infusionDate();
        // LocalDate.ofInstant: the day without a ZonedDateTime (and its LocalDateTime, LocalTime) per snapshot
        int day = (int) ChronoUnit.DAYS.between(day0, LocalDate.ofInstant(Instant.ofEpochMilli(now), zone));
        List<Alarm> alarms = new ArrayList<>(openAlarms.values());
        alarms.sort((a, b) -> {
            int c = b.priority().compareTo(a.priority());
            return c != 0 ? c : Long.compare(a.onsetMillis(), b.onsetMillis());
        });
        Map<Vital, LatestValue> newest = new EnumMap<>(Vital.class);
        latest.forEach((v, l) -> {
            LatestValue lv = l.latest(now);
            if (lv != null) {
                newest.put(v, lv);
            }
        });
        List<DeviceStatus> ds = new ArrayList<>();
        devices.values().forEach(d -> ds.add(new DeviceStatus(d.id, d.kind, d.online, d.battery, d.signal, d.worn, d.lastSeen)));
        return new PatientSnapshot(patientId, profile.displayLabel(), profile.product(), day0, day, newest, news2,
                alarms, ds, lastDataMillis, baselines);
    }

    private static final class MutableDevice {
        final String id;
        String kind = "";
        boolean online;
        double battery = Double.NaN;
        double signal = Double.NaN;
        Boolean worn;
        long lastSeen;
        long expectedIntervalMillis;

        MutableDevice(String id) {
            this.id = id;
        }
    }
}

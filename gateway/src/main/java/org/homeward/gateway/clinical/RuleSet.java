package org.homeward.gateway.clinical;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.domain.ManualEntry;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.domain.News2;

/**
 * Every rule's state for one patient and the routing of inputs to it. Inputs only update state;
 * {@link #evaluate} then reports each condition's level to the alarm book. Shard thread only.
 */
final class RuleSet {
    private final Map<String, DeviceState> devices = new LinkedHashMap<>();
    private final BaselineTracker baselines = new BaselineTracker();
    private final DeviceRules deviceRules = new DeviceRules();
    private final TemperatureRules temperature = new TemperatureRules();
    private final CardioRules cardio = new CardioRules();
    private final News2Rules news = new News2Rules();
    private final NeuroRules neuro = new NeuroRules();
    private final ManualEntryRouter manual = new ManualEntryRouter(temperature, news, neuro);
    private boolean offMonitoring;

    void registerDevice(String deviceId, String kind, long expectedIntervalMillis) {
        DeviceState d = device(deviceId);
        d.kind = kind;
        d.expectedIntervalMillis = Math.max(0, expectedIntervalMillis);
    }

    void reading(Reading r, long now, ClinicalSettings s) {
        DeviceState d = device(r.deviceId());
        Quality q = deviceRules.onReading(d, r, now, s);
        if (q != Quality.OK || !r.vital().isVitalSign()) {
            return;
        }
        long at = r.measuredAtMillis();
        baselines.add(r.vital(), r.value(), at, s.delays().baselineWindowMillis());
        news.onTrusted(r, s);
        switch (r.vital()) {
            case TEMP -> temperature.onTemperature(r.value(), at, d.isSpotThermometer(),
                    baselines.baseline(Vital.TEMP, s, at), s);
            case SPO2 -> cardio.onSpo2(r.value(), at, s);
            case HR -> cardio.onHeartRate(r.value(), at, s);
            case SBP -> cardio.onSystolic(r.value(), at, baselines.baseline(Vital.SBP, s, at), s);
            default -> { }
        }
    }

    /** False when the entry's value is refused. */
    boolean manualEntry(ManualEntry e, ClinicalSettings s) {
        if (!manual.route(e, s)) {
            return false;
        }
        if (e.kind() == ManualEntry.Kind.OFF_MONITORING || e.kind() == ManualEntry.Kind.ON_MONITORING) {
            offMonitoring = e.kind() == ManualEntry.Kind.OFF_MONITORING;
        }
        return true;
    }

    /** Connection change; a revoked device is forgotten and its technical alarms reported absent. */
    void deviceEvent(DeviceEvent e, long now, ConditionSink sink) {
        if (e.type() == DeviceEvent.Type.REVOKED) {
            if (devices.remove(e.deviceId()) != null) {
                for (String rule : Rules.ALL) {
                    sink.absent(AlarmKey.device(rule, e.deviceId()), now);
                }
            }
            return;
        }
        DeviceState d = device(e.deviceId());
        boolean down = e.type() == DeviceEvent.Type.DISCONNECTED || e.type() == DeviceEvent.Type.OFFLINE_NOTICE;
        if (down && !d.offline) {
            d.offlineSince = e.atMillis();
            d.offlineDetail = e.detail();
        }
        d.offline = down;
    }

    void rejected(String deviceId, long now) {
        deviceRules.onRejected(device(deviceId), now);
    }

    void evaluate(ClinicalSettings s, long now, int day, ConditionSink sink) {
        RuleContext c = new RuleContext(s, now, day, s.window(day), offMonitoring);
        String crsNote = (temperature.febrile() ? "; with fever: hospital evaluation for CRS needed" : "")
                + temperature.therapyNote(s);
        temperature.evaluate(c, sink);
        cardio.evaluate(c, crsNote, sink);
        news.evaluate(c, sink);
        neuro.evaluate(c, sink);
        deviceRules.evaluate(devices, c, sink);
    }

    News2 news2(ClinicalSettings s, long now) {
        return news.compute(s, now);
    }

    Optional<Baseline> baseline(Vital v, ClinicalSettings s, long now) {
        return baselines.baseline(v, s, now);
    }

    List<ManualEntry> therapies() {
        return temperature.therapies();
    }

    OptionalLong bpRecheckDueBy(ClinicalSettings s) {
        return cardio.bpRecheckDueBy(s);
    }

    boolean offMonitoring() {
        return offMonitoring;
    }

    private DeviceState device(String deviceId) {
        return devices.computeIfAbsent(deviceId, id -> new DeviceState(id, "unknown"));
    }
}

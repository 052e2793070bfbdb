package org.homeward.gateway.clinical;

import java.util.EnumMap;
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
    /** Vital signs without a sample-driven rule (RR, DBP, weight…): ordered only to drop duplicates and old samples. */
    private final Map<Vital, OrderedStream<Boolean>> others = new EnumMap<>(Vital.class);
    private final ManualEntryRouter manual = new ManualEntryRouter(temperature, news, neuro);
    private boolean offMonitoring;
    /** A physiological alarm of the patient is open: readings then do not feed learned baselines. */
    private boolean inEpisode;

    void registerDevice(String deviceId, String kind, long expectedIntervalMillis) {
        DeviceState d = device(deviceId);
        d.kind = kind;
        d.expectedIntervalMillis = Math.max(0, expectedIntervalMillis);
    }

    /** Set before each reading: whether a physiological alarm of the patient is open (see {@link BaselineGate}). */
    void episode(boolean open) {
        inEpisode = open;
    }

    /**
     * Routes one reading. A trusted vital sign goes through its stream in measurement order; a duplicate
     * (same device and measurement time) or a sample beyond the reorder horizon changes no rule, baseline
     * or NEWS2 input. Returns what the stream did with it (null for a reading that is not a trusted vital sign).
     */
    OrderedStream.Outcome reading(Reading r, long now, ClinicalSettings s) {
        DeviceState d = device(r.deviceId());
        Quality q = deviceRules.onReading(d, r, now, s);
        if (q != Quality.OK || !r.vital().isVitalSign()) {
            return null;
        }
        Sample x = new Sample(r.measuredAtMillis(), r.value(), r.receivedAtMillis(), r.late(), d.isSpotThermometer());
        OrderedStream.Outcome outcome = switch (r.vital()) {
            case TEMP -> temperature.onTemperature(x, r.deviceId(), at -> baselines.baseline(Vital.TEMP, s, at), s);
            case SPO2 -> cardio.onSpo2(x, r.deviceId(), s);
            case HR -> cardio.onHeartRate(x, r.deviceId(), s);
            case SBP -> cardio.onSystolic(x, r.deviceId(), at -> baselines.baseline(Vital.SBP, s, at), s);
            default -> others.computeIfAbsent(r.vital(), v -> new OrderedStream<>(Boolean.TRUE, b -> b))
                    .add(x, r.deviceId(), s.reorderHorizonMillis(), (b, y) -> { });
        };
        if (outcome.evaluated()) {
            if (BaselineGate.learns(r, d.wear.at(x.at()), inEpisode, s.thresholds())) {
                baselines.add(r.vital(), r.value(), x.at(), s.delays().baselineWindowMillis());
            }
            news.onTrusted(r);
        }
        return outcome;
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

    /**
     * Connection change; a revoked device is forgotten and its technical alarms reported absent. A clean
     * disconnect of an upload-only kind is expected and changes nothing (the disconnect policy, {@link GapRules}).
     */
    void deviceEvent(DeviceEvent e, long now, ClinicalSettings s, ConditionSink sink) {
        if (e.type() == DeviceEvent.Type.REVOKED) {
            if (devices.remove(e.deviceId()) != null) {
                for (String rule : Rules.ALL) {
                    sink.absent(AlarmKey.device(rule, e.deviceId()), now);
                }
            }
            return;
        }
        DeviceState d = device(e.deviceId());
        if (e.cleanDisconnect() && s.gaps().uploadOnly(d.kind)) {
            d.offline = false;   // it uploaded and left as expected; DATA-GAP judges whether it comes back in time
            return;
        }
        boolean down = e.type() == DeviceEvent.Type.DISCONNECTED || e.type() == DeviceEvent.Type.OFFLINE_NOTICE;
        if (down && !d.offline) {
            d.offlineSince = e.atMillis();
            d.offlineDetail = e.detail();
        }
        d.offline = down;
    }

    void rejected(String deviceId, RefusedSamples.Refusal r) {
        deviceRules.onRejected(device(deviceId), r);
    }

    /**
     * After refused records only that device's SENSOR-FAULT can change: every other check changes with
     * readings, device events, entries or time, and time is the timer's (each edge is in {@link #dueTimes}).
     * A full evaluation here could only bring such a timed change forward to the refusal's arrival, at the
     * cost of every rule per refused pack (issue 14).
     */
    void evaluateSensorFault(String deviceId, ClinicalSettings s, long now, int day, ConditionSink sink) {
        deviceRules.sensorFault(device(deviceId), new RuleContext(s, now, day, s.window(day), offMonitoring), sink);
    }

    void evaluate(ClinicalSettings s, long now, int day, ConditionSink sink) {
        RuleContext c = new RuleContext(s, now, day, s.window(day), offMonitoring);
        String therapy = temperature.therapyNote(s);
        // the same text as ("" or the fever note) + therapy, without a new String per evaluation when there is no fever
        String crsNote = temperature.febrile() ? "; with fever: hospital evaluation for CRS needed" + therapy : therapy;
        temperature.evaluate(c, sink);
        cardio.evaluate(c, crsNote, sink);
        news.evaluate(c, sink);
        neuro.evaluate(c, sink);
        deviceRules.evaluate(devices, c, sink);
    }

    /**
     * Adds every rule's time-driven edges (see {@link DueTimes}); temperature rules change only with samples,
     * except a past episode reported once, which the next evaluation clears (due at once).
     */
    void dueTimes(ClinicalSettings s, DueTimes d) {
        if (temperature.revealedOnce() || cardio.revealedOnce()) {
            d.now();
        }
        cardio.dueTimes(s, d);
        news.dueTimes(s, d);
        neuro.dueTimes(s, d);
        deviceRules.dueTimes(devices, s, d);
    }

    News2 news2(ClinicalSettings s, long now) {
        return news.compute(s, now);
    }

    /** See {@link BaselineTracker#closed}. */
    List<org.homeward.gateway.domain.LearnedBaseline> closedBaselines(String patientId, ClinicalSettings s) {
        return baselines.closed(patientId, s.delays().baselineWindowMillis(), s.reorderHorizonMillis());
    }

    void restoreBaseline(org.homeward.gateway.domain.LearnedBaseline b) {
        baselines.restore(b);
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

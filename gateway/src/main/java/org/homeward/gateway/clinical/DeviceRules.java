package org.homeward.gateway.clinical;

import static org.homeward.gateway.domain.AlarmKind.TECHNICAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.SenmlUnits;
import org.homeward.gateway.domain.Vital;

/**
 * Technical rules (clinical-spec §4, §5.2, §5.4): DATA-GAP, DEVICE-OFFLINE, LOW-BATTERY, OFF-BODY,
 * POOR-SIGNAL, SENSOR-FAULT, UNABLE-TO-MEASURE, one open alarm per rule × device. Also the quality
 * gate: decides whether a reading is trusted enough to drive physiological rules.
 */
final class DeviceRules {
    private static final Vital[] VITALS = Vital.values();
    /** Newest high-activity sample from any of the patient's devices: the accelerometer may be another device. */
    private long highActivityAt = Long.MIN_VALUE;

    /** Records the reading's technical facts and returns its effective quality (motion and off-body hold it). */
    Quality onReading(DeviceState d, Reading r, long now, ClinicalSettings s) {
        Thresholds t = s.thresholds();
        d.lastReceived.put(r.vital(), now);
        // Only a reading received after the device went down brings it back. One received before its
        // disconnect can be evaluated after the disconnect event (it waited behind a slow fsync while the
        // event took the control lane, or sat in the log under load); in arrival order it would cancel
        // the DEVICE-OFFLINE the disconnect just started, and the alarm would never come.
        if (!d.offline || r.receivedAtMillis() > d.offlineSince) {
            d.offline = false;
        }
        switch (r.vital()) {
            case BAT -> d.battery = r.value();
            case WEAR -> d.wear.record(r.measuredAtMillis(), r.value() >= 0.5);
            case ACT -> {
                // only an acceleration is motion: a step count (act in "count") is stored and shown, never a gate
                if (SenmlUnits.quantity(r) == SenmlUnits.Quantity.ACCELERATION && r.value() >= t.motionActivity()) {
                    highActivityAt = Math.max(highActivityAt, r.measuredAtMillis());
                }
            }
            default -> { }
        }
        Quality q = r.quality();
        // a patch temperature held because the patch is probably off the body is OFF-BODY's to report, not POOR-SIGNAL's
        boolean offBodyHeld = false;
        if (r.vital() == Vital.TEMP && d.isPatch() && patchSuspect(d, r, s)) {
            q = Quality.LOW_CONFIDENCE;
            offBodyHeld = r.quality() == Quality.OK;
        }
        boolean moving = r.vital().isVitalSign() && moving(r.measuredAtMillis(), s);
        if (r.vital() == Vital.SPO2 && moving) {
            q = Quality.LOW_CONFIDENCE;
        }
        if (r.vital().isVitalSign()) {
            if (q == Quality.OK || offBodyHeld) {
                d.lowConfidenceSince.remove(r.vital());
                d.lowConfidenceMoving.remove(r.vital());
            } else {
                d.lowConfidenceSince.putIfAbsent(r.vital(), now);
                if (moving) {
                    d.lowConfidenceMoving.add(r.vital());
                } else {
                    d.lowConfidenceMoving.remove(r.vital());
                }
            }
        }
        return q;
    }

    /**
     * True when a high-activity sample was measured within the motion release time of {@code at}, before or
     * after it: the pack's own {@code act} counts whatever the record order (the shard hands a pack over
     * context first), and so does a later pack that arrived first.
     */
    private boolean moving(long at, ClinicalSettings s) {
        long release = s.delays().motionReleaseMillis();
        return highActivityAt != Long.MIN_VALUE && at - highActivityAt <= release && highActivityAt - at <= release;
    }

    private boolean patchSuspect(DeviceState d, Reading r, ClinicalSettings s) {
        Thresholds t = s.thresholds();
        long window = s.delays().offBodyStepWindowMillis();
        long at = r.measuredAtMillis();
        if (!Double.isNaN(d.lastTemp) && at < d.lastTempAt) {
            // a late sample: the step test compares neighbours in measurement time, which this one no longer has
            return r.value() < t.offBodyTempC() || Boolean.FALSE.equals(d.wear.at(at));
        }
        if (!Double.isNaN(d.lastTemp) && at - d.lastTempAt <= window && Math.abs(r.value() - d.lastTemp) > t.offBodyStepC()) {
            d.offBodyStepAt = at;
        }
        d.lastTemp = r.value();
        d.lastTempAt = at;
        d.coldPatch = r.value() < t.offBodyTempC();
        boolean recentStep = d.offBodyStepAt != Long.MIN_VALUE && at - d.offBodyStepAt < window;
        return d.coldPatch || recentStep || Boolean.FALSE.equals(d.wear.at(r.measuredAtMillis()));
    }

    void onRejected(DeviceState d, RefusedSamples.Refusal r) {
        d.refused.add(r);
    }

    void evaluate(Map<String, DeviceState> devices, RuleContext c, ConditionSink sink) {
        for (DeviceState d : devices.values()) {
            gap(d, c, sink);
            offline(d, c, sink);
            battery(d, c, sink);
            offBody(d, c, sink);
            signal(d, c, sink);
            sensorFault(d, c, sink);
        }
    }

    /**
     * Every edge the checks below compare {@code now} against: DATA-GAP LOW and MEDIUM per stream, the
     * offline delay, the signal holds (both motion variants), "still receiving", and refusals leaving the
     * SENSOR-FAULT window. Battery and off-body change only with input.
     */
    void dueTimes(Map<String, DeviceState> devices, ClinicalSettings s, DueTimes due) {
        GapRules g = s.gaps();
        Delays dl = s.delays();
        for (DeviceState d : devices.values()) {
            long interval = d.interval(g);
            long gapLow = g.lowAfter(d.kind, interval);
            long signalLow = g.lowAfter(d.kind, Math.max(1, interval));
            for (Vital v : VITALS) {
                Long received = d.lastReceived.get(v);
                if (received != null) {
                    due.elapsed(received, gapLow);
                    due.elapsed(received, g.mediumMillis());
                    due.elapsed(received, signalLow);
                }
                Long since = d.lowConfidenceSince.get(v);
                if (since != null) {
                    due.elapsed(since, dl.maxHoldMillis());
                    due.elapsed(since, dl.motionMaxHoldMillis());
                    due.elapsed(since, dl.poorSignalMillis());
                    due.elapsed(since, dl.motionPoorSignalMillis());
                }
            }
            if (d.offline) {
                due.elapsed(d.offlineSince, dl.offlineDelayMillis());
            }
            d.refused.dueTimes(dl.sensorFaultWindowMillis(), due);
        }
    }

    private void gap(DeviceState d, RuleContext c, ConditionSink sink) {
        AlarmKey key = d.key(Rules.DATA_GAP);
        GapRules g = c.settings().gaps();
        long interval = d.interval(g);
        Priority worst = null;
        List<String> stale = new ArrayList<>();
        if (interval > 0 && !c.offMonitoring()) {
            // by vital in EnumMap order with get(), not entrySet(): EnumMap's iterator makes an Entry per element
            for (Vital v : VITALS) {
                Long received = d.lastReceived.get(v);
                if (received == null || !g.vitals().contains(v.senmlName())) {
                    continue;
                }
                long gap = c.now() - received;
                if (gap < g.lowAfter(d.kind, interval)) {
                    continue;
                }
                boolean medium = gap >= g.mediumMillis()
                        && (c.window() == DayWindow.HIGH_RISK || sink.anyOpenHighPhysiological());
                Priority p = medium ? Priority.MEDIUM : Priority.LOW;
                worst = worst == null || p.compareTo(worst) > 0 ? p : worst;
                stale.add(v.senmlName() + " " + Times.minutes(gap));
            }
        }
        if (worst == null) {
            sink.absent(key, c.now());
        } else {
            sink.present(new Condition(key, TECHNICAL, worst, () -> "no data from " + d.kind + " for " + String.join(", ", stale)
                    + " (expected every " + Times.minutes(interval) + ")"), c.now());
        }
    }

    private void offline(DeviceState d, RuleContext c, ConditionSink sink) {
        AlarmKey key = d.key(Rules.DEVICE_OFFLINE);
        if (d.offline && !c.offMonitoring() && c.now() - d.offlineSince >= c.settings().delays().offlineDelayMillis()) {
            sink.present(new Condition(key, TECHNICAL, c.priority(Rules.DEVICE_OFFLINE), () -> d.kind + " offline since "
                    + Times.iso(d.offlineSince) + (d.offlineDetail.isEmpty() ? "" : " (" + d.offlineDetail + ")")), c.now());
        } else {
            sink.absent(key, c.now());
        }
    }

    private void battery(DeviceState d, RuleContext c, ConditionSink sink) {
        AlarmKey key = d.key(Rules.LOW_BATTERY);
        Thresholds t = c.settings().thresholds();
        if (d.battery < t.batteryLowPercent()) {
            d.batteryLow = true;
        } else if (Double.isNaN(d.battery) || d.battery >= t.batteryClearPercent()) {
            d.batteryLow = false;
        }
        if (d.batteryLow) {
            sink.present(new Condition(key, TECHNICAL, c.priority(Rules.LOW_BATTERY),
                    () -> d.kind + " battery " + Times.num(d.battery) + " %"), c.now());
        } else {
            sink.absent(key, c.now());
        }
    }

    private void offBody(DeviceState d, RuleContext c, ConditionSink sink) {
        AlarmKey key = d.key(Rules.OFF_BODY);
        long window = c.settings().delays().offBodyStepWindowMillis();
        boolean step = d.offBodyStepAt != Long.MIN_VALUE && d.lastTempAt - d.offBodyStepAt < window;
        String why = Boolean.FALSE.equals(d.wear.latest()) ? "device reports not worn"
                : d.isPatch() && d.coldPatch ? "patch temperature " + Times.num(d.lastTemp) + " °C below "
                + Times.num(c.settings().thresholds().offBodyTempC()) + " °C"
                : d.isPatch() && step ? "patch temperature step above " + Times.num(c.settings().thresholds().offBodyStepC())
                + " °C within " + Times.minutes(window) : null;
        if (why == null) {
            sink.absent(key, c.now());
        } else {
            sink.present(new Condition(key, TECHNICAL, c.priority(Rules.OFF_BODY), () -> "probably off-body: " + why), c.now());
        }
    }

    private void signal(DeviceState d, RuleContext c, ConditionSink sink) {
        Delays dl = c.settings().delays();
        long lowAfter = c.settings().gaps().lowAfter(d.kind, Math.max(1, d.interval(c.settings().gaps())));
        Long spo2Since = d.lowConfidenceSince.get(Vital.SPO2);
        boolean spo2Moving = d.lowConfidenceMoving.contains(Vital.SPO2);
        long hold = spo2Moving ? dl.motionMaxHoldMillis() : dl.maxHoldMillis();
        boolean unable = spo2Since != null && c.now() - spo2Since >= hold && receiving(d, Vital.SPO2, c, lowAfter);
        AlarmKey unableKey = d.key(Rules.UNABLE_TO_MEASURE);
        if (unable) {
            String row = spo2Moving ? Rules.UNABLE_TO_MEASURE_MOVING : Rules.UNABLE_TO_MEASURE;
            sink.present(new Condition(unableKey, TECHNICAL, c.priority(row), () ->
                    "unable to measure SpO2: low-confidence signal for " + Times.minutes(c.now() - spo2Since)
                            + (spo2Moving ? " while the patient moves (max hold during motion " : " (max hold ")
                            + Times.minutes(hold) + ")"), c.now());
        } else {
            sink.absent(unableKey, c.now());
        }
        List<String> poor = new ArrayList<>();
        for (Vital v : VITALS) { // EnumMap order, without a capturing lambda and an Entry per element
            Long since = d.lowConfidenceSince.get(v);
            if (since == null) {
                continue;
            }
            boolean moving = d.lowConfidenceMoving.contains(v);
            long after = moving ? dl.motionPoorSignalMillis() : dl.poorSignalMillis();
            if (!(unable && v == Vital.SPO2) && c.now() - since >= after && receiving(d, v, c, lowAfter)) {
                poor.add(v.senmlName() + " for " + Times.minutes(c.now() - since) + (moving ? " while moving" : ""));
            }
        }
        AlarmKey key = d.key(Rules.POOR_SIGNAL);
        if (poor.isEmpty()) {
            sink.absent(key, c.now());
        } else {
            sink.present(new Condition(key, TECHNICAL, c.priority(Rules.POOR_SIGNAL), () ->
                    "device reports poor signal: " + String.join(", ", poor)), c.now());
        }
    }

    /** Poor signal means data arrives but is untrusted; when nothing arrives that is a DATA-GAP instead. */
    private static boolean receiving(DeviceState d, Vital v, RuleContext c, long lowAfter) {
        Long last = d.lastReceived.get(v);
        return last != null && c.now() - last < lowAfter;
    }

    void sensorFault(DeviceState d, RuleContext c, ConditionSink sink) {
        long window = c.settings().delays().sensorFaultWindowMillis();
        d.refused.expire(c.now(), window);
        AlarmKey key = d.key(Rules.SENSOR_FAULT);
        if (d.refused.distinct() >= c.settings().thresholds().sensorFaultCount()) {
            // described when the alarm is raised or re-alerted, not at each refused pack while it stands
            sink.present(new Condition(key, TECHNICAL, c.priority(Rules.SENSOR_FAULT),
                    () -> d.kind + ": " + d.refused.describe(Times.minutes(window))), c.now());
        } else {
            sink.absent(key, c.now());
        }
    }
}

package org.homeward.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.processing.DeviceStatus;
import org.homeward.gateway.processing.LatestValue;
import org.homeward.gateway.domain.News2;
import org.homeward.gateway.processing.PatientSnapshot;
import org.homeward.gateway.processing.VitalBaseline;

/**
 * The JSON shapes of the API and the live view (documented in docs/api.md). Times are given both
 * as ISO-8601 ({@code at}) and epoch milliseconds ({@code atMillis}); ages are computed against
 * the server time passed in, which every message also carries so the page can keep ages current.
 *
 * <p>Threading: stateless, safe from any thread.
 */
final class JsonViews {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Census order: highest open alarm priority first, then NEWS2 total, then pseudonym. */
    static final Comparator<PatientSnapshot> ACUITY = Comparator
            .comparingInt(JsonViews::worstPriorityRank).reversed()
            .thenComparing(Comparator.comparingInt((PatientSnapshot p) -> p.news2() == null ? -1 : p.news2().total())
                    .reversed())
            .thenComparing(PatientSnapshot::patientId);

    private JsonViews() {
    }

    static ObjectNode patient(PatientSnapshot p, long now) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("pseudonym", p.patientId());
        n.put("displayLabel", p.displayLabel());
        n.put("product", p.product());
        n.put("infusionDate", p.infusionDate() == null ? null : p.infusionDate().toString());
        n.put("day", p.dayPostInfusion());
        n.put("dayLabel", "D+" + p.dayPostInfusion());
        ObjectNode latest = n.putObject("latest");
        for (Map.Entry<Vital, LatestValue> e : p.latest().entrySet()) {
            latest.set(e.getKey().senmlName(), latestValue(e.getKey(), e.getValue(), now));
        }
        n.set("news2", news2(p.news2()));
        ArrayNode alarms = n.putArray("alarms");
        p.openAlarms().forEach(a -> alarms.add(alarm(a, now)));
        n.set("worstAlarm", p.openAlarms().stream().max(Comparator.comparing(Alarm::priority))
                .map(a -> (com.fasterxml.jackson.databind.JsonNode) alarm(a, now)).orElse(null));
        ArrayNode devices = n.putArray("devices");
        p.devices().forEach(d -> devices.add(device(d, now)));
        putTime(n, "lastData", p.lastDataMillis());
        putAge(n, "dataAgeSeconds", p.lastDataMillis(), now);
        n.set("baselines", baselines(p.baselines()));
        return n;
    }

    /** Baseline per vital ({@code temp}, {@code hr}, …) with the ±2 SD band the patient page shades. */
    static ObjectNode baselines(Map<Vital, VitalBaseline> baselines) {
        ObjectNode n = MAPPER.createObjectNode();
        baselines.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            VitalBaseline b = e.getValue();
            n.putObject(e.getKey().senmlName()).put("mean", b.mean()).put("sd", b.sd()).put("low", b.low())
                    .put("high", b.high()).put("bandSd", VitalBaseline.BAND_SD).put("samples", b.samples())
                    .put("complete", b.complete()).put("configured", b.configured());
        });
        return n;
    }

    static ArrayNode patients(List<PatientSnapshot> list, long now) {
        ArrayNode arr = MAPPER.createArrayNode();
        list.stream().sorted(ACUITY).forEach(p -> arr.add(patient(p, now)));
        return arr;
    }

    static ObjectNode latestValue(Vital v, LatestValue lv, long now) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("value", shown(lv.value()));
        n.put("unit", v.displayUnit());
        putTime(n, "at", lv.measuredAtMillis());
        putAge(n, "ageSeconds", lv.measuredAtMillis(), now);
        n.put("quality", quality(lv.quality()));
        n.put("deviceId", lv.deviceId());
        n.put("late", lv.late());
        n.put("arrivalDelaySeconds", lv.arrivalDelayMillis() / 1000);
        return n;
    }

    static ObjectNode news2(News2 s) {
        if (s == null) {
            return null;
        }
        ObjectNode n = MAPPER.createObjectNode();
        n.put("total", s.total());
        n.put("partial", s.partial());
        ArrayNode missing = n.putArray("missing");
        s.missing().forEach(missing::add);
        ObjectNode parts = n.putObject("parts");
        s.parts().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> parts.put(e.getKey(), e.getValue()));
        n.put("anyThree", s.anyThree());
        n.put("spo2Scale", s.spo2Scale());
        return n;
    }

    static ObjectNode alarm(Alarm a, long now) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", a.id());
        n.put("patient", a.patientId());
        n.put("rule", a.rule());
        n.put("kind", a.kind().name().toLowerCase(Locale.ROOT));
        n.put("priority", a.priority().name());
        n.put("state", a.state().name());
        putTime(n, "onset", a.onsetMillis());
        putTime(n, "changedAt", a.changedAtMillis());
        putAge(n, "ageSeconds", a.onsetMillis(), now);
        n.put("user", a.user());
        n.put("note", a.note());
        n.put("evidence", a.evidence());
        n.put("escalationLevel", a.escalationLevel());
        n.put("deviceId", a.deviceId());
        n.put("late", a.late());
        n.put("lateSeconds", a.lateMillis() / 1000);
        return n;
    }

    static ObjectNode device(DeviceStatus d, long now) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("deviceId", d.deviceId());
        n.put("kind", d.kind());
        n.put("online", d.online());
        putNumber(n, "batteryPercent", d.batteryPercent());
        putNumber(n, "signalDbm", d.signalDbm());
        if (d.worn() == null) {
            n.putNull("worn");
        } else {
            n.put("worn", d.worn());
        }
        putTime(n, "lastSeen", d.lastSeenMillis());
        putAge(n, "ageSeconds", d.lastSeenMillis(), now);
        return n;
    }

    /**
     * A value as the API shows it: at most 3 decimals. Trends are kept as floats (4 bytes a point) and
     * converted units carry binary noise (37.79 stored as 37.790000915527344); no vital sign is measured
     * finer than a thousandth. Forwarders read the journal, not this.
     */
    static double shown(double value) {
        if (!Double.isFinite(value) || Math.abs(value) >= 1e12) {
            return value;
        }
        return Math.round(value * 1_000d) / 1_000d;
    }

    /** History as one series per vital: {@code points} are {@code [epochMillis, value, lowConfidence 0|1]}. */
    static ObjectNode history(String patientId, long since, List<Reading> readings) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("patient", patientId);
        putTime(n, "since", since);
        ObjectNode series = n.putObject("series");
        for (Reading r : readings) {
            ObjectNode s = (ObjectNode) series.get(r.vital().senmlName());
            if (s == null) {
                s = series.putObject(r.vital().senmlName());
                s.put("unit", r.vital().displayUnit());
                s.putArray("points");
            }
            ((ArrayNode) s.get("points")).addArray().add(r.measuredAtMillis()).add(shown(r.value()))
                    .add(r.quality() == Quality.OK ? 0 : 1);
        }
        return n;
    }

    static String quality(Quality q) {
        return q.name().toLowerCase(Locale.ROOT);
    }

    private static int worstPriorityRank(PatientSnapshot p) {
        return p.openAlarms().stream().mapToInt(a -> a.priority().ordinal()).max().orElse(-1);
    }

    static void putTime(ObjectNode n, String field, long millis) {
        if (millis <= 0) {
            n.putNull(field);
            n.putNull(field + "Millis");
        } else {
            n.put(field, Instant.ofEpochMilli(millis).toString());
            n.put(field + "Millis", millis);
        }
    }

    private static void putAge(ObjectNode n, String field, long millis, long now) {
        if (millis <= 0) {
            n.putNull(field);
        } else {
            n.put(field, Math.max(0, (now - millis) / 1000));
        }
    }

    private static void putNumber(ObjectNode n, String field, double v) {
        if (Double.isNaN(v)) {
            n.putNull(field);
        } else {
            n.put(field, v);
        }
    }

    /** Alarm analytics: rates per patient-day by rule and priority, time to acknowledge in seconds, shares. */
    static ObjectNode analytics(org.homeward.gateway.clinical.AlarmAnalytics.Report r) {
        ObjectNode n = MAPPER.createObjectNode();
        ObjectNode rates = n.putObject("alarmsPerPatientDay");
        r.alarmsPerPatientDay().forEach((rule, byPriority) -> {
            ObjectNode o = rates.putObject(rule);
            byPriority.forEach((p, v) -> o.put(p.name(), v));
        });
        ObjectNode ack = n.putObject("timeToAcknowledge");
        r.timeToAck().forEach((p, a) -> ack.putObject(p.name()).put("count", a.count())
                .put("medianSeconds", a.medianMillis() / 1000.0).put("p90Seconds", a.p90Millis() / 1000.0)
                .put("maxSeconds", a.maxMillis() / 1000.0));
        n.put("resolved", r.resolved());
        n.put("acknowledged", r.acknowledged());
        n.put("autoCleared", r.autoCleared());
        n.put("shareAcknowledged", r.shareAcknowledged());
        n.put("shareAutoCleared", r.shareAutoCleared());
        return n;
    }
}

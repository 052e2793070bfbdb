package org.homeward.gateway.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.homeward.gateway.clinical.AlarmAnalytics;
import org.homeward.gateway.domain.Alarm;

/**
 * {@code GET /api/analytics/alarms?days=N}: alarm-fatigue figures ({@link AlarmAnalytics}) over the alarms
 * the gateway knows. The input is {@code PatientQuery.alarms(false)}, which holds the <em>current value</em>
 * of each alarm only, not every journaled transition: an alarm acknowledged and later resolved shows its
 * resolution time as the acknowledgement time (an upper bound), and an acknowledged alarm that was
 * re-alerted counts as unacknowledged. Patient-days are {@code monitored patients × days} (every patient
 * is assumed monitored for the whole window). The response says so in {@code basis}.
 */
final class AlarmAnalyticsView {
    static final int DEFAULT_DAYS = 7;
    static final int MAX_DAYS = 90;
    static final String BASIS = "current value of each alarm raised in the window (not the journaled transitions);"
            + " patient-days = monitored patients x days";

    private AlarmAnalyticsView() {
    }

    /** The {@code days} query parameter: a whole number 1–90, default 7. */
    static int days(String param) {
        if (param == null) {
            return DEFAULT_DAYS;
        }
        if (!param.matches("[0-9]{1,3}") || Integer.parseInt(param) < 1 || Integer.parseInt(param) > MAX_DAYS) {
            throw new BadRequest("bad_days", "days must be a whole number 1-" + MAX_DAYS);
        }
        return Integer.parseInt(param);
    }

    /** Figures for alarms whose onset lies in the last {@code days} days before {@code now}. */
    static ObjectNode report(List<Alarm> alarms, int patients, int days, long now) {
        long from = now - days * 86_400_000L;
        List<Alarm> inWindow = alarms.stream().filter(a -> a.onsetMillis() >= from && a.onsetMillis() <= now).toList();
        double patientDays = Math.max(1, patients) * (double) days;
        AlarmAnalytics.Report r = AlarmAnalytics.analyse(inWindow, patientDays);
        ObjectNode n = JsonViews.analytics(r);
        n.put("days", days);
        n.put("from", Instant.ofEpochMilli(from).toString());
        n.put("to", Instant.ofEpochMilli(now).toString());
        n.put("patients", patients);
        n.put("patientDays", patientDays);
        n.put("alarms", inWindow.size());
        n.put("basis", BASIS);
        n.put("serverTime", now);
        return n;
    }
}

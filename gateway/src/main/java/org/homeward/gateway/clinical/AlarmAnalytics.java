package org.homeward.gateway.clinical;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;

/**
 * Alarm-fatigue figures (clinical-spec §5.3) from a list of alarm values as journaled (several values
 * per alarm id, any order). An alarm counts under the rule and priority of its first value. It counts
 * as acknowledged when any value is ACKNOWLEDGED or its RESOLVED value names a user (acknowledged
 * after the condition cleared); a RESOLVED value without a user means auto-cleared. Stateless.
 */
public final class AlarmAnalytics {

    /**
     * @param alarmsPerPatientDay rule → priority → alarms per patient-day
     * @param timeToAck           priority → time from onset to first acknowledgement
     * @param resolved            alarms that reached RESOLVED
     * @param acknowledged        of those, acknowledged by a person
     * @param autoCleared         of those, resolved because the condition went away, never acknowledged
     */
    public record Report(Map<String, Map<Priority, Double>> alarmsPerPatientDay, Map<Priority, AckStats> timeToAck,
                         long resolved, long acknowledged, long autoCleared) {
        public double shareAcknowledged() {
            return resolved == 0 ? 0.0 : (double) acknowledged / resolved;
        }

        public double shareAutoCleared() {
            return resolved == 0 ? 0.0 : (double) autoCleared / resolved;
        }
    }

    /** Time to acknowledge, in milliseconds (nearest-rank percentiles). */
    public record AckStats(int count, long medianMillis, long p90Millis, long maxMillis) {
    }

    private AlarmAnalytics() {
    }

    /**
     * @param events      alarm values (any patients)
     * @param patientDays monitored patient-days in the period (> 0)
     */
    public static Report analyse(Collection<Alarm> events, double patientDays) {
        if (!(patientDays > 0)) {
            throw new IllegalArgumentException("patientDays must be positive");
        }
        Map<String, List<Alarm>> byId = new LinkedHashMap<>();
        for (Alarm a : events) {
            byId.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(a);
        }
        Map<String, Map<Priority, Double>> rate = new TreeMap<>();
        Map<Priority, List<Long>> ack = new EnumMap<>(Priority.class);
        long resolved = 0;
        long acknowledged = 0;
        for (List<Alarm> values : byId.values()) {
            values.sort((x, y) -> Long.compare(x.changedAtMillis(), y.changedAtMillis()));
            Alarm first = values.get(0);
            rate.computeIfAbsent(first.rule(), k -> new EnumMap<>(Priority.class))
                    .merge(first.priority(), 1.0 / patientDays, Double::sum);
            Alarm ackValue = values.stream().filter(AlarmAnalytics::isAck).findFirst().orElse(null);
            if (ackValue != null) {
                ack.computeIfAbsent(first.priority(), k -> new ArrayList<>())
                        .add(ackValue.changedAtMillis() - first.onsetMillis());
            }
            if (values.stream().anyMatch(a -> a.state() == AlarmState.RESOLVED)) {
                resolved++;
                if (ackValue != null) {
                    acknowledged++;
                }
            }
        }
        Map<Priority, AckStats> stats = new EnumMap<>(Priority.class);
        ack.forEach((p, list) -> stats.put(p, stats(list)));
        return new Report(rate, stats, resolved, acknowledged, resolved - acknowledged);
    }

    private static boolean isAck(Alarm a) {
        return a.state() == AlarmState.ACKNOWLEDGED || a.state() == AlarmState.RESOLVED && a.user() != null;
    }

    private static AckStats stats(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return new AckStats(sorted.size(), rank(sorted, 0.5), rank(sorted, 0.9), sorted.get(sorted.size() - 1));
    }

    private static long rank(List<Long> sorted, double q) {
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, i));
    }
}

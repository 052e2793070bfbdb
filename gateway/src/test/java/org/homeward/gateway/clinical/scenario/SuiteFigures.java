package org.homeward.gateway.clinical.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.Priority;

/**
 * The suite's figures as Markdown: sensitivity per rule, false alarms per patient-day by priority
 * (well-patient scenarios), and median / p95 time from threshold crossing to alarm.
 */
final class SuiteFigures {
    private SuiteFigures() {
    }

    static String markdown(List<Outcome> outcomes, double wallSeconds) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d simulated patients, %.1f patient-days, played in %.1f s wall, %.1f s CPU%n%n",
                outcomes.size(), outcomes.stream().mapToDouble(o -> o.run().patientDays()).sum(), wallSeconds,
                outcomes.stream().mapToLong(Outcome::cpuMillis).sum() / 1000.0));
        sensitivity(outcomes, b);
        falseAlarms(outcomes, b);
        latency(outcomes, b);
        return b.toString();
    }

    private static void sensitivity(List<Outcome> outcomes, StringBuilder b) {
        // per rule: cases written to trigger it, cases whose true physiology crossed, detected among those,
        // and raised although the noise-free physiology never crossed
        Map<String, int[]> byRule = new TreeMap<>();
        for (Outcome o : outcomes) {
            for (String rule : o.c().expected()) {
                int[] n = byRule.computeIfAbsent(rule, k -> new int[4]);
                n[0]++;
                boolean crossed = o.trueCrossing(rule).isPresent();
                boolean raised = o.alarm(rule).isPresent();
                n[1] += crossed ? 1 : 0;
                n[2] += crossed && raised ? 1 : 0;
                n[3] += !crossed && raised ? 1 : 0;
            }
        }
        b.append("| rule | cases | true condition reached | detected | sensitivity | raised without a true crossing |\n");
        b.append("|---|---|---|---|---|---|\n");
        byRule.forEach((rule, n) -> b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.0f %% | %d |%n", rule,
                n[0], n[1], n[2], n[1] == 0 ? 0 : 100.0 * n[2] / n[1], n[3])));
        b.append('\n');
    }

    private static void falseAlarms(List<Outcome> outcomes, StringBuilder b) {
        double days = 0;
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Integer> byRule = new TreeMap<>();
        List<String> highs = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (!o.c().normal()) {
                continue;
            }
            days += o.run().patientDays();
            for (ScenarioRun.Raised r : o.run().raised()) {
                counts.merge(key(r.kind(), r.maxPriority()), 1, Integer::sum);
                byRule.merge(r.rule() + " | " + r.maxPriority(), 1, Integer::sum);
                if (r.maxPriority() == Priority.HIGH) {
                    highs.add(o.c() + " at +" + hours(r.raisedAt() - o.run().startMillis) + " h: " + r.rule() + " — " + r.evidence());
                }
            }
        }
        b.append(String.format(Locale.ROOT, "Well-patient scenarios: %.1f patient-days%n%n", days));
        b.append("| kind | priority | alarms | per patient-day | per patient-week |\n|---|---|---|---|---|\n");
        for (AlarmKind k : AlarmKind.values()) {
            for (Priority p : new Priority[] {Priority.HIGH, Priority.MEDIUM, Priority.LOW}) {
                int n = counts.getOrDefault(key(k, p), 0);
                b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f |%n", k, p, n, days == 0 ? 0 : n / days,
                        days == 0 ? 0 : 7 * n / days));
            }
        }
        b.append("\n| rule | priority | alarms | per patient-day |\n|---|---|---|---|\n");
        double d = days;
        byRule.forEach((k, n) -> b.append(String.format(Locale.ROOT, "| %s | %d | %.2f |%n", k, n, d == 0 ? 0 : n / d)));
        b.append('\n');
        highs.forEach(h -> b.append("- false HIGH: ").append(h).append('\n'));
        if (!highs.isEmpty()) {
            b.append('\n');
        }
    }

    private static void latency(List<Outcome> outcomes, StringBuilder b) {
        Map<String, List<Long>> fromRun = new TreeMap<>();
        Map<String, List<Long>> fromTruth = new TreeMap<>();
        Map<String, List<Long>> fromFirst = new TreeMap<>();
        for (Outcome o : outcomes) {
            for (String rule : o.c().expected()) {
                OptionalLong alarm = o.alarm(rule);
                if (alarm.isEmpty()) {
                    continue;
                }
                o.crossing(rule).ifPresent(t -> fromRun.computeIfAbsent(rule, k -> new ArrayList<>()).add(alarm.getAsLong() - t));
                o.trueCrossing(rule).ifPresent(t -> fromTruth.computeIfAbsent(rule, k -> new ArrayList<>()).add(alarm.getAsLong() - t));
                long first = o.oracles().get(rule).firstAbnormal();
                if (first >= 0) {
                    fromFirst.computeIfAbsent(rule, k -> new ArrayList<>()).add(alarm.getAsLong() - first);
                }
            }
        }
        b.append("Time to alarm, seconds (median / p95 / max; negative = before the crossing)\n\n");
        b.append("| rule | n | from persistent crossing | from first abnormal sample | from true (noise-free) crossing |\n");
        b.append("|---|---|---|---|---|\n");
        for (String rule : fromRun.keySet()) {
            b.append("| ").append(rule).append(" | ").append(fromRun.get(rule).size()).append(" | ")
                    .append(stats(fromRun.get(rule))).append(" | ").append(stats(fromFirst.get(rule))).append(" | ")
                    .append(stats(fromTruth.get(rule))).append(" |\n");
        }
        b.append('\n');
    }

    private static String stats(List<Long> millis) {
        if (millis == null || millis.isEmpty()) {
            return "–";
        }
        List<Long> s = new ArrayList<>(millis);
        Collections.sort(s);
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", pct(s, 50) / 1000.0, pct(s, 95) / 1000.0,
                s.get(s.size() - 1) / 1000.0);
    }

    /** Nearest-rank percentile of a sorted list. */
    private static long pct(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String key(AlarmKind k, Priority p) {
        return k + "/" + p;
    }

    private static String hours(long millis) {
        return String.format(Locale.ROOT, "%.2f", millis / 3_600_000.0);
    }
}

package org.homeward.gateway.clinical.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The messy-delivery suite's figures as Markdown (docs/clinical.md, "Messy delivery"): per delivery class
 * the share of expected HIGH alarms raised (and how many on time), false HIGH alarms (and how many stayed
 * latched), technical alarms per patient-day against the clean twins, and the time from the arrival of the
 * evidence to the alarm; then one line per miss, late alarm, false HIGH and technical overrun.
 */
final class MessyDeliveryFigures {
    private MessyDeliveryFigures() {
    }

    static String markdown(List<MessyDeliverySuite.DeliveryClass> classes, List<MessyDeliverySuite.Result> results,
                           double seconds) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Messy-delivery suite: %d cases, %.0f s%n%n", results.size(), seconds));
        b.append("| delivery class | cases | expected HIGH | raised | sensitivity | on time | false HIGH (latched) "
                + "| technical / patient-day (clean twins) | alarm after evidence, min (median / max) |\n");
        b.append("|---|---|---|---|---|---|---|---|---|\n");
        List<String> notes = new ArrayList<>();
        for (MessyDeliverySuite.DeliveryClass k : classes) {
            List<MessyDeliverySuite.Result> rs = results.stream().filter(r -> r.c().deliveryClass().equals(k.name())).toList();
            int expected = 0;
            int raised = 0;
            int onTime = 0;
            int falseHigh = 0;
            long latched = 0;
            double days = 0;
            long technical = 0;
            long cleanTechnical = 0;
            List<Long> delays = new ArrayList<>();
            for (MessyDeliverySuite.Result r : rs) {
                expected += r.expected().size();
                raised += r.detected().size();
                falseHigh += r.falseHighs().size();
                latched += r.latched();
                days += r.run().patientDays();
                technical += r.technical();
                cleanTechnical += r.cleanTechnical();
                onTime += r.onTime().size();
                for (Map.Entry<String, TruthOracle.Met> e : r.expected().entrySet()) {
                    ScenarioRun.Raised a = r.highOf(e.getKey());
                    String met = " (measured condition met at +" + hours(e.getValue().measuredAt() - r.run().startMillis)
                            + " h, evidence complete at +" + hours(e.getValue().evidenceAt() - r.run().startMillis) + " h)";
                    if (a == null) {
                        notes.add("- missed: " + r.c() + " " + e.getKey() + met);
                    } else {
                        delays.add(a.highAt() - e.getValue().evidenceAt());
                        if (!r.onTime().contains(e.getKey())) {
                            notes.add("- late: " + r.c() + " " + e.getKey() + " raised at +"
                                    + hours(a.highAt() - r.run().startMillis) + " h" + met);
                        }
                    }
                }
                for (ScenarioRun.Raised f : r.falseHighs()) {
                    notes.add("- false HIGH: " + r.c() + " at +" + hours(f.raisedAt() - r.run().startMillis) + " h: "
                            + f.rule() + " — " + f.evidence());
                }
                if (r.overTechnicalBudget()) {
                    notes.add("- technical over budget: " + r.c() + " " + r.technical() + " vs clean twin " + r.cleanTechnical()
                            + " + " + r.c().justifiedTechnical() + " justified: " + technicalRules(r.run())
                            + ", clean twin " + technicalRules(r.clean()));
                }
            }
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %d | %d (%d) | %.2f (%.2f) | %s |%n", k.name(),
                    rs.size(), expected, raised,
                    expected == 0 ? "–" : String.format(Locale.ROOT, "%.0f %%", 100.0 * raised / expected), onTime, falseHigh, latched, days == 0 ? 0 : technical / days, days == 0 ? 0 : cleanTechnical / days,
                    minutes(delays)));
        }
        b.append('\n');
        notes.forEach(n -> b.append(n).append('\n'));
        return b.toString();
    }

    private static String technicalRules(ScenarioRun run) {
        Map<String, Integer> byRule = new java.util.TreeMap<>();
        run.raised().stream().filter(a -> a.kind() == org.homeward.gateway.domain.AlarmKind.TECHNICAL)
                .forEach(a -> byRule.merge(a.rule(), 1, Integer::sum));
        return byRule.toString();
    }

    private static String minutes(List<Long> millis) {
        if (millis.isEmpty()) {
            return "–";
        }
        List<Long> s = new ArrayList<>(millis);
        Collections.sort(s);
        return String.format(Locale.ROOT, "%.1f / %.1f", s.get((s.size() - 1) / 2) / 60_000.0, s.get(s.size() - 1) / 60_000.0);
    }

    private static String hours(long millis) {
        return String.format(Locale.ROOT, "%.2f", millis / 3_600_000.0);
    }
}

package org.homeward.gateway.clinical;

import static org.homeward.gateway.clinical.Thresholds.require;
import static org.homeward.gateway.domain.Priority.HIGH;
import static org.homeward.gateway.domain.Priority.LOW;
import static org.homeward.gateway.domain.Priority.MEDIUM;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.homeward.gateway.domain.Priority;

/**
 * Priority of each rule by {@link DayWindow} (clinical-spec §1.7 table, §5.2 mapping). Each entry is
 * three priorities: D0–D14, D15–D28, later. ICANS-SUSPECT, NEURO-CHECK-OVERDUE and DATA-GAP take their
 * priority from their cause instead (ICE score, how overdue, how long), so they are not listed.
 * {@link Rules#UNABLE_TO_MEASURE_MOVING} is the row of UNABLE-TO-MEASURE while the patient moves.
 */
public record PriorityTable(Map<String, List<Priority>> byRule) {
    public PriorityTable {
        byRule = Map.copyOf(byRule);
        byRule.forEach((rule, list) -> require(list.size() == 3, "rule " + rule + " needs 3 priorities"));
    }

    public static PriorityTable defaults() {
        Map<String, List<Priority>> m = new HashMap<>();
        m.put(Rules.CRS_FEVER, List.of(HIGH, HIGH, HIGH));
        m.put(Rules.CRS_PREFEVER, List.of(MEDIUM, LOW, LOW));
        m.put(Rules.HYPOTENSION, List.of(HIGH, HIGH, HIGH));
        m.put(Rules.HYPOXAEMIA, List.of(HIGH, HIGH, HIGH));
        m.put(Rules.TACHY, List.of(HIGH, MEDIUM, MEDIUM));
        m.put(Rules.BRADY, List.of(HIGH, MEDIUM, MEDIUM));
        m.put(Rules.NEWS2_HIGH, List.of(HIGH, HIGH, HIGH));
        m.put(Rules.NEWS2_MED, List.of(MEDIUM, MEDIUM, MEDIUM));
        m.put(Rules.DEVICE_OFFLINE, List.of(MEDIUM, LOW, LOW));
        m.put(Rules.UNABLE_TO_MEASURE, List.of(MEDIUM, LOW, LOW));
        m.put(Rules.UNABLE_TO_MEASURE_MOVING, List.of(LOW, LOW, LOW));
        m.put(Rules.LOW_BATTERY, List.of(LOW, LOW, LOW));
        m.put(Rules.OFF_BODY, List.of(LOW, LOW, LOW));
        m.put(Rules.POOR_SIGNAL, List.of(LOW, LOW, LOW));
        m.put(Rules.SENSOR_FAULT, List.of(LOW, LOW, LOW));
        return new PriorityTable(m);
    }

    /** Priority of {@code rule} in {@code window}; MEDIUM for a rule missing from the table (never silent). */
    Priority of(String rule, DayWindow window) {
        List<Priority> list = byRule.get(rule);
        return list == null ? MEDIUM : list.get(window.ordinal());
    }
}

package org.homeward.gateway.clinical;

import static org.homeward.gateway.clinical.Thresholds.require;

import java.util.List;
import org.homeward.gateway.domain.Priority;

/**
 * Acknowledgement, escalation, re-alert and shelving (clinical-spec §5.3). Times in milliseconds
 * from the moment the alarm became (or again became) ACTIVE.
 *
 * @param highSteps      unacknowledged HIGH: level 1 at the first value, level 2 at the second ...
 * @param mediumSteps    unacknowledged MEDIUM
 * @param lowSteps       unacknowledged LOW (none by default)
 * @param reAlertHigh    acknowledged HIGH still abnormal this long after acknowledgement → ACTIVE again
 * @param reAlertMedium  the same for MEDIUM
 * @param reAlertLow     the same for LOW (0 = never)
 * @param shelveMaxMillis longest shelving accepted; longer requests are cut to it
 */
public record Escalation(List<Long> highSteps, List<Long> mediumSteps, List<Long> lowSteps, long reAlertHigh,
                         long reAlertMedium, long reAlertLow, long shelveMaxMillis) {
    public Escalation {
        highSteps = ascending(highSteps);
        mediumSteps = ascending(mediumSteps);
        lowSteps = ascending(lowSteps);
        require(reAlertHigh >= 0 && reAlertMedium >= 0 && reAlertLow >= 0, "re-alert times must not be negative");
        require(shelveMaxMillis > 0, "shelveMaxMillis must be positive");
    }

    /** HIGH 60 s → backup nurse, 3 min → physician/caregiver; MEDIUM 10 min → backup; re-alert 15/60 min. */
    public static Escalation defaults() {
        return new Escalation(List.of(60 * Delays.SECOND, 3 * Delays.MINUTE), List.of(10 * Delays.MINUTE), List.of(),
                15 * Delays.MINUTE, 60 * Delays.MINUTE, 0, 30 * Delays.MINUTE);
    }

    List<Long> steps(Priority p) {
        return switch (p) {
            case HIGH -> highSteps;
            case MEDIUM -> mediumSteps;
            case LOW -> lowSteps;
        };
    }

    long reAlert(Priority p) {
        return switch (p) {
            case HIGH -> reAlertHigh;
            case MEDIUM -> reAlertMedium;
            case LOW -> reAlertLow;
        };
    }

    private static List<Long> ascending(List<Long> steps) {
        List<Long> copy = List.copyOf(steps);
        for (int i = 0; i < copy.size(); i++) {
            require(copy.get(i) >= 0 && (i == 0 || copy.get(i) > copy.get(i - 1)), "escalation steps must ascend");
        }
        return copy;
    }
}

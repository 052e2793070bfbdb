package org.homeward.gateway.clinical;

import org.homeward.gateway.domain.Priority;

/** What every rule evaluation needs: settings, the time passed in, the day window, monitoring state. */
record RuleContext(ClinicalSettings settings, long now, int day, DayWindow window, boolean offMonitoring) {
    Priority priority(String rule) {
        return settings.priorities().of(rule, window);
    }
}

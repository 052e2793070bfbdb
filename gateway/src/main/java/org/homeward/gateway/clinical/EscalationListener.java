package org.homeward.gateway.clinical;

import org.homeward.gateway.domain.Alarm;

/**
 * Notification hook for escalation (clinical-spec §5.3), e.g. a webhook or MQTT publisher wired by the
 * integrator. Level 1 = backup nurse, level 2 = physician on call and caregiver call (defaults).
 *
 * <p>Threading: called synchronously on the patient's shard thread from
 * {@link PatientMonitor#onTick(long)}; implementations must not block (offer into their own bounded
 * queue and count what they cannot take). Never called while the monitor replays the journal.
 * An exception thrown here is caught and ignored by the monitor; the alarm value returned from
 * {@code onTick} carries the same information, so nothing is lost if a listener fails.
 */
public interface EscalationListener {
    /** Does nothing. */
    EscalationListener NONE = new EscalationListener() {
        @Override
        public void onEscalation(Alarm alarm, int level) {
        }
    };

    /** {@code alarm} stayed unacknowledged and reached {@code level} (its {@code escalationLevel}). */
    void onEscalation(Alarm alarm, int level);

    /** An acknowledged alarm is still abnormal after the re-alert time and is ACTIVE again. */
    default void onReAlert(Alarm alarm) {
    }
}

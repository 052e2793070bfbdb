package org.homeward.gateway.clinical;

import java.util.Objects;

/**
 * A per-patient change of settings, with who made it, when and why (clinical-spec safety note: every
 * threshold configurable per patient, approved by a responsible clinician). Applied with
 * {@link PatientMonitor#applyOverride}; the monitor keeps the history for audit.
 *
 * @param settings  the complete settings the patient uses from now on (a modified copy of the programme's)
 * @param user      the clinician who approved it (required)
 * @param atMillis  when
 * @param reason    why (required), e.g. "habitual SBP 95, approved by Dr X"
 */
public record ThresholdOverride(ClinicalSettings settings, String user, long atMillis, String reason) {
    public ThresholdOverride {
        Objects.requireNonNull(settings, "settings");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("an override needs the approving user");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an override needs a reason");
        }
    }
}

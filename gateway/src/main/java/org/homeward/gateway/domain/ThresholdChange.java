package org.homeward.gateway.domain;

import java.util.Objects;

/**
 * A per-patient threshold change: who, when, why, and the values before and after. As a request
 * (and in the journal) {@code before} is null; the patient's monitor fills it in when it applies
 * the change on the shard thread.
 *
 * @param patientId pseudonym
 * @param before    values in force before the change (null in a request)
 * @param after     values in force from {@code atMillis} on
 * @param user      the signed-in admin who made the change (required)
 * @param atMillis  when
 * @param reason    why (required, non-blank), e.g. "COPD, target 88-92 %, Dr B"
 */
public record ThresholdChange(String patientId, ThresholdValues before, ThresholdValues after, String user,
                              long atMillis, String reason) {
    public ThresholdChange {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(after, "after");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a threshold change needs the user who made it");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a threshold change needs a reason");
        }
    }

    public ThresholdChange withBefore(ThresholdValues b) {
        return new ThresholdChange(patientId, b, after, user, atMillis, reason);
    }
}

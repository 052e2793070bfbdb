package org.homeward.gateway.domain;

import java.util.Objects;

/**
 * An observation entered by a person (nurse, caregiver) rather than measured by a device.
 *
 * @param patientId pseudonymous patient id
 * @param kind      what was entered
 * @param value     numeric value: ICE score 0..10, ACVPU ordinal (0 = Alert .. 4 = Unresponsive),
 *                  O2 flow in L/min (0 = room air), 1 for a yes/no event; NaN where not applicable
 * @param text      detail: medication name, symptom, neuro-check due time (ISO-8601), may be empty
 * @param user      who entered it
 * @param atMillis  when it applies (UTC epoch ms)
 */
public record ManualEntry(String patientId, Kind kind, double value, String text, String user, long atMillis) {
    public ManualEntry {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(kind, "kind");
        text = text == null ? "" : text;
        user = user == null ? "" : user;
    }

    /** Kinds of manual entry (clinical-spec §1.4, §2.3). */
    public enum Kind {
        ICE_SCORE, ACVPU, SUPPLEMENTAL_OXYGEN, ANTIPYRETIC_GIVEN, TOCILIZUMAB_GIVEN, STEROID_GIVEN,
        NEW_CONFUSION, SEIZURE, NEURO_CHECK_DUE, OFF_MONITORING, ON_MONITORING
    }
}

package org.homeward.gateway.processing;

import java.time.LocalDate;

/** What the registry says about a patient: pseudonym, day 0, product, local display label. */
public record PatientProfile(String patientId, LocalDate infusionDate, String product, String displayLabel) {
}

package org.homeward.gateway.forward.fhir;

import ca.uhn.fhir.context.FhirContext;

/** The one R4 FhirContext of the process: building it scans the model classes and takes seconds. */
final class SharedFhirContext {
    static final FhirContext R4 = FhirContext.forR4();

    private SharedFhirContext() {
    }
}

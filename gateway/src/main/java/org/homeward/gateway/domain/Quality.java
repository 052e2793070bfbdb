package org.homeward.gateway.domain;

/** Signal quality of an accepted reading (clinical-spec §4.1, layer 2). */
public enum Quality {
    /** Trusted: may be scored and may drive alarms. */
    OK,
    /** Plausible but measured with a poor signal: shown greyed, excluded from scores, holds alarms. */
    LOW_CONFIDENCE
}

package org.homeward.gateway.clinical;

/** Risk window by day since infusion (clinical-spec §1.1, §1.7): priorities and gap rules depend on it. */
public enum DayWindow {
    /** D0 to the last high-risk day (default D14): new CRS/ICANS most likely. */
    HIGH_RISK,
    /** Up to the last reduced-monitoring day (default D28). */
    REDUCED,
    /** Afterwards: infection-focused. */
    LATE
}

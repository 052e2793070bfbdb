package org.homeward.gateway.clinical;

import java.util.List;

/**
 * The rule ids carried in {@link org.homeward.gateway.domain.Alarm#rule()} (clinical-spec §1.7, §4, §5.4).
 * These strings are part of the outside contract: the nurse view, forwarders and analytics group by them.
 */
public final class Rules {
    public static final String CRS_FEVER = "CRS-FEVER";
    public static final String CRS_PREFEVER = "CRS-PREFEVER";
    public static final String HYPOTENSION = "HYPOTENSION";
    public static final String HYPOXAEMIA = "HYPOXAEMIA";
    public static final String TACHY = "TACHY";
    public static final String BRADY = "BRADY";
    public static final String NEWS2_HIGH = "NEWS2-HIGH";
    public static final String NEWS2_MED = "NEWS2-MED";
    public static final String ICANS_SUSPECT = "ICANS-SUSPECT";
    public static final String NEURO_CHECK_OVERDUE = "NEURO-CHECK-OVERDUE";
    public static final String DATA_GAP = "DATA-GAP";
    public static final String DEVICE_OFFLINE = "DEVICE-OFFLINE";
    public static final String LOW_BATTERY = "LOW-BATTERY";
    public static final String OFF_BODY = "OFF-BODY";
    public static final String POOR_SIGNAL = "POOR-SIGNAL";
    public static final String SENSOR_FAULT = "SENSOR-FAULT";
    public static final String UNABLE_TO_MEASURE = "UNABLE-TO-MEASURE";

    /**
     * Not a rule id: the {@link PriorityTable} row of UNABLE-TO-MEASURE while the patient moves (the alarm keeps
     * the rule id {@link #UNABLE_TO_MEASURE}; docs/clinical.md "Motion").
     */
    public static final String UNABLE_TO_MEASURE_MOVING = "UNABLE-TO-MEASURE/moving";

    /** Every rule id, physiological first. */
    public static final List<String> ALL = List.of(CRS_FEVER, CRS_PREFEVER, HYPOTENSION, HYPOXAEMIA, TACHY, BRADY,
            NEWS2_HIGH, NEWS2_MED, ICANS_SUSPECT, NEURO_CHECK_OVERDUE, DATA_GAP, DEVICE_OFFLINE, LOW_BATTERY,
            OFF_BODY, POOR_SIGNAL, SENSOR_FAULT, UNABLE_TO_MEASURE);

    private Rules() {
    }
}

package org.homeward.gateway.clinical;

/** One open alarm per patient × rule, and per device for technical rules ({@code deviceId} "" otherwise). */
record AlarmKey(String rule, String deviceId) {
    /** Patient-level keys are one per rule id (a fixed set): shared instead of made per evaluation. */
    private static final java.util.Map<String, AlarmKey> PATIENT_KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    static AlarmKey patient(String rule) {
        AlarmKey key = PATIENT_KEYS.get(rule);
        return key != null ? key : PATIENT_KEYS.computeIfAbsent(rule, r -> new AlarmKey(r, ""));
    }

    static AlarmKey device(String rule, String deviceId) {
        return new AlarmKey(rule, deviceId);
    }
}

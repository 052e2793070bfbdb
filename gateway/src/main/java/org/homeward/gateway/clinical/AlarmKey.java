package org.homeward.gateway.clinical;

/** One open alarm per patient × rule, and per device for technical rules ({@code deviceId} "" otherwise). */
record AlarmKey(String rule, String deviceId) {
    static AlarmKey patient(String rule) {
        return new AlarmKey(rule, "");
    }

    static AlarmKey device(String rule, String deviceId) {
        return new AlarmKey(rule, deviceId);
    }
}

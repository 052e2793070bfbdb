package org.homeward.gateway.forward.mqtt;

import java.util.Optional;
import org.homeward.gateway.forward.ForwardRecord;

/**
 * Renders topic templates. A placeholder value that would change the topic structure (contains
 * {@code /}, {@code +}, {@code #} or NUL, or is empty) gives no topic: the record is refused for
 * good rather than published somewhere unexpected. Stateless.
 */
final class Topics {
    private final String readingTemplate;
    private final String alarmTemplate;

    Topics(String readingTemplate, String alarmTemplate) {
        this.readingTemplate = readingTemplate;
        this.alarmTemplate = alarmTemplate;
    }

    Optional<String> topic(ForwardRecord r) {
        if (r.type() == ForwardRecord.Type.ALARM) {
            if (!safe(r.alarm().patientId()) || !safe(r.alarm().rule())) {
                return Optional.empty();
            }
            return Optional.of(alarmTemplate.replace("{patient}", r.alarm().patientId())
                    .replace("{rule}", r.alarm().rule()));
        }
        if (!safe(r.reading().patientId()) || !safe(r.reading().deviceId())) {
            return Optional.empty();
        }
        return Optional.of(readingTemplate.replace("{patient}", r.reading().patientId())
                .replace("{device}", r.reading().deviceId()).replace("{vital}", r.reading().vital().senmlName()));
    }

    private static boolean safe(String s) {
        return !s.isEmpty() && s.indexOf('/') < 0 && s.indexOf('+') < 0 && s.indexOf('#') < 0 && s.indexOf('\0') < 0;
    }
}

package org.homeward.gateway.config;

import java.util.List;
import java.util.Objects;

/**
 * One typed setting: key (as in the YAML, dotted), one-line documentation, default and bounds.
 * The set of all settings is {@link GatewaySettings#ALL}; the shipped {@code config/gateway.yaml}
 * must name every one of them (a test keeps it complete).
 *
 * @param key     dotted key, e.g. {@code mqtt.port}
 * @param type    value type
 * @param doc     one line of documentation
 * @param defaultValue default, already of the right Java type (String for STRING/PATH/ENUM,
 *                Long for INT and BYTES, Long millis for DURATION, Boolean, Double)
 * @param min     lower bound for numeric types (inclusive), null if none
 * @param max     upper bound for numeric types (inclusive), null if none
 * @param choices allowed values for ENUM
 */
public record Setting(String key, Type type, String doc, Object defaultValue, Double min, Double max, List<String> choices) {
    public Setting {
        Objects.requireNonNull(key);
        Objects.requireNonNull(type);
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** Value types; parsing rules are in {@link SettingParser}. */
    public enum Type {
        STRING, PATH, INT, DOUBLE, BOOLEAN, DURATION, BYTES, ENUM, PORT
    }

    static Setting str(String key, String def, String doc) {
        return new Setting(key, Type.STRING, doc, def, null, null, null);
    }

    static Setting path(String key, String def, String doc) {
        return new Setting(key, Type.PATH, doc, def, null, null, null);
    }

    static Setting integer(String key, long def, long min, long max, String doc) {
        return new Setting(key, Type.INT, doc, def, (double) min, (double) max, null);
    }

    static Setting port(String key, long def, String doc) {
        return new Setting(key, Type.PORT, doc, def, 0.0, 65535.0, null);
    }

    static Setting dbl(String key, double def, double min, double max, String doc) {
        return new Setting(key, Type.DOUBLE, doc, def, min, max, null);
    }

    static Setting bool(String key, boolean def, String doc) {
        return new Setting(key, Type.BOOLEAN, doc, def, null, null, null);
    }

    static Setting duration(String key, String def, String minDef, String maxDef, String doc) {
        return new Setting(key, Type.DURATION, doc, SettingParser.parseDuration(def),
                (double) SettingParser.parseDuration(minDef), (double) SettingParser.parseDuration(maxDef), null);
    }

    static Setting bytes(String key, String def, String minDef, String maxDef, String doc) {
        return new Setting(key, Type.BYTES, doc, SettingParser.parseBytes(def),
                (double) SettingParser.parseBytes(minDef), (double) SettingParser.parseBytes(maxDef), null);
    }

    static Setting choice(String key, String def, List<String> choices, String doc) {
        return new Setting(key, Type.ENUM, doc, def, null, null, choices);
    }
}

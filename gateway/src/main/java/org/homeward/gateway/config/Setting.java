package org.homeward.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One typed setting: key (as in the YAML, dotted), one-line documentation, default and bounds.
 * The set of all settings is {@link GatewaySettings#ALL}; the shipped {@code config/gateway.yaml}
 * must name every one of them (a test keeps it complete).
 *
 * <p>{@code T} is the Java type {@link GatewayConfig#get} returns for it ({@link #javaType()}), so
 * reading a setting with the wrong getter does not compile: {@code cfg.duration(MQTT_PORT)} is an
 * error, because {@code MQTT_PORT} is a {@code Setting<Integer>} (the model is Californium's typed
 * {@code Definition}s). The factories fix {@code T}: {@link #str}/{@link #choice} String,
 * {@link #path} Path, {@link #integer}/{@link #port} Integer, {@link #bytes} Long, {@link #dbl}
 * Double, {@link #bool} Boolean, {@link #duration} Duration.
 *
 * @param <T>     the Java type of the value as read by {@link GatewayConfig#get}
 * @param key     dotted key, e.g. {@code mqtt.port}
 * @param type    value type
 * @param doc     one line of documentation
 * @param defaultValue default, already of the right Java type (String for STRING/PATH/ENUM,
 *                Long for INT and BYTES, Long millis for DURATION, Boolean, Double)
 * @param min     lower bound for numeric types (inclusive), null if none
 * @param max     upper bound for numeric types (inclusive), null if none
 * @param choices allowed values for ENUM
 */
public record Setting<T>(String key, Type type, String doc, Object defaultValue, Double min, Double max, List<String> choices) {
    public Setting {
        Objects.requireNonNull(key);
        Objects.requireNonNull(type);
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** Value types; parsing rules are in {@link SettingParser}. */
    public enum Type {
        STRING(String.class), PATH(Path.class), INT(Integer.class), DOUBLE(Double.class), BOOLEAN(Boolean.class),
        DURATION(Duration.class), BYTES(Long.class), ENUM(String.class), PORT(Integer.class);

        private final Class<?> javaType;

        Type(Class<?> javaType) {
            this.javaType = javaType;
        }
    }

    /** The Java type {@link GatewayConfig#get} returns for this setting. */
    public Class<?> javaType() {
        return type.javaType;
    }

    static Setting<String> str(String key, String def, String doc) {
        return new Setting<>(key, Type.STRING, doc, def, null, null, null);
    }

    static Setting<Path> path(String key, String def, String doc) {
        return new Setting<>(key, Type.PATH, doc, def, null, null, null);
    }

    static Setting<Integer> integer(String key, long def, long min, long max, String doc) {
        return new Setting<>(key, Type.INT, doc, def, (double) min, (double) max, null);
    }

    static Setting<Integer> port(String key, long def, String doc) {
        return new Setting<>(key, Type.PORT, doc, def, 0.0, 65535.0, null);
    }

    static Setting<Double> dbl(String key, double def, double min, double max, String doc) {
        return new Setting<>(key, Type.DOUBLE, doc, def, min, max, null);
    }

    static Setting<Boolean> bool(String key, boolean def, String doc) {
        return new Setting<>(key, Type.BOOLEAN, doc, def, null, null, null);
    }

    static Setting<Duration> duration(String key, String def, String minDef, String maxDef, String doc) {
        return new Setting<>(key, Type.DURATION, doc, SettingParser.parseDuration(def),
                (double) SettingParser.parseDuration(minDef), (double) SettingParser.parseDuration(maxDef), null);
    }

    static Setting<Long> bytes(String key, String def, String minDef, String maxDef, String doc) {
        return new Setting<>(key, Type.BYTES, doc, SettingParser.parseBytes(def),
                (double) SettingParser.parseBytes(minDef), (double) SettingParser.parseBytes(maxDef), null);
    }

    static Setting<String> choice(String key, String def, List<String> choices, String doc) {
        return new Setting<>(key, Type.ENUM, doc, def, null, null, choices);
    }
}

package org.homeward.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The validated, typed settings of one gateway run. Immutable. */
public final class GatewayConfig {
    private final Map<String, Object> values;
    private final Path source;

    GatewayConfig(Map<String, Object> values, Path source) {
        this.values = Map.copyOf(values);
        this.source = source;
    }

    /** The defaults alone, for tests and tools. */
    public static GatewayConfig defaults() {
        return ConfigLoader.load(null, Map.of(), Map.of());
    }

    /** The file the settings were read from, or null. */
    public Path source() {
        return source;
    }

    private Object raw(Setting s) {
        Object v = values.get(s.key());
        if (v == null) {
            throw new IllegalArgumentException("not a known setting: " + s.key());
        }
        return v;
    }

    public String string(Setting s) {
        return (String) raw(s);
    }

    public Path path(Setting s) {
        return Path.of((String) raw(s));
    }

    public int integer(Setting s) {
        return Math.toIntExact((Long) raw(s));
    }

    public long longValue(Setting s) {
        return (Long) raw(s);
    }

    public double dbl(Setting s) {
        return (Double) raw(s);
    }

    public boolean bool(Setting s) {
        return (Boolean) raw(s);
    }

    public Duration duration(Setting s) {
        return Duration.ofMillis((Long) raw(s));
    }

    /** Every key with its effective value, for the start-up log and /health. */
    public Map<String, Object> asMap() {
        return values;
    }
}

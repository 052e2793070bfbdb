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

    private Object raw(Setting<?> s) {
        Object v = values.get(s.key());
        if (v == null) {
            throw new IllegalArgumentException("not a known setting: " + s.key());
        }
        return v;
    }

    /**
     * The value of any setting as its declared Java type ({@link Setting#javaType()}): String for
     * STRING and ENUM, Path, Integer for INT and PORT, Long bytes, Double, Boolean, Duration.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> s) {
        Object v = raw(s);
        Object typed = switch (s.type()) {
            case STRING, ENUM, BOOLEAN, DOUBLE, BYTES -> v;
            case PATH -> Path.of((String) v);
            case INT, PORT -> Math.toIntExact((Long) v);
            case DURATION -> Duration.ofMillis((Long) v);
        };
        return (T) typed;
    }

    public String string(Setting<String> s) {
        return get(s);
    }

    public Path path(Setting<Path> s) {
        return get(s);
    }

    public int integer(Setting<Integer> s) {
        return get(s);
    }

    /** A byte size ({@link Setting#bytes}). */
    public long longValue(Setting<Long> s) {
        return get(s);
    }

    /** A byte size that must fit an int (packet, payload and body limits; their bounds are below 2 GiB). */
    public int bytesInt(Setting<Long> s) {
        return Math.toIntExact(get(s));
    }

    public double dbl(Setting<Double> s) {
        return get(s);
    }

    public boolean bool(Setting<Boolean> s) {
        return get(s);
    }

    public Duration duration(Setting<Duration> s) {
        return get(s);
    }

    /** Every key with its effective value, for the start-up log and /health. */
    public Map<String, Object> asMap() {
        return values;
    }
}

package org.homeward.sim.model;

/**
 * One SenML record before encoding: name (after the base name), SenML unit, either a numeric or a
 * boolean value, absolute POSIX time in seconds as stamped by the device, and the update time
 * ({@code ut}, seconds; null = none).
 */
public record Rec(String name, String unit, Double value, Boolean bool, double time, Double ut) {

    static Rec number(String name, String unit, double value, double time, Double ut) {
        return new Rec(name, unit, value, null, time, ut);
    }

    static Rec flag(String name, boolean value, double time, Double ut) {
        return new Rec(name, null, null, value, time, ut);
    }

    /** The value in the gateway's canonical unit (°C, %, /min, mmHg, dBm), for traces and tests. */
    public double canonical() {
        if (value == null) {
            return Boolean.TRUE.equals(bool) ? 1 : 0;
        }
        if (unit == null) {
            return value;
        }
        return switch (unit) {
            case "/" -> value * 100.0;
            case "1/s" -> value * 60.0;
            case "Pa" -> value / 133.322387415;
            case "dBW" -> value + 30;
            default -> value;
        };
    }
}

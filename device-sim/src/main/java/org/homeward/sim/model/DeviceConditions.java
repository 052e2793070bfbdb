package org.homeward.sim.model;

import java.util.List;

/**
 * The fault conditions of one device as pure functions of simulated time: battery level and death,
 * link dropouts, off-body windows and clock skew.
 */
final class DeviceConditions {
    private static final double DEFAULT_DRAIN_PATCH = 0.4;
    private static final double DEFAULT_DRAIN_OXIMETER = 1.0;
    private static final double DEFAULT_DRAIN_CUFF = 0.1;

    private final double batteryStart;
    private final double drainPerHour;
    private final List<Scenario.Window> dropouts;
    private final List<Scenario.Window> offBody;
    private final double skewSeconds;

    DeviceConditions(Scenario.Faults faults, DeviceKind kind, double batteryStart) {
        this.batteryStart = batteryStart;
        this.drainPerHour = faults.batteryDrain().getOrDefault(kind.cliName(), defaultDrain(kind));
        this.dropouts = faults.dropouts().stream().filter(w -> w.kind() == kind).toList();
        this.offBody = faults.offBody().stream().filter(w -> w.kind() == kind).toList();
        this.skewSeconds = faults.clockSkew().getOrDefault(kind.cliName(), 0.0);
    }

    private static double defaultDrain(DeviceKind kind) {
        return switch (kind) {
            case PATCH -> DEFAULT_DRAIN_PATCH;
            case OXIMETER -> DEFAULT_DRAIN_OXIMETER;
            case BP_CUFF -> DEFAULT_DRAIN_CUFF;
        };
    }

    double battery(double h) {
        return Math.max(0, batteryStart - drainPerHour * h);
    }

    boolean dead(double h) {
        return battery(h) <= 0;
    }

    /** The dropout window covering {@code h}, or null. */
    Scenario.Window dropout(double h) {
        for (Scenario.Window w : dropouts) {
            if (w.contains(h)) {
                return w;
            }
        }
        return null;
    }

    /** The off-body window covering {@code h}, or null. */
    Scenario.Window offBody(double h) {
        for (Scenario.Window w : offBody) {
            if (w.contains(h)) {
                return w;
            }
        }
        return null;
    }

    double skewSeconds() {
        return skewSeconds;
    }
}

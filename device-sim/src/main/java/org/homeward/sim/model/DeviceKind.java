package org.homeward.sim.model;

import java.util.Locale;

/** The kinds of simulated device in a patient's home kit; names match the gateway CLI's {@code --kind}. */
public enum DeviceKind {
    PATCH("patch"),
    OXIMETER("oximeter"),
    BP_CUFF("bp-cuff");

    private final String cliName;

    DeviceKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the gateway command line, in credential files and in scenario files. */
    public String cliName() {
        return cliName;
    }

    /** Parses a CLI name ({@code patch}, {@code oximeter}, {@code bp-cuff}); case-insensitive. */
    public static DeviceKind fromCliName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (DeviceKind k : values()) {
            if (k.cliName.equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown device kind '" + name + "' (patch, oximeter, bp-cuff)");
    }

    @Override
    public String toString() {
        return cliName;
    }
}

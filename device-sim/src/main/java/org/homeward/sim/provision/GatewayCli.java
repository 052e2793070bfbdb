package org.homeward.sim.provision;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the gateway's administration command line of the contract that provisioning uses:
 * {@code java -jar <gateway.jar> --config <file> [--set k=v ...] patients import --csv FILE}. Pure (no process is started here), so the construction is unit-testable.
 */
public final class GatewayCli {
    private final String java;
    private final Path gatewayJar;
    private final Path gatewayConfig;
    private final List<String> sets;

    /**
     * @param java          the java executable (e.g. {@code java} or {@code $JAVA_HOME/bin/java})
     * @param gatewayJar    path of {@code homeward-gateway.jar}
     * @param gatewayConfig the gateway's {@code --config} file, or null for the gateway's default
     * @param sets          {@code k=v} overrides passed as {@code --set k=v}
     */
    public GatewayCli(String java, Path gatewayJar, Path gatewayConfig, List<String> sets) {
        this.java = java;
        this.gatewayJar = gatewayJar;
        this.gatewayConfig = gatewayConfig;
        this.sets = List.copyOf(sets);
    }

    /** {@code patients import --csv FILE}: a roster in one registry write, one JSON line per device. */
    public List<String> importRoster(Path csv) {
        List<String> cmd = prefix();
        cmd.addAll(List.of("patients", "import", "--csv", csv.toString()));
        return cmd;
    }

    private List<String> prefix() {
        List<String> cmd = new ArrayList<>(List.of(java, "-jar", gatewayJar.toString()));
        if (gatewayConfig != null) {
            cmd.addAll(List.of("--config", gatewayConfig.toString()));
        }
        for (String s : sets) {
            cmd.addAll(List.of("--set", s));
        }
        return cmd;
    }
}

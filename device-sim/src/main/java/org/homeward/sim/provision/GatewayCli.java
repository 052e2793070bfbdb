package org.homeward.sim.provision;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the gateway's administration command lines of the contract:
 * {@code java -jar <gateway.jar> --config <file> [--set k=v ...] patients add --patient P
 * --infusion-date YYYY-MM-DD [--product NAME]} and {@code ... devices add --device D --patient P
 * --kind K}. Pure (no process is started here), so the construction is unit-testable.
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

    public List<String> addPatient(String patientId, LocalDate infusionDate, String product) {
        List<String> cmd = prefix();
        cmd.addAll(List.of("patients", "add", "--patient", patientId, "--infusion-date", infusionDate.toString()));
        if (product != null && !product.isBlank()) {
            cmd.addAll(List.of("--product", product));
        }
        return cmd;
    }

    public List<String> addDevice(String deviceId, String patientId, String kind) {
        List<String> cmd = prefix();
        cmd.addAll(List.of("devices", "add", "--device", deviceId, "--patient", patientId, "--kind", kind));
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

package org.homeward.sim.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.homeward.sim.model.DeviceKind;
import org.homeward.sim.model.PatientKit;

/**
 * Registers simulated patients and their three devices with the gateway through its CLI and
 * collects the secrets it prints once. Pseudonyms ({@code p-<hex>}, {@code d-<hex>}) come from the seed,
 * so the same seed provisions the same ids. Blocking (runs one process per call).
 */
public final class Provisioner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayCli cli;
    private final CommandRunner runner;

    public Provisioner(GatewayCli cli, CommandRunner runner) {
        this.cli = cli;
        this.runner = runner;
    }

    /** Provisions {@code patients} kits infused on {@code infusionDate}; returns their credentials in kit order. */
    public List<Credential> provision(int patients, long seed, LocalDate infusionDate, String product) throws IOException {
        return provision(patients, seed, infusionDate, product, done -> { });
    }

    /** As above; {@code progress} receives the number of patients done after each one (on the calling thread). */
    public List<Credential> provision(int patients, long seed, LocalDate infusionDate, String product,
                                      java.util.function.IntConsumer progress) throws IOException {
        List<Credential> out = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            PatientKit kit = PatientKit.pseudonymous(seed, i, null);
            runner.run(cli.addPatient(kit.patientId(), infusionDate, product));
            for (DeviceKind k : DeviceKind.values()) {
                String stdout = runner.run(cli.addDevice(kit.devices().get(k), kit.patientId(), k.cliName()));
                out.add(parseDevice(stdout, kit.patientId(), k));
            }
            progress.accept(i + 1);
        }
        return out;
    }

    /** Parses the {@code {"deviceId": ..., "secret": ...}} that {@code devices add} prints. */
    static Credential parseDevice(String stdout, String patientId, DeviceKind kind) throws IOException {
        String json = stdout.strip();
        int start = json.lastIndexOf("\n{");
        json = start >= 0 ? json.substring(start + 1) : json;
        JsonNode n = JSON.readTree(json);
        if (n == null || !n.hasNonNull("deviceId") || !n.hasNonNull("secret")) {
            throw new IOException("'devices add' printed no {deviceId, secret}: " + stdout.strip());
        }
        return new Credential(n.get("deviceId").asText(), n.get("secret").asText(), patientId, kind.cliName());
    }
}

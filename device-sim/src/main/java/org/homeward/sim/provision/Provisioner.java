package org.homeward.sim.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.homeward.sim.model.DeviceKind;
import org.homeward.sim.model.PatientKit;

/**
 * Registers simulated patients and their three devices with the gateway in ONE call of its CLI,
 * {@code patients import --csv}: writes the kits as a roster and collects the secrets printed once
 * (one JSON line per device). One JVM and one registry write instead of one per device (the demo's
 * 48 one-shot JVMs took about two minutes). Pseudonyms ({@code p-<hex>}, {@code d-<hex>}) come
 * from the seed, so the same seed provisions the same ids. Blocking (runs one process).
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

    /** As above; {@code progress} receives the number of patients done (on the calling thread). */
    public List<Credential> provision(int patients, long seed, LocalDate infusionDate, String product,
                                      java.util.function.IntConsumer progress) throws IOException {
        Path roster = Files.createTempFile("homeward-roster-", ".csv");
        try {
            Files.writeString(roster, roster(patients, seed, infusionDate, product), StandardCharsets.UTF_8);
            List<Credential> out = parseImport(runner.run(cli.importRoster(roster)));
            if (out.size() != patients * DeviceKind.values().length) {
                throw new IOException("'patients import' enrolled " + out.size() + " devices, expected "
                        + patients * DeviceKind.values().length);
            }
            progress.accept(patients);
            return out;
        } finally {
            Files.deleteIfExists(roster);
        }
    }

    /** The roster CSV of the seeded kits: one line per device, patch, oximeter, bp-cuff per patient. */
    static String roster(int patients, long seed, LocalDate infusionDate, String product) {
        StringBuilder csv = new StringBuilder("patient,infusion-date,product,device,kind\n");
        for (int i = 0; i < patients; i++) {
            PatientKit kit = PatientKit.pseudonymous(seed, i, null);
            for (DeviceKind k : DeviceKind.values()) {
                csv.append(kit.patientId()).append(',').append(infusionDate).append(',')
                        .append(product == null ? "" : product).append(',')
                        .append(kit.devices().get(k)).append(',').append(k.cliName()).append('\n');
            }
        }
        return csv.toString();
    }

    /** Parses the JSON lines {@code {"deviceId", "secret", "patientId", "kind"}} that {@code patients import} prints. */
    static List<Credential> parseImport(String stdout) throws IOException {
        List<Credential> out = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (!line.strip().startsWith("{")) {
                continue; // a log line before the output
            }
            JsonNode n = JSON.readTree(line);
            if (!n.hasNonNull("deviceId") || !n.hasNonNull("secret") || !n.hasNonNull("patientId") || !n.hasNonNull("kind")) {
                throw new IOException("'patients import' printed a line without deviceId, secret, patientId, kind: " + line);
            }
            out.add(new Credential(n.get("deviceId").asText(), n.get("secret").asText(), n.get("patientId").asText(),
                    n.get("kind").asText()));
        }
        return out;
    }
}

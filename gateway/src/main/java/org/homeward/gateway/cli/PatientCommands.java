package org.homeward.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.homeward.gateway.device.PatientEpisodes;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.device.RegistryException;
import org.homeward.gateway.device.Roster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A patient's episode on the command line: roster import, discharge and the list. The same
 * {@code RegistryAdmin} code as the admin API (actor {@code cli}); a running gateway applies a
 * change within {@code registry.poll-interval}.
 */
final class PatientCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PatientCommands() {
    }

    @Command(name = "import", description = "Enrol a roster of patients and device kits from a CSV file in one registry"
            + " write; prints one JSON line per device with its secret (shown once). Columns: patient, infusion-date,"
            + " product, label, device, kind. A bad line refuses the whole file (nothing is written).",
            mixinStandardHelpOptions = true)
    static final class Import implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--csv", required = true, description = "Roster file (CSV with a header line)")
        Path csv;

        @Override
        public Integer call() throws IOException {
            String text;
            try {
                text = Files.readString(csv, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new RegistryException("csv", RegistryException.Reason.INVALID, "--csv " + csv + " cannot be read: " + e);
            }
            String source = csv.getFileName().toString();
            List<Roster.Row> rows = Roster.parse(source, text);
            List<PatientEpisodes.Enrolled> enrolled = AdminCli.admin(spec).episodes()
                    .importRoster(rows, source, "cli");
            return AdminCli.printDevices(spec, enrolled.stream()
                    .map(d -> new String[] {d.deviceId(), d.secret(), d.patientId(), d.kind()}).toList());
        }
    }

    @Command(name = "discharge", description = "End a patient's monitoring episode: off the board, devices released for"
            + " reuse, open alarms closed with the reason; data kept (and still forwarded). patients add re-admits.",
            mixinStandardHelpOptions = true)
    static final class Discharge implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--patient", required = true, description = "Patient pseudonym")
        String patient;
        @Option(names = "--reason", defaultValue = "", description = "Why the episode ends (shown on the closed alarms)")
        String reason;

        @Override
        public Integer call() throws IOException {
            PatientEpisodes.Discharge d = AdminCli.admin(spec).episodes().discharge(patient, reason, "cli");
            Map<String, Object> out = row(d.patient());
            out.put("releasedDevices", d.releasedDevices());
            return AdminCli.print(spec, out);
        }
    }

    @Command(name = "list", description = "List patients with their episode (one JSON object per line)",
            mixinStandardHelpOptions = true)
    static final class ListPatients implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--state", description = "Only active or discharged patients")
        String state;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            RegistryData data = AdminCli.admin(spec).data();
            for (RegistryData.Patient p : data.patients()) {
                if (state == null || state.equals(p.state())) {
                    Map<String, Object> line = row(p);
                    line.put("devices", data.devices().stream().filter(d -> d.patientId().equals(p.patientId())
                            && !d.revoked()).map(RegistryData.Device::deviceId).toList());
                    out.println(JSON.writeValueAsString(line));
                }
            }
            out.flush();
            return 0;
        }
    }

    static Map<String, Object> row(RegistryData.Patient p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("patientId", p.patientId());
        out.put("infusionDate", p.infusionDate());
        out.put("product", p.product());
        out.put("displayLabel", p.displayLabel());
        out.put("state", p.state());
        out.put("episode", p.episode());
        out.put("admittedAt", java.time.Instant.ofEpochMilli(p.admittedAt()).toString());
        if (!p.active()) {
            out.put("dischargedAt", java.time.Instant.ofEpochMilli(p.dischargedAt()).toString());
            out.put("dischargeReason", p.dischargeReason());
        }
        return out;
    }
}

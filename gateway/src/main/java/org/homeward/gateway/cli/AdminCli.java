package org.homeward.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.homeward.gateway.audit.AuditLog;
import org.homeward.gateway.config.GatewayConfig;
import org.homeward.gateway.config.GatewaySettings;
import org.homeward.gateway.device.RegistryAdmin;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.device.RegistryStorage;
import org.homeward.gateway.device.RegistryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The contract's administration commands. Each prints one JSON object on stdout; a bad input
 * prints a clear error on stderr and exits non-zero. They write the registry files under
 * {@code data.dir}; a running gateway picks the change up within {@code registry.poll-interval}. In
 * cluster mode ({@code --set cluster.enabled=true} and the bootstrap servers) they change the
 * cluster's registry instead, and every node applies the change as soon as it reads it.
 */
public final class AdminCli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminCli() {
    }

    /**
     * The registry admin of the settings given to the top command: over the local registry file, or in
     * cluster mode over the cluster's registry (the master key still comes from {@code data.dir}).
     */
    static RegistryAdmin admin(CommandSpec spec) {
        ConfigSource source = (ConfigSource) spec.root().userObject();
        GatewayConfig cfg = source.loadConfig();
        RegistryStore local = new RegistryStore(cfg.path(GatewaySettings.DATA_DIR));
        RegistryStorage cluster = source.clusterRegistry(cfg);
        return cluster == null ? new RegistryAdmin(local, auditLog(cfg), Clock.systemUTC())
                : new RegistryAdmin(cluster, local.existingMasterKey(), auditLog(cfg), Clock.systemUTC());
    }

    /** The audit log under {@code data.dir} with the configured rotation size (the gateway uses the same). */
    static AuditLog auditLog(GatewayConfig cfg) {
        return new AuditLog(cfg.path(GatewaySettings.DATA_DIR).resolve("audit").resolve("audit.log"),
                cfg.longValue(GatewaySettings.AUDIT_MAX_FILE), cfg.string(GatewaySettings.CLUSTER_NODE_ID));
    }

    /** The settings given to the top command (--config/--set may stand before or after the subcommand). */
    static GatewayConfig config(CommandSpec spec) {
        return ((ConfigSource) spec.root().userObject()).loadConfig();
    }

    /** One line of standard input as a password (empty if none). */
    static char[] passwordFromStdin() throws IOException {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? new char[0] : line.toCharArray();
    }

    static int print(CommandSpec spec, Map<String, ?> json) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.println(JSON.writeValueAsString(json));
        out.flush();
        return 0;
    }

    @Command(name = "patients", description = "Manage monitored patients", subcommands = {PatientsAdd.class,
            PatientCommands.Import.class, PatientCommands.Discharge.class, PatientCommands.ListPatients.class},
            mixinStandardHelpOptions = true)
    public static final class Patients {
    }

    @Command(name = "add", description = "Add a patient, update its infusion date and product, or re-admit a discharged one (new episode)",
            mixinStandardHelpOptions = true)
    static final class PatientsAdd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--patient", required = true, description = "Patient pseudonym (never a name or record number)")
        String patient;
        @Option(names = "--infusion-date", required = true, description = "CAR-T infusion day (D0), YYYY-MM-DD")
        String infusionDate;
        @Option(names = "--product", description = "CAR-T product, e.g. axi-cel", defaultValue = "")
        String product;
        @Option(names = "--label", description = "Local display label shown to nurses (default: the pseudonym)", defaultValue = "")
        String label;

        @Override
        public Integer call() throws IOException {
            RegistryData.Patient p = admin(spec).addPatient(patient, infusionDate, product, label, "cli");
            return print(spec, PatientCommands.row(p));
        }
    }

    @Command(name = "devices", description = "Manage devices", subcommands = {DevicesAdd.class, DevicesAddBulk.class, DevicesRevoke.class,
            RegistryChanges.DevicesMove.class, RegistryChanges.DevicesRotate.class},
            mixinStandardHelpOptions = true)
    public static final class Devices {
    }

    @Command(name = "add", description = "Register a device for a patient and print its secret (shown once)",
            mixinStandardHelpOptions = true)
    static final class DevicesAdd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--device", required = true, description = "Device pseudonym")
        String device;
        @Option(names = "--patient", required = true, description = "Patient pseudonym the device is assigned to")
        String patient;
        @Option(names = "--kind", required = true, description = "patch, oximeter, bp-cuff, resp-band, scale or activity")
        String kind;

        @Override
        public Integer call() throws IOException {
            String secret = admin(spec).addDevice(device, patient, kind, "cli");
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("deviceId", device);
            out.put("secret", secret);
            out.put("patientId", patient);
            out.put("kind", kind);
            return print(spec, out);
        }
    }

    @Command(name = "add-bulk", description = "Benchmarks: register COUNT patients <prefix>p<i> with one device"
            + " <prefix>d<i> each in one registry write; prints one JSON object per device (with its secret) per line",
            mixinStandardHelpOptions = true)
    static final class DevicesAddBulk implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--count", required = true, description = "Number of patients and devices")
        int count;
        @Option(names = "--prefix", defaultValue = "bench-", description = "Id prefix (default: ${DEFAULT-VALUE})")
        String prefix;
        @Option(names = "--kind", defaultValue = "patch", description = "Device kind (default: ${DEFAULT-VALUE})")
        String kind;
        @Option(names = "--infusion-date", defaultValue = "2026-11-20", description = "D0 of every patient (default: ${DEFAULT-VALUE})")
        String infusionDate;

        @Override
        public Integer call() throws IOException {
            List<String[]> lines = admin(spec).addBulk(prefix, count, kind, infusionDate, "cli").stream()
                    .map(d -> new String[] {d.deviceId(), d.secret(), d.patientId(), d.kind()}).toList();
            return printDevices(spec, lines);
        }
    }

    /** One JSON line per device: {@code {"deviceId", "secret", "patientId", "kind"}} from each array in that order. */
    static int printDevices(CommandSpec spec, List<String[]> devices) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        for (String[] d : devices) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("deviceId", d[0]);
            line.put("secret", d[1]);
            line.put("patientId", d[2]);
            line.put("kind", d[3]);
            out.println(JSON.writeValueAsString(line));
        }
        out.flush();
        return 0;
    }

    @Command(name = "revoke", description = "Revoke a device: its connections close and its secret stops working",
            mixinStandardHelpOptions = true)
    static final class DevicesRevoke implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--device", required = true, description = "Device pseudonym")
        String device;

        @Override
        public Integer call() throws IOException {
            admin(spec).revokeDevice(device, "cli");
            return print(spec, Map.of("deviceId", device, "revoked", true));
        }
    }

    @Command(name = "users", description = "Manage people who sign in", subcommands = {UsersAdd.class,
            RegistryChanges.UsersDisable.class, RegistryChanges.UsersRole.class, RegistryChanges.UsersPassword.class},
            mixinStandardHelpOptions = true)
    public static final class Users {
    }

    @Command(name = "add", description = "Add a user; the password is read from standard input",
            mixinStandardHelpOptions = true)
    static final class UsersAdd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--user", required = true, description = "User name")
        String user;
        @Option(names = "--role", required = true, description = "nurse or admin")
        String role;

        @Override
        public Integer call() throws IOException {
            char[] password = passwordFromStdin();
            admin(spec).addUser(user, role, password, "cli");
            java.util.Arrays.fill(password, '\0');
            return print(spec, Map.of("user", user, "role", role));
        }
    }
}

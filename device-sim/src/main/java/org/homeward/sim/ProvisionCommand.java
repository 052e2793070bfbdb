package org.homeward.sim;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.homeward.sim.model.DeviceKind;
import org.homeward.sim.provision.Credential;
import org.homeward.sim.provision.CredentialsFile;
import org.homeward.sim.provision.GatewayCli;
import org.homeward.sim.provision.ProcessCommandRunner;
import org.homeward.sim.provision.Provisioner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code provision}: register simulated patients and devices with one gateway CLI call and save the secrets. */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Register N simulated patients and their devices (patch, oximeter, bp-cuff) by running the "
                + "gateway's 'patients import --csv' once with a roster of the kits, and write the printed secrets to a "
                + "credentials file (JSON array of {deviceId, secret, patientId, kind}).")
final class ProvisionCommand implements Callable<Integer> {
    @Option(names = "--gateway-jar", defaultValue = "gateway/target/homeward-gateway.jar",
            description = "The gateway jar (default ${DEFAULT-VALUE}).")
    Path gatewayJar;

    @Option(names = "--gateway-config", description = "The gateway's --config file (default: the gateway's own default).")
    Path gatewayConfig;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Setting override passed to the gateway as --set (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--patients", defaultValue = "10", description = "Patients to create (default ${DEFAULT-VALUE}).")
    int patients;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the pseudonyms p-<hex>/d-<hex> (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--days-since-infusion", defaultValue = "1",
            description = "Infusion date = today minus this many days; most bundled scenarios start on D+1 (default ${DEFAULT-VALUE}).")
    int daysSinceInfusion;

    @Option(names = "--product", description = "CAR-T product name of every patient in the roster.")
    String product;

    @Option(names = "--out", defaultValue = "creds.json", description = "Credentials file to write (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--java", description = "Java executable to run the gateway jar (default: this JVM's).")
    String java;

    @Option(names = "--timeout-seconds", defaultValue = "60", description = "Time-out of the gateway command (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        String javaExe = java != null ? java : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        GatewayCli cli = new GatewayCli(javaExe, gatewayJar, gatewayConfig, sets);
        List<Credential> creds = new Provisioner(cli, new ProcessCommandRunner(timeoutSeconds))
                .provision(patients, seed, LocalDate.now().minusDays(daysSinceInfusion), product,
                        done -> System.err.printf("provisioning: %d/%d patients (one roster import)%n", done, patients));
        CredentialsFile.write(out, creds);
        System.out.printf("provisioned %d patients, %d devices -> %s%n", patients, creds.size(), out);
        return 0;
    }
}

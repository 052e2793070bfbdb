package org.homeward.gateway.cli;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.homeward.gateway.device.RegistryData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The registry changes the admin API offers beyond add and revoke, on the command line too: the
 * same {@code RegistryAdmin}/{@code UserAccounts} methods, so both check and audit alike (actor
 * {@code cli}). A running gateway applies them within {@code registry.poll-interval}.
 */
final class RegistryChanges {
    private RegistryChanges() {
    }

    @Command(name = "move", description = "Assign a device to another patient; it keeps its secret (no re-flashing)",
            mixinStandardHelpOptions = true)
    static final class DevicesMove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--device", required = true, description = "Device pseudonym")
        String device;
        @Option(names = "--patient", required = true, description = "Patient pseudonym it moves to")
        String patient;

        @Override
        public Integer call() throws IOException {
            RegistryData.Device d = AdminCli.admin(spec).moveDevice(device, patient, "cli");
            return AdminCli.print(spec, Map.of("deviceId", d.deviceId(), "patientId", d.patientId()));
        }
    }

    @Command(name = "rotate", description = "Give a device a new secret (printed once); the old one stops working",
            mixinStandardHelpOptions = true)
    static final class DevicesRotate implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--device", required = true, description = "Device pseudonym")
        String device;

        @Override
        public Integer call() throws IOException {
            String secret = AdminCli.admin(spec).rotateSecret(device, "cli");
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("deviceId", device);
            out.put("secret", secret);
            return AdminCli.print(spec, out);
        }
    }

    @Command(name = "disable", description = "Disable a user: sign-in refused, open sessions end",
            mixinStandardHelpOptions = true)
    static final class UsersDisable implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--user", required = true, description = "User name")
        String user;
        @Option(names = "--enable", description = "Enable the user again instead")
        boolean enable;

        @Override
        public Integer call() throws IOException {
            AdminCli.admin(spec).users().setDisabled(user, !enable, "cli");
            return AdminCli.print(spec, Map.of("user", user, "enabled", enable));
        }
    }

    @Command(name = "role", description = "Change a user's role (nurse or admin); their sessions end",
            mixinStandardHelpOptions = true)
    static final class UsersRole implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--user", required = true, description = "User name")
        String user;
        @Option(names = "--role", required = true, description = "nurse or admin")
        String role;

        @Override
        public Integer call() throws IOException {
            AdminCli.admin(spec).users().changeRole(user, role, "cli");
            return AdminCli.print(spec, Map.of("user", user, "role", role));
        }
    }

    @Command(name = "password", description = "Set a user's password, read from standard input; their sessions end",
            mixinStandardHelpOptions = true)
    static final class UsersPassword implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--user", required = true, description = "User name")
        String user;

        @Override
        public Integer call() throws IOException {
            var admin = AdminCli.admin(spec);
            char[] password = AdminCli.passwordFromStdin();
            try {
                admin.users().resetPassword(user, password, "cli");
            } finally {
                Arrays.fill(password, '\0');
            }
            return AdminCli.print(spec, Map.of("user", user, "passwordChanged", true));
        }
    }
}

package org.homeward.sim;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.homeward.sim.entries.HttpEntrySink;
import picocli.CommandLine.Option;

/**
 * {@code run}'s options for posting manual entries to the gateway's JSON API. The password never
 * comes from the command line: from the environment variable named by {@code --api-password-env}
 * (default {@code HOMEWARD_API_PASSWORD}) or from the first line of {@code --api-password-file}.
 */
final class ApiOptions {
    @Option(names = "--api-url", description = "Gateway HTTP base URL, e.g. http://localhost:8080: post the scenarios' "
            + "manual entries (ICE neuro-checks) to /api/patients/{id}/entries. Off when absent.")
    URI apiUrl;

    @Option(names = "--api-user", description = "Gateway user (role nurse or admin) who enters them; required with --api-url.")
    String apiUser;

    @Option(names = "--api-attempts", defaultValue = "4",
            description = "Tries per entry when the gateway is unreachable or busy, back-off 0.5 s doubling (default ${DEFAULT-VALUE}).")
    int attempts;

    @Option(names = "--api-password-env", defaultValue = "HOMEWARD_API_PASSWORD",
            description = "Environment variable holding that user's password (default ${DEFAULT-VALUE}).")
    String passwordEnv;

    @Option(names = "--api-password-file", description = "File whose first line is the password (instead of the environment).")
    Path passwordFile;

    /** The HTTP sink, or null when {@code --api-url} is absent. */
    HttpEntrySink sink(Clock clock) throws IOException {
        if (apiUrl == null) {
            return null;
        }
        if (apiUser == null || apiUser.isBlank()) {
            throw new IllegalArgumentException("--api-url needs --api-user");
        }
        String password;
        if (passwordFile != null) {
            password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
        } else {
            password = System.getenv(passwordEnv);
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("no password for --api-user " + apiUser + ": set $" + passwordEnv
                    + " or give --api-password-file");
        }
        return new HttpEntrySink(new HttpEntrySink.Settings(apiUrl, apiUser, password.toCharArray(), attempts,
                Duration.ofMillis(500), 1_000), clock);
    }
}

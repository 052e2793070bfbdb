package org.homeward.sim;

import java.time.Duration;
import java.time.Instant;
import org.homeward.sim.model.RunProfile;
import picocli.CommandLine.Option;

/** Options shared by {@code run} and {@code trace}: how the scenario is played. */
final class ProfileOptions {
    @Option(names = "--seed", defaultValue = "42", description = "Random seed; same seed, same trace (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scenario", defaultValue = "normal", paramLabel = "MIX",
            description = "Scenario name or YAML path, or a weighted mix: normal:7,crs-grade1:2,hypotension:1 "
                    + "(bundled: normal, crs-grade1, crs-grade2, infection-fever, isolated-hypoxaemia, hypotension, "
                    + "neurotox, device-faults). Default ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--time-scale", defaultValue = "1", description = "Simulated seconds per wall second, e.g. 1440 plays a day a minute (default ${DEFAULT-VALUE}).")
    double timeScale;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "Wall time to play (e.g. 10m); default: the scenario's length divided by the time-scale.")
    Duration duration;

    @Option(names = "--patch-interval", converter = DurationConverter.class, defaultValue = "2m",
            description = "Temperature patch interval, wall time (default ${DEFAULT-VALUE}).")
    Duration patchInterval;

    @Option(names = "--oximeter-interval", converter = DurationConverter.class, defaultValue = "5s",
            description = "Oximeter interval, wall time (default ${DEFAULT-VALUE}).")
    Duration oximeterInterval;

    @Option(names = "--status-interval", converter = DurationConverter.class, defaultValue = "1m",
            description = "Status pack interval, wall time (default ${DEFAULT-VALUE}).")
    Duration statusInterval;

    @Option(names = "--bn-template", defaultValue = RunProfile.DEFAULT_BN,
            description = "SenML base name; {device} and {uuid} (name-based UUID of the device id) are replaced (default ${DEFAULT-VALUE}).")
    String bnTemplate;

    RunProfile profile(Instant anchor) {
        return new RunProfile(timeScale, anchor, duration, patchInterval, oximeterInterval, statusInterval, bnTemplate);
    }
}

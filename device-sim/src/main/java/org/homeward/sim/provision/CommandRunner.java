package org.homeward.sim.provision;

import java.io.IOException;
import java.util.List;

/**
 * Runs an external command and returns its standard output. Blocking; implementations must
 * time out. Failures (non-zero exit, time-out) are thrown with the command's error output.
 */
@FunctionalInterface
public interface CommandRunner {
    String run(List<String> command) throws IOException;
}

package org.homeward.sim;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Command line of the Homeward device simulator: {@code provision}, {@code run}, {@code trace},
 * {@code load} (alias {@code bench}) and {@code proxy}.
 */
@Command(name = "homeward-device-sim", mixinStandardHelpOptions = true, version = "homeward-device-sim 0.1.0",
        description = "Simulated CAR-T home-monitoring patients and their devices (temperature patch, oximeter, "
                + "BP cuff) speaking SenML over MQTT and CoAP/DTLS.",
        subcommands = {RunCommand.class, ProvisionCommand.class, TraceCommand.class, LoadCommand.class,
                org.homeward.sim.net.ProxyCommand.class,
                CommandLine.HelpCommand.class})
public final class SimMain {
    private SimMain() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured picocli command line (tests call {@code execute} on it). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SimMain());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        });
        return cl;
    }
}

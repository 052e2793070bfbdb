package org.homeward.gateway;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.homeward.gateway.cli.AdminCli;
import org.homeward.gateway.cli.CommonOptions;
import org.homeward.gateway.cli.ConfigSource;
import org.homeward.gateway.config.ConfigException;
import org.homeward.gateway.config.GatewayConfig;
import org.homeward.gateway.device.RegistryStorage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Command line of the gateway: with no command it runs the gateway; {@code patients},
 * {@code devices} and {@code users} administer the registry (also while the gateway runs).
 */
@Command(name = "homeward-gateway", mixinStandardHelpOptions = true, version = "homeward-gateway 0.1.0",
        description = "Homeward: home-monitoring gateway for patients after CAR-T infusion.%n"
                + "Without a command, runs the gateway with the given settings.",
        subcommands = {AdminCli.Patients.class, AdminCli.Devices.class, AdminCli.Users.class,
                org.homeward.gateway.cli.AuditCli.Audit.class})
public final class GatewayMain implements Callable<Integer>, ConfigSource {
    @Mixin
    CommonOptions common;

    @Override
    public GatewayConfig loadConfig() {
        return common.load();
    }

    @Override
    public RegistryStorage clusterRegistry(GatewayConfig cfg) {
        return ClusterRegistryWiring.commandLine(cfg);
    }

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg = common.load();
        Gateway gateway = Gateway.start(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        String badFormat = badLogFormat(System.getProperty(LOG_FORMAT, System.getenv(LOG_FORMAT)));
        if (badFormat != null) {
            err.println("error: " + badFormat);
            System.exit(2);
        }
        System.exit(run(args, new PrintWriter(System.out, true), err));
    }

    /** Environment variable (or system property) choosing the log format; read by logback.xml. */
    static final String LOG_FORMAT = "HOMEWARD_LOG_FORMAT";

    /** Null when {@code value} is a log format logback.xml knows (or unset), else the error message. */
    static String badLogFormat(String value) {
        return value == null || value.equals("text") || value.equals("json") ? null
                : LOG_FORMAT + "='" + value + "' is not a log format: use text (default) or json";
    }

    /** Runs the command line; returns the exit code (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new GatewayMain());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ConfigException) {
                err.println("error: the configuration is not valid; nothing was started:");
                for (String p : ((ConfigException) ex).problems()) {
                    err.println("  - " + p);
                }
                return 2;
            }
            if (ex instanceof IllegalArgumentException) {
                err.println("error: " + ex.getMessage());
                return 2;
            }
            err.println("error: " + ex);
            return 1;
        });
        return cl.execute(args);
    }
}

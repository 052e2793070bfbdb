package org.homeward.gateway;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.homeward.gateway.cli.AdminCli;
import org.homeward.gateway.cli.CommonOptions;
import org.homeward.gateway.cli.ConfigSource;
import org.homeward.gateway.config.ConfigException;
import org.homeward.gateway.config.GatewayConfig;
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
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
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

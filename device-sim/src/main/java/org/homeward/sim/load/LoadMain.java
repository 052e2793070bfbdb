package org.homeward.sim.load;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The asynchronous MQTT load client (Netty MQTT codec, epoll): {@code run} drives a fleet through
 * benchmark phases and writes JSON + Markdown; {@code null-sink} is an MQTT server that only acknowledges,
 * to measure the load generator's own ceiling.
 */
@Command(name = "homeward-load", mixinStandardHelpOptions = true, subcommands = {LoadMain.Run.class, LoadMain.Sink.class},
        description = "Asynchronous MQTT load client and null sink for Homeward benchmarks")
public final class LoadMain implements Runnable {
    private static String[] argv = new String[0];
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for embedding, e.g. in SimMain's bench). */
    public static int execute(String... args) {
        return execute(new CommandLine(new LoadMain()), args);
    }

    /** As {@link #execute(String...)}, with usage and errors written to the given writers. */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new LoadMain());
        cl.getCommandSpec().name("homeward-device-sim load");
        cl.setOut(out);
        cl.setErr(err);
        return execute(cl, args);
    }

    private static int execute(CommandLine cl, String... args) {
        argv = args.clone();
        quietNetty();
        return cl.execute(args);
    }

    /** Netty logs at DEBUG when no logback configuration is present; a benchmark's output must stay readable. */
    private static void quietNetty() {
        if (org.slf4j.LoggerFactory.getLogger("io.netty") instanceof ch.qos.logback.classic.Logger l && l.getLevel() == null) {
            l.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Connect devices and run benchmark phases")
    static final class Run implements Callable<Integer> {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Broker host (default: ${DEFAULT-VALUE})")
        String host;
        @Option(names = "--port", required = true, description = "Broker MQTT port")
        int port;
        @Option(names = "--credentials", description = "JSON array or JSON lines of {deviceId, secret, patientId, kind}")
        Path credentials;
        @Option(names = "--anonymous", description = "No credentials file: N devices load-<i> with a dummy secret")
        boolean anonymous;
        @Option(names = "--devices", defaultValue = "0", description = "Use the first N devices (0 = all)")
        int devices;
        @Option(names = "--mqtt", defaultValue = "3.1.1", description = "3.1.1 or 5 (default: ${DEFAULT-VALUE})")
        String mqtt;
        @Option(names = "--qos", defaultValue = "1", description = "0 or 1 (default: ${DEFAULT-VALUE})")
        int qos;
        @Option(names = "--window", defaultValue = "32", description = "In-flight QoS 1 publishes per connection (default: ${DEFAULT-VALUE})")
        int window;
        @Option(names = "--pack-bytes", defaultValue = "200", description = "SenML pack size (default: ${DEFAULT-VALUE})")
        int packBytes;
        @Option(names = "--threads", defaultValue = "1", description = "Event loop threads (default: ${DEFAULT-VALUE})")
        int threads;
        @Option(names = "--keep-alive", defaultValue = "600", description = "MQTT keep-alive seconds (default: ${DEFAULT-VALUE})")
        int keepAlive;
        @Option(names = "--connect-rate", defaultValue = "0", description = "Connects/s (0 = as fast as the connect window allows)")
        double connectRate;
        @Option(names = "--connect-window", defaultValue = "1000", description = "Connects awaiting CONNACK (default: ${DEFAULT-VALUE})")
        int connectWindow;
        @Option(names = "--connect-timeout", defaultValue = "120", description = "Seconds for a connect phase (default: ${DEFAULT-VALUE})")
        int connectTimeout;
        @Option(names = "--phases", split = ",", defaultValue = "ramp,max", description = "ramp,idle,max,rate,storm in order (default: ${DEFAULT-VALUE})")
        List<String> phases;
        @Option(names = "--warmup", defaultValue = "5", description = "Seconds before measuring max/rate (default: ${DEFAULT-VALUE})")
        double warmup;
        @Option(names = "--duration", defaultValue = "20", description = "Measured seconds of max/rate (default: ${DEFAULT-VALUE})")
        double duration;
        @Option(names = "--rate", defaultValue = "1", description = "Packs/s per device in the rate phase (default: ${DEFAULT-VALUE})")
        double rate;
        @Option(names = "--idle-seconds", defaultValue = "10", description = "Hold time of the idle phase (default: ${DEFAULT-VALUE})")
        double idleSeconds;
        @Option(names = "--watch-pid", defaultValue = "0", description = "Broker process to sample for CPU and RSS")
        long watchPid;
        @Option(names = "--watch-jvm", description = "The watched broker is a JVM: full GC (jcmd GC.run) before memory samples")
        boolean watchJvm;
        @Option(names = "--ws-url", description = "Gateway live WebSocket, e.g. ws://127.0.0.1:8080/ws (probe off when absent)")
        URI wsUrl;
        @Option(names = "--ws-user", defaultValue = "bench", description = "User for the WebSocket (default: ${DEFAULT-VALUE})")
        String wsUser;
        @Option(names = "--ws-password-env", defaultValue = "HOMEWARD_BENCH_PASSWORD",
                description = "Environment variable holding the WebSocket user's password (default: ${DEFAULT-VALUE})")
        String wsPasswordEnv;
        @Option(names = "--label", defaultValue = "", description = "Free text stored in the report (e.g. broker and durability)")
        String label;
        @Option(names = "--out", description = "Write <prefix>.json and <prefix>.md")
        Path out;
        @Option(names = "--client", defaultValue = "netty", description = "netty (asynchronous, Netty MQTT codec, all phases) or "
                + "paho (the realistic device client, one Paho MQTT 3.1.1 client per device; phases ramp,rate only) "
                + "(default: ${DEFAULT-VALUE})")
        String client;

        @Override
        public Integer call() throws Exception {
            List<Credentials> creds = loadCredentials();
            LoadSettings settings = new LoadSettings(host, port, "5".equals(mqtt) ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1,
                    MqttQoS.valueOf(qos), window, packBytes, threads, keepAlive, connectWindow);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("label", label);
            s.put("client", client);
            s.put("devices", creds.size());
            s.put("mqtt", mqtt);
            s.put("qos", qos);
            s.put("window", window);
            s.put("packBytes", new PackBuilder("x", packBytes).size());
            s.put("threads", threads);
            s.put("phases", phases);
            s.put("ratePerDevice", rate);
            s.put("connectRate", connectRate);
            s.put("watchedBrokerPid", watchPid);
            Report report = new Report("LoadMain " + String.join(" ", argv), s);
            BenchRun.Plan plan = new BenchRun.Plan(phases, connectRate, warmup, duration, rate, idleSeconds,
                    connectTimeout * 1000L);
            if (client.equals("paho")) {
                if (wsUrl != null || !"3.1.1".equals(mqtt)) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "--client paho: MQTT 3.1.1, no --ws-url");
                }
                new PahoRun(settings, creds, report, System.err::println).run(plan);
                return finish(report);
            }
            if (!client.equals("netty")) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--client must be netty or paho");
            }
            FleetStats stats = new FleetStats();
            SendLog sendLog = wsUrl == null ? null : new SendLog();
            WsProbe probe = null;
            try (MqttFleet fleet = new MqttFleet(settings, creds, stats, sendLog)) {
                if (wsUrl != null) {
                    probe = new WsProbe(sendLog, stats);
                    String pw = System.getenv(wsPasswordEnv);
                    probe.connect(wsUrl, wsUser, pw == null ? "" : pw, 30_000);
                }
                new BenchRun(fleet, stats, new ProcWatch(watchPid, watchJvm), report, System.err::println).run(plan);
                if (probe != null) {
                    Map<String, Object> p = report.phase("websocket");
                    p.put("patient_messages", probe.patientMessages.sum());
                    p.put("matched", probe.matched.sum());
                }
            } finally {
                if (probe != null) {
                    probe.close();
                }
            }
            return finish(report);
        }

        private int finish(Report report) throws java.io.IOException {
            System.out.println(report.markdown());
            if (out != null) {
                report.write(out);
            }
            return 0;
        }

        private List<Credentials> loadCredentials() throws java.io.IOException {
            List<Credentials> all;
            if (credentials != null) {
                all = Credentials.read(credentials);
            } else if (anonymous && devices > 0) {
                all = new ArrayList<>();
                for (int i = 1; i <= devices; i++) {
                    all.add(new Credentials("load-" + i, "anonymous", "load-p" + i, "patch"));
                }
            } else {
                throw new CommandLine.ParameterException(new CommandLine(this), "--credentials FILE or --anonymous --devices N is required");
            }
            return devices > 0 && devices < all.size() ? all.subList(0, devices) : all;
        }
    }

    @Command(name = "null-sink", mixinStandardHelpOptions = true,
            description = "MQTT server that accepts every CONNECT and PUBACKs every QoS 1 PUBLISH (load-generator ceiling)")
    static final class Sink implements Callable<Integer> {
        @Option(names = "--host", defaultValue = "127.0.0.1")
        String host;
        @Option(names = "--port", defaultValue = "0", description = "0 = ephemeral")
        int port;
        @Option(names = "--threads", defaultValue = "1")
        int threads;
        @Option(names = "--port-file", description = "Write the bound port here")
        Path portFile;

        @Override
        public Integer call() throws Exception {
            try (NullSink sink = new NullSink(host, port, threads)) {
                if (portFile != null) {
                    Files.writeString(portFile, Integer.toString(sink.port()));
                }
                System.out.println("null-sink listening on " + host + ":" + sink.port() + " (" + Transport.name() + ")");
                new CountDownLatch(1).await();
            }
            return 0;
        }
    }
}

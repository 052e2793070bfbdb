package org.homeward.sim;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.homeward.sim.entries.HttpEntrySink;
import org.homeward.sim.entries.JsonLinesEntrySink;
import org.homeward.sim.model.DeviceKind;
import org.homeward.sim.model.Emission;
import org.homeward.sim.model.PatientKit;
import org.homeward.sim.model.PatientTrace;
import org.homeward.sim.model.Population;
import org.homeward.sim.model.RunProfile;
import org.homeward.sim.model.ScenarioLibrary;
import org.homeward.sim.model.Seeds;
import org.homeward.sim.provision.Credential;
import org.homeward.sim.provision.CredentialsFile;
import org.homeward.sim.senml.SenmlFormat;
import org.homeward.sim.transport.CoapSupport;
import org.homeward.sim.transport.DeviceLink;
import org.homeward.sim.transport.LinkSettings;
import org.homeward.sim.transport.Links;
import org.homeward.sim.transport.SimStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: connect simulated patients' devices to a gateway and play their scenarios. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Connect N simulated patients (patch, oximeter, BP cuff each) to the gateway over MQTT "
                + "and CoAP/DTLS and play their scenarios. Prints a progress line every few seconds.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ProfileOptions options;

    @Option(names = "--creds", defaultValue = "creds.json", description = "Credentials file from 'provision' (default ${DEFAULT-VALUE}).")
    Path creds;

    @Option(names = "--patients", defaultValue = "10", description = "Patients to simulate (default ${DEFAULT-VALUE}).")
    int patients;

    @Option(names = "--mqtt", defaultValue = "localhost:1883", description = "MQTT target host:port (default ${DEFAULT-VALUE});"
            + " a comma list (gateways of a cluster) spreads the patients over them, each MQTT device trying the others in turn"
            + " when its own is gone.")
    String mqtt;

    @Option(names = "--coap", defaultValue = "localhost:5684", description = "CoAP/DTLS target host:port (default ${DEFAULT-VALUE});"
            + " a comma list spreads the patients over them, each CoAP device moving to the next after a failed exchange.")
    String coap;

    @Option(names = "--coap-ratio", defaultValue = "0.3", description = "Share of devices on CoAP/DTLS, 0..1 (default ${DEFAULT-VALUE}).")
    double coapRatio;

    @Option(names = "--mqtt5-ratio", defaultValue = "0.5", description = "Share of MQTT devices on MQTT 5, 0..1 (default ${DEFAULT-VALUE}).")
    double mqtt5Ratio;

    @Option(names = "--cbor-ratio", defaultValue = "0", description = "Share of devices sending SenML CBOR, 0..1 (default ${DEFAULT-VALUE}).")
    double cborRatio;

    @Option(names = "--buffer", defaultValue = "10000", description = "Offline buffer per device, packs (default ${DEFAULT-VALUE}).")
    int buffer;

    @Option(names = "--progress", defaultValue = "5s", converter = DurationConverter.class,
            description = "Progress line interval (default ${DEFAULT-VALUE}).")
    Duration progress;

    @Option(names = "--manual-out", description = "Also append due manual entries (ICE neuro-checks) to this file as JSON lines "
            + "{\"patientId\",\"time\",\"ice\"}.")
    Path manualOut;

    @Mixin
    ApiOptions api;

    private final LongAdder manualEntries = new LongAdder();
    /** Cuffs measure now when the gateway asks (issue 16): they remember their last blood pressure. */
    private final CuffCommands cuffCommands = new CuffCommands(Clock.systemUTC());
    private JsonLinesEntrySink jsonLines;
    private HttpEntrySink httpEntries;

    @Override
    public Integer call() throws Exception {
        checkRatio("--coap-ratio", coapRatio);
        checkRatio("--mqtt5-ratio", mqtt5Ratio);
        checkRatio("--cbor-ratio", cborRatio);
        Map<String, Map<DeviceKind, Credential>> byPatient = CredentialsFile.byPatient(CredentialsFile.read(creds));
        List<String> complete = CredentialsFile.completeKits(byPatient);
        if (complete.size() < patients) {
            spec.commandLine().getErr().printf("%s has %d complete kits (patch, oximeter, bp-cuff) but --patients is %d; "
                    + "run 'provision --patients %d' first%n", creds, complete.size(), patients, patients);
            return 2;
        }
        List<HostPort> mqttTargets = targets(mqtt, 1883);
        jsonLines = manualOut == null ? null : new JsonLinesEntrySink(manualOut);
        httpEntries = api.sink(Clock.systemUTC());
        List<HostPort> coapTargets = targets(coap, 5684);
        RunProfile profile = options.profile(Instant.now());
        List<String> names = Population.assign(Population.parseMix(options.scenario), patients, options.seed);
        SimStats stats = new SimStats();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "sim-scheduler");
            t.setDaemon(true);
            return t;
        });
        Map<String, DeviceLink> links = new HashMap<>();
        Map<String, SenmlFormat> formats = new java.util.concurrent.ConcurrentHashMap<>();
        List<PatientTrace> traces = new ArrayList<>();
        int[] perTransport = new int[Links.Kind.values().length];
        try (CoapSupport coapSupport = new CoapSupport()) {
            for (int i = 0; i < patients; i++) {
                String patientId = complete.get(i);
                Map<DeviceKind, String> ids = new EnumMap<>(DeviceKind.class);
                for (Map.Entry<DeviceKind, Credential> e : byPatient.get(patientId).entrySet()) {
                    Credential c = e.getValue();
                    ids.put(e.getKey(), c.deviceId());
                    SplittableRandom r = Seeds.stream(options.seed, i * 8L + e.getKey().ordinal(), 9);
                    Links.Kind kind = r.nextDouble() < coapRatio ? Links.Kind.COAP
                            : r.nextDouble() < mqtt5Ratio ? Links.Kind.MQTT5 : Links.Kind.MQTT3;
                    perTransport[kind.ordinal()]++;
                    List<HostPort> spread = kind == Links.Kind.COAP ? coapTargets : mqttTargets;
                    HostPort target = spread.get(i % spread.size()); // patient i's devices on gateway i mod n
                    List<String> others = new ArrayList<>();
                    for (int k = 1; k < spread.size(); k++) {
                        others.add(spread.get((i + k) % spread.size()).toString());
                    }
                    String baseName = PatientKit.baseName(profile.baseNameTemplate(), c.deviceId());
                    LinkSettings s = new LinkSettings(target.host(), target.port(), c.deviceId(), c.secret(),
                            baseName, buffer, scheduler, stats, others,
                            cuffCommands.handler(c.deviceId(), e.getKey(), baseName, formats::get));
                    links.put(c.deviceId(), Links.create(kind, s, coapSupport));
                    formats.put(c.deviceId(), r.nextDouble() < cborRatio ? SenmlFormat.CBOR : SenmlFormat.JSON);
                }
                PatientKit kit = new PatientKit(i, patientId, ScenarioLibrary.load(names.get(i)), ids);
                traces.add(new PatientTrace(kit, profile, options.seed));
            }
            System.out.printf("homeward-device-sim: %d patients, %d devices (mqtt3=%d mqtt5=%d coap=%d) -> mqtt %s, coaps %s, "
                            + "time-scale %.0f, seed %d%n", patients, links.size(), perTransport[0], perTransport[1],
                    perTransport[2], mqttTargets, coapTargets, options.timeScale, options.seed);
            if (httpEntries != null) {
                System.out.printf("manual entries -> %s as %s%n", api.apiUrl, api.apiUser);
            }
            return play(profile, traces, links, formats, stats, scheduler);
        } finally {
            if (httpEntries != null) {
                httpEntries.close();
            }
            links.values().forEach(DeviceLink::close);
            scheduler.shutdownNow();
        }
    }

    private static List<HostPort> targets(String list, int defaultPort) {
        List<HostPort> out = new ArrayList<>();
        for (String t : list.split(",")) {
            if (!t.isBlank()) {
                out.add(HostPort.parse(t, defaultPort));
            }
        }
        if (out.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new Object()), "'" + list + "' names no host:port");
        }
        return out;
    }

    private int play(RunProfile profile, List<PatientTrace> traces, Map<String, DeviceLink> links,
                     Map<String, SenmlFormat> formats, SimStats stats, ScheduledExecutorService scheduler) {
        links.values().forEach(DeviceLink::start);
        scheduler.scheduleWithFixedDelay(() -> links.values().forEach(DeviceLink::pump), 1, 1, TimeUnit.SECONDS);
        long[] lastAcked = {0};
        long progressMs = progress.toMillis();
        scheduler.scheduleAtFixedRate(() -> {
            long acked = stats.acked.sum();
            System.out.println(stats.line((acked - lastAcked[0]) * 1000.0 / progressMs) + manualLine());
            lastAcked[0] = acked;
        }, progressMs, progressMs, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        Player.Routing routing = new Player.Routing() {
            @Override
            public DeviceLink link(String deviceId) {
                return links.get(deviceId);
            }

            @Override
            public SenmlFormat format(String deviceId) {
                return formats.get(deviceId);
            }

            @Override
            public void sent(Emission e) {
                cuffCommands.seen(e);
            }
        };
        // the traces themselves end at --duration (or the scenario's end), so play until they are done
        new Player(traces, routing, this::manualEntry).play(start, () -> false);
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < drainUntil && stats.acked.sum() + stats.errors.sum() < stats.sent.sum()) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        if (httpEntries != null) {
            httpEntries.finish(Duration.ofSeconds(15));
        }
        System.out.println("done: " + stats.line(0) + manualLine());
        int exit = 0;
        java.io.PrintWriter err = spec.commandLine().getErr();
        if (stats.sent.sum() > 0 && stats.acked.sum() == 0) {
            err.println("nothing was acknowledged: is the gateway running, and are the credentials provisioned?");
            exit = 3;
        }
        long failed = httpEntries == null ? 0 : httpEntries.failed.sum();
        if (failed > 0) {
            String why = httpEntries.lastProblem().isEmpty() ? "none recorded: queue full or still waiting at the end"
                    : httpEntries.lastProblem();
            err.println("manual entries failed: " + failed + " of " + manualEntries.sum() + " due could not be posted to "
                    + api.apiUrl + " (" + httpEntries.line() + "; last problem: " + why + ")");
            exit = 3;
        }
        err.flush();
        return exit;
    }

    private void manualEntry(Emission e) {
        manualEntries.increment();
        LOG.debug("manual entry due: {}", e.pack().records().get(0));
        if (jsonLines != null) {
            jsonLines.accept(e);
        }
        if (httpEntries != null) {
            httpEntries.accept(e);
        }
    }

    /** {@code manual=<due>} and, when posting, {@code posted=… retried=… failed=…}. */
    private String manualLine() {
        return " manual=" + manualEntries.sum() + (httpEntries == null ? "" : " " + httpEntries.line());
    }

    private static void checkRatio(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + v);
        }
    }
}

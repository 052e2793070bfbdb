package org.homeward.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.homeward.gateway.adapter.coap.CoapAdapter;
import org.homeward.gateway.adapter.coap.CoapSettings;
import org.homeward.gateway.adapter.mqtt.MqttServer;
import org.homeward.gateway.adapter.mqtt.NettyTransport;
import org.homeward.gateway.app.AlarmJournal;
import org.homeward.gateway.app.AlarmWrites;
import org.homeward.gateway.app.FdBudget;
import org.homeward.gateway.app.ClinicalBinding;
import org.homeward.gateway.app.GatewayHealth;
import org.homeward.gateway.app.JournalReplay;
import org.homeward.gateway.app.NurseCommands;
import org.homeward.gateway.app.RegistryAdminService;
import org.homeward.gateway.app.RegistrySync;
import org.homeward.gateway.app.RegistryUsers;
import org.homeward.gateway.audit.AlarmAudit;
import org.homeward.gateway.audit.AuditLog;
import org.homeward.gateway.audit.WebAuditTrail;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.config.GatewayConfig;
import org.homeward.gateway.config.GatewaySettings;
import org.homeward.gateway.device.AuthBackoff;
import org.homeward.gateway.device.FileDeviceDirectory;
import org.homeward.gateway.device.RegistryAdmin;
import org.homeward.gateway.device.RegistryStore;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.forward.EscalationNotifier;
import org.homeward.gateway.forward.Forwarder;
import org.homeward.gateway.forward.Forwarders;
import org.homeward.gateway.forward.JournalRetention;
import org.homeward.gateway.forward.Sink;
import org.homeward.gateway.ingest.DefaultIngestService;
import org.homeward.gateway.ingest.PackDecoder;
import org.homeward.gateway.ingest.senml.PackResult;
import org.homeward.gateway.ingest.senml.SenmlPackDecoder;
import org.homeward.gateway.files.PrivateFiles;
import org.homeward.gateway.journal.DiskAlarm;
import org.homeward.gateway.journal.JournalFaultAlarm;
import org.homeward.gateway.journal.SegmentedJournal;
import org.homeward.gateway.processing.LiveFanout;
import org.homeward.gateway.processing.JournalReadingLog;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.web.HttpServer;
import org.homeward.gateway.web.LiveHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component from the typed settings, in dependency order,
 * wires them by hand, and closes them in reverse order. Start-up replays the journal into the
 * patient shards before any listener opens, so the first reading a device sends lands on the
 * state the gateway had when it stopped.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private PrometheusMeterRegistry meters;
    private final LiveFanout liveFanout = new LiveFanout();
    private final AtomicBoolean ready = new AtomicBoolean();
    /** The forwarders, for /health's sink alarms; set once they are started (the HTTP server starts first). */
    private final java.util.concurrent.atomic.AtomicReference<Forwarders> forwardersOnceStarted =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** Audit lines waiting for the audit thread (each append is an fsync); overflow is counted and logged. */
    private static final int AUDIT_QUEUE = 16_384;

    private Gateway() {
    }

    /** Starts a gateway; on failure everything already started is closed and the error rethrown. */
    public static Gateway start(GatewayConfig cfg) throws IOException, InterruptedException {
        Gateway g = new Gateway();
        try {
            g.boot(cfg, Clock.systemUTC());
            return g;
        } catch (IOException | InterruptedException | RuntimeException e) {
            g.close();
            throw e;
        }
    }

    /** Bound ports by name (mqtt, mqtt.tls, coap, coaps, http); -1 or absent when off. */
    public Map<String, Integer> ports() {
        return Map.copyOf(ports);
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    private void boot(GatewayConfig cfg, Clock clock) throws IOException, InterruptedException {
        ComponentSettings settings = new ComponentSettings(cfg);
        CoapSettings coapSettings = settings.coap(); // reads the DTLS certificate files: fail before anything starts
        io.netty.handler.ssl.SslProvider tlsProvider = settings.tlsProvider(); // tls.provider=openssl without tcnative stops here
        FdBudget fds = settings.fdBudget();
        if (fds.lowered()) {
            LOG.warn(fds.describe());
        } else {
            LOG.info(fds.describe());
        }
        Path dataDir = settings.dataDir();
        PrivateFiles.createDirectories(dataDir);
        lockDataDir(dataDir);
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);

        FileDeviceDirectory directory = new FileDeviceDirectory(new RegistryStore(dataDir));
        SegmentedJournal journal = SegmentedJournal.open(settings.journal(), clock, meters);
        closeables.add(journal);
        long journalMaxBytes = settings.journal().maxBytes();
        DiskAlarm diskAlarm = new DiskAlarm(journal::nearFull, journal::sizeBytes, journalMaxBytes, meters, clock);
        JournalFaultAlarm journalFault = new JournalFaultAlarm(journal::faultedSince, meters);
        AlarmWrites alarmWrites = new AlarmWrites(journal);

        ThreadPoolExecutor auditExecutor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(AUDIT_QUEUE), daemon("audit"));
        closeables.add(auditExecutor::shutdown);
        AuditLog audit = settings.auditLog();
        WebAuditTrail auditTrail = new WebAuditTrail(audit, auditExecutor, clock, meters);
        AlarmAudit alarmAudit = new AlarmAudit(auditTrail);

        ClinicalSettings clinical = settings.clinical();
        EscalationNotifier notifier = new EscalationNotifier(settings.escalationWebhook(), meters);
        closeables.add(notifier);
        PatientShards shards = new PatientShards(settings.shards(), new JournalReadingLog(journal, meters),
                new ClinicalBinding(clinical, notifier), liveFanout, new AlarmJournal(alarmAudit, alarmWrites, meters), clock,
                clinical.zone(), meters);
        closeables.add(shards);
        RegistrySync registry = RegistrySync.of(directory, shards);
        registry.sync();
        long replayed = JournalReplay.into(journal, shards, alarmAudit).run();
        shards.replayDone();
        shards.start();
        registry.keepOnlyAssignedDevices();
        LOG.info("journal replayed: {} entries; {} patients, {} devices registered", replayed,
                directory.data().patients().size(), directory.data().devices().size());

        SenmlPackDecoder senml = new SenmlPackDecoder(settings.senml());
        PackDecoder decoder = (format, payload, deviceId, patientId, at) -> {
            PackResult r = senml.decode(format, payload, deviceId, patientId, at);
            return new PackDecoder.Result(r.readings(), r.rejections(), r.warnings(), r.updateIntervalMillis());
        };
        DefaultIngestService ingest = new DefaultIngestService(directory, decoder, journal, shards, meters,
                settings.rateLimiter(clock));
        AuthBackoff backoff = settings.authBackoff(clock);
        Consumer<DeviceEvent> deviceEvents = shards::deviceEvent;

        NettyTransport transport = NettyTransport.create(0);
        closeables.add(transport);
        MqttServer mqtt = new MqttServer(settings.mqtt(), ingest, directory, deviceEvents, meters, clock, transport,
                backoff, tlsProvider);
        closeables.add(mqtt);
        MqttServer.Ports mqttPorts = mqtt.start();
        ports.put("mqtt", mqttPorts.mqtt());
        ports.put("mqtt.tls", mqttPorts.mqttTls());

        CoapAdapter coap = new CoapAdapter(coapSettings, ingest, directory, deviceEvents, meters, clock, backoff);
        closeables.add(coap);
        coap.start();
        ports.put("coap", coap.coapPort());
        ports.put("coaps", coap.coapsPort());
        if (cfg.bool(GatewaySettings.HTTP_ENABLED)) {
            LiveHub hub = new LiveHub(shards, settings.http().viewerAlarmQueue(), meters, clock);
            liveFanout.target(hub);
            RegistryAdminService admin = new RegistryAdminService(new RegistryAdmin(new RegistryStore(dataDir), audit, clock),
                    shards, registry::reloadNow);
            HttpServer http = new HttpServer(settings.http(), shards,
                    new NurseCommands(shards, journal, alarmWrites, auditTrail), new RegistryUsers(directory, clock),
                    meters, new GatewayHealth(journal, journalMaxBytes, diskAlarm, journalFault, () -> technicalAlarms(shards), shards,
                            mqtt::sessionCount, ports,
                            tlsProvider, ready::get), hub, meters, clock, auditTrail, settings.httpTls(), admin);
            closeables.add(http);
            ports.put("http", http.start());
        }
        List<Forwarder> list = new ArrayList<>();
        for (Sink sink : sinksOrFail(settings)) {
            list.add(new Forwarder(journal, sink, settings.forwarder(), dataDir, settings.gatewayId(), meters, clock));
        }
        Forwarders forwarders = new Forwarders(journal, list);
        closeables.add(forwarders);
        forwarders.start();
        forwardersOnceStarted.set(forwarders);
        writePorts(dataDir);
        ready.set(true);
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(daemon("housekeeping"));
        closeables.add(housekeeping::shutdownNow);
        long poll = cfg.duration(GatewaySettings.REGISTRY_POLL).toMillis();
        housekeeping.scheduleWithFixedDelay(registry::reload, poll, poll, TimeUnit.MILLISECONDS);
        long retention = settings.retention().toMillis();
        long check = settings.retentionCheck().toMillis();
        housekeeping.scheduleWithFixedDelay(new JournalRetention(journal, forwarders, shards::evaluatedPosition,
                diskAlarm, retention, clock), check, check, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(shards::checkTechnicalAlarms, 1, 1, TimeUnit.SECONDS);
    }

    /** The shards' technical alarms and, once the forwarders run, every sink's FORWARD-SINK-DOWN. */
    private List<Map<String, Object>> technicalAlarms(PatientShards shards) {
        List<Map<String, Object>> all = new ArrayList<>(shards.technicalAlarms());
        Forwarders f = forwardersOnceStarted.get();
        if (f != null) {
            all.addAll(f.technicalAlarms());
        }
        return all;
    }

    private static List<Sink> sinksOrFail(ComponentSettings settings) throws IOException {
        try {
            return settings.sinks();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("a forwarder could not be created: " + e, e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private void writePorts(Path dataDir) throws IOException {
        Path tmp = dataDir.resolve("ports.json.tmp");
        PrivateFiles.write(tmp, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(ports));
        Files.move(tmp, dataDir.resolve("ports.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        LOG.info("listening: {}", ports);
    }

    private void lockDataDir(Path dataDir) throws IOException {
        FileChannel ch = PrivateFiles.open(dataDir.resolve("gateway.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) {
            ch.close();
            throw new IllegalStateException("another gateway is running on data.dir " + dataDir.toAbsolutePath());
        }
        closeables.add(ch);
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", closeables.get(i), e.toString());
            }
        }
        closeables.clear();
    }
}

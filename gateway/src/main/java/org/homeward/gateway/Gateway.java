package org.homeward.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
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
import org.homeward.gateway.app.FdBudget;
import org.homeward.gateway.app.ClinicalBinding;
import org.homeward.gateway.app.DiskSpace;
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
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.device.RegistryStore;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.forward.EscalationNotifier;
import org.homeward.gateway.forward.Forwarder;
import org.homeward.gateway.forward.Forwarders;
import org.homeward.gateway.forward.JournalRetention;
import org.homeward.gateway.forward.Sink;
import org.homeward.gateway.ingest.DefaultIngestService;
import org.homeward.gateway.journal.DiskAlarm;
import org.homeward.gateway.journal.JournalFaultAlarm;
import org.homeward.gateway.journal.SegmentedJournal;
import org.homeward.gateway.processing.LiveFanout;
import org.homeward.gateway.processing.JournalReadingLog;
import org.homeward.gateway.processing.PatientShards;
import org.homeward.gateway.web.HttpServer;
import org.homeward.gateway.web.LiveHub;
import org.homeward.gateway.web.WebParts;
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
    /** How often housekeeping measures data.dir's free space for readiness. */
    private static final long DISK_CHECK_SECONDS = 5;

    private Gateway() {
    }

    /** Starts a gateway on the system clock; on failure everything already started is closed and the error rethrown. */
    public static Gateway start(GatewayConfig cfg) throws IOException, InterruptedException {
        return start(cfg, Clock.systemUTC());
    }

    /**
     * Starts a gateway whose every component reads time from {@code clock} (receive times, alarm times,
     * rule windows, audit, back-offs, retention), so a test can run a whole gateway on a fixed or
     * advanced clock. On failure everything already started is closed and the error rethrown.
     */
    public static Gateway start(GatewayConfig cfg, Clock clock) throws IOException, InterruptedException {
        Gateway g = new Gateway();
        try {
            g.boot(cfg, clock);
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
        DataDir dir = new DataDir(dataDir);
        closeables.add(dir.lock());
        meters = GatewayRuntime.meters();

        int registryVersion = new RegistryStore(dataDir).upgrade();
        if (registryVersion > 0 && registryVersion < RegistryData.FORMAT_VERSION) {
            LOG.info("registry file upgraded from format version {} to {}", registryVersion, RegistryData.FORMAT_VERSION);
        }
        FileDeviceDirectory directory = new FileDeviceDirectory(new RegistryStore(dataDir));
        SegmentedJournal journal = SegmentedJournal.open(settings.journal(), clock, meters);
        closeables.add(journal);
        long journalMaxBytes = settings.journal().maxBytes();
        DiskAlarm diskAlarm = new DiskAlarm(journal::nearFull, journal::sizeBytes, journalMaxBytes, meters, clock);
        JournalFaultAlarm journalFault = new JournalFaultAlarm(journal::faultedSince, meters);

        ThreadPoolExecutor auditExecutor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(AUDIT_QUEUE), GatewayRuntime.daemon("audit"));
        closeables.add(auditExecutor::shutdown);
        AuditLog audit = settings.auditLog();
        WebAuditTrail auditTrail = new WebAuditTrail(audit, auditExecutor, clock, meters);
        AlarmAudit alarmAudit = new AlarmAudit(auditTrail);

        ClinicalSettings clinical = settings.clinical();
        EscalationNotifier notifier = new EscalationNotifier(settings.escalationWebhook(), meters);
        closeables.add(notifier);
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(GatewayRuntime.daemon("housekeeping"));
        closeables.add(housekeeping::shutdownNow);
        AlarmJournal alarmJournal = new AlarmJournal(alarmAudit, journal, meters, clock);
        housekeeping.scheduleWithFixedDelay(alarmJournal::retryDue, 100, 100, TimeUnit.MILLISECONDS);
        PatientShards shards = new PatientShards(settings.shards(), new JournalReadingLog(journal, meters),
                new ClinicalBinding(clinical, notifier), liveFanout, alarmJournal, clock, clinical.zone(), meters);
        closeables.add(shards);
        RegistrySync registry = RegistrySync.of(directory, shards);
        directory.onNewVersion(registry::markDischarged);
        registry.sync();
        long replayed = JournalReplay.into(journal, shards, alarmAudit).run();
        shards.replayDone();
        shards.start();
        registry.keepOnlyAssignedDevices();
        registry.closeDischargedAlarms();
        LOG.info("journal replayed: {} entries; {} patients, {} devices registered", replayed,
                directory.data().patients().size(), directory.data().devices().size());

        DefaultIngestService ingest = new DefaultIngestService(directory, settings.packDecoder(), journal, shards, meters,
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
        DiskSpace disk = new DiskSpace(dataDir);
        if (cfg.bool(GatewaySettings.HTTP_ENABLED)) {
            LiveHub hub = new LiveHub(shards, settings.http().viewerAlarmQueue(), meters, clock);
            liveFanout.target(hub);
            RegistryAdminService admin = new RegistryAdminService(new RegistryAdmin(new RegistryStore(dataDir), audit, clock),
                    shards, registry::reloadNow);
            HttpServer http = new HttpServer(new WebParts(settings.http(), shards,
                    new NurseCommands(shards, journal, alarmJournal, auditTrail), new RegistryUsers(directory, clock),
                    meters, new GatewayHealth(journal, journalMaxBytes, diskAlarm, journalFault,
                            () -> technicalAlarms(shards, alarmJournal), shards, mqtt::sessionCount, ports,
                            tlsProvider, ready::get, disk, this::startedForwarders), hub, meters, clock, auditTrail,
                    settings.httpTls(), admin));
            closeables.add(http);
            ports.put("http", http.start());
        }
        List<Forwarder> list = new ArrayList<>();
        for (Sink sink : settings.sinksOrFail()) {
            list.add(new Forwarder(journal, sink, settings.forwarder(), dataDir, settings.gatewayId(), meters, clock));
        }
        Forwarders forwarders = new Forwarders(journal, list);
        closeables.add(forwarders);
        forwarders.start();
        forwardersOnceStarted.set(forwarders);
        dir.writePorts(ports);
        LOG.info("listening: {}", ports);
        ready.set(true);
        long poll = cfg.duration(GatewaySettings.REGISTRY_POLL).toMillis();
        housekeeping.scheduleWithFixedDelay(registry::reload, poll, poll, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(disk, DISK_CHECK_SECONDS, DISK_CHECK_SECONDS, TimeUnit.SECONDS);
        long retention = settings.retention().toMillis();
        long check = settings.retentionCheck().toMillis();
        housekeeping.scheduleWithFixedDelay(new JournalRetention(journal, forwarders, shards::evaluatedPosition,
                diskAlarm, retention, clock), check, check, TimeUnit.MILLISECONDS);
        housekeeping.scheduleWithFixedDelay(shards::checkTechnicalAlarms, 1, 1, TimeUnit.SECONDS);
    }

    /** The forwarders once started (readiness reports them; the HTTP server starts first). */
    private List<Forwarder> startedForwarders() {
        Forwarders f = forwardersOnceStarted.get();
        return f == null ? List.of() : f.forwarders();
    }

    /**
     * The shards' technical alarms, alarm journaling's, and, once the forwarders run, every sink's
     * FORWARD-SINK-DOWN.
     */
    private List<Map<String, Object>> technicalAlarms(PatientShards shards, AlarmJournal alarmJournal) {
        List<Map<String, Object>> all = new ArrayList<>(shards.technicalAlarms());
        all.addAll(alarmJournal.technicalAlarms());
        Forwarders f = forwardersOnceStarted.get();
        if (f != null) {
            all.addAll(f.technicalAlarms());
        }
        return all;
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

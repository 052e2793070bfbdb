package org.homeward.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.homeward.gateway.adapter.coap.CoapAdapter;
import org.homeward.gateway.adapter.coap.CoapParts;
import org.homeward.gateway.adapter.coap.CoapSettings;
import org.homeward.gateway.adapter.mqtt.MqttServer;
import org.homeward.gateway.adapter.mqtt.NettyTransport;
import org.homeward.gateway.app.AlarmJournal;
import org.homeward.gateway.app.FdBudget;
import org.homeward.gateway.app.DiskSpace;
import org.homeward.gateway.app.GatewayHealth;
import org.homeward.gateway.app.NurseCommands;
import org.homeward.gateway.app.NurseDeviceCommands;
import org.homeward.gateway.app.RegistryAdminService;
import org.homeward.gateway.app.RegistryUsers;
import org.homeward.gateway.audit.AlarmAudit;
import org.homeward.gateway.audit.AuditLog;
import org.homeward.gateway.audit.WebAuditTrail;
import org.homeward.gateway.cluster.ClusterSettings;
import org.homeward.gateway.command.DeviceCommands;
import org.homeward.gateway.cluster.registry.NodeRegistry;
import org.homeward.gateway.config.GatewayConfig;
import org.homeward.gateway.config.GatewaySettings;
import org.homeward.gateway.device.AuthBackoff;
import org.homeward.gateway.device.FileDeviceDirectory;
import org.homeward.gateway.device.RegistryAdmin;
import org.homeward.gateway.device.RegistryStore;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.forward.EscalationNotifier;
import org.homeward.gateway.forward.Forwarders;
import org.homeward.gateway.forward.JournalRetention;
import org.homeward.gateway.ingest.DefaultIngestService;
import org.homeward.gateway.journal.DiskAlarm;
import org.homeward.gateway.journal.JournalFaultAlarm;
import org.homeward.gateway.journal.SegmentedJournal;
import org.homeward.gateway.processing.LiveFanout;
import org.homeward.gateway.processing.PatientQuery;
import org.homeward.gateway.web.HttpServer;
import org.homeward.gateway.web.LiveHub;
import org.homeward.gateway.web.WebParts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

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
    private final StartedForwarders startedForwarders = new StartedForwarders();

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
        LOG.atLevel(fds.lowered() ? Level.WARN : Level.INFO).log(fds.describe());
        Path dataDir = settings.dataDir();
        DataDir dir = new DataDir(dataDir);
        closeables.add(dir.lock());
        meters = GatewayRuntime.meters();

        // cluster mode: the registry comes from the cluster's registry topic, cached in data.dir's registry.json
        NodeRegistry clusterRegistry = ClusterRegistryWiring.node(cfg, dataDir, clock, meters);
        if (clusterRegistry != null) {
            closeables.add(clusterRegistry);
        }
        FileDeviceDirectory directory = dir.deviceDirectory();
        SegmentedJournal journal = own(SegmentedJournal.open(settings.journal(), clock, meters));
        long journalMaxBytes = settings.journal().maxBytes();
        DiskAlarm diskAlarm = new DiskAlarm(journal::nearFull, journal::sizeBytes, journalMaxBytes, meters, clock);
        JournalFaultAlarm journalFault = new JournalFaultAlarm(journal::faultedSince, meters);

        ExecutorService auditExecutor = GatewayRuntime.auditExecutor();
        closeables.add(auditExecutor::shutdown);
        AuditLog audit = settings.auditLog();
        WebAuditTrail auditTrail = new WebAuditTrail(audit, auditExecutor, clock, meters);
        AlarmAudit alarmAudit = new AlarmAudit(auditTrail);

        EscalationNotifier notifier = own(new EscalationNotifier(settings.escalationWebhook(), meters));
        Housekeeping housekeeping = own(new Housekeeping());
        ProcessingWiring.Common common = new ProcessingWiring.Common(settings, directory, journal, alarmAudit, notifier,
                liveFanout, meters, clock, closeables);
        ClusterSettings cluster = settings.cluster();
        ProcessingWiring processing = cluster.enabled() ? ProcessingWiring.cluster(common, housekeeping, cluster)
                : ProcessingWiring.local(common, housekeeping);
        AlarmJournal alarmJournal = processing.alarmJournal();
        PatientQuery shards = processing.query();
        if (clusterRegistry != null) {
            clusterRegistry.onApplied(processing.registryReloadNow()); // in force at once, not at the next poll
        }

        DefaultIngestService ingest = new DefaultIngestService(directory, settings.packDecoder(), processing.packs(),
                processing.sink(), meters, settings.rateLimiter(clock));
        AuthBackoff backoff = settings.authBackoff(clock);
        Consumer<DeviceEvent> deviceEvents = processing.deviceEvents();

        DeviceCommands commands = own(new DeviceCommands(dataDir.resolve("commands"), clock, meters));
        NurseDeviceCommands nurseDeviceCommands = new NurseDeviceCommands(commands, directory, auditTrail); // audits every transition
        NettyTransport transport = own(NettyTransport.create(0));
        MqttServer mqtt = own(new MqttServer(settings.mqtt(), ingest, directory, deviceEvents, meters, clock, transport,
                backoff, tlsProvider, commands));
        MqttServer.Ports mqttPorts = mqtt.start();
        ports.put("mqtt", mqttPorts.mqtt());
        ports.put("mqtt.tls", mqttPorts.mqttTls());

        CoapAdapter coap = own(new CoapAdapter(coapSettings,
                new CoapParts(ingest, directory, deviceEvents, meters, clock, backoff, commands)));
        coap.start();
        ports.put("coap", coap.coapPort());
        ports.put("coaps", coap.coapsPort());
        DiskSpace disk = new DiskSpace(dataDir);
        if (cfg.bool(GatewaySettings.HTTP_ENABLED)) {
            LiveHub hub = new LiveHub(shards, settings.http().viewerAlarmQueue(), meters, clock);
            liveFanout.target(hub);
            RegistryStore localRegistry = new RegistryStore(dataDir);
            RegistryAdminService admin = new RegistryAdminService(clusterRegistry == null
                    ? new RegistryAdmin(localRegistry, audit, clock)
                    : new RegistryAdmin(clusterRegistry.storage(), localRegistry.existingMasterKey(), audit, clock),
                    shards, processing.registryReloadNow());
            WebParts web = new WebParts(settings.http(), shards,
                    new NurseCommands(processing.commands(), processing.records(), alarmJournal, auditTrail),
                    new RegistryUsers(directory, clock), meters, new GatewayHealth(journal, journalMaxBytes, diskAlarm,
                            journalFault, () -> startedForwarders.technicalAlarms(processing.technicalAlarms().get(),
                            alarmJournal), shards, mqtt::sessionCount, ports, tlsProvider, ready::get, disk,
                            startedForwarders::list).cluster(processing.clusterStatus()), hub, meters, clock, auditTrail,
                    settings.httpTls(), admin, nurseDeviceCommands);
            // cluster mode: sessions signed with the master key, so a nurse keeps hers when her node dies
            HttpServer http = own(clusterRegistry == null ? new HttpServer(web)
                    : new HttpServer(web, localRegistry.existingMasterKey()));
            ports.put("http", http.start());
        }
        // cluster mode: the readings topic, one consumer group per sink, so each record goes out once per cluster
        Forwarders forwarders = own(cluster.enabled() ? settings.clusterForwarders(journal, meters, clock)
                : settings.forwarders(journal, meters, clock));
        forwarders.start();
        startedForwarders.set(forwarders);
        dir.writePorts(ports);
        LOG.info("listening: {}", ports);
        ready.set(true);
        housekeeping.startRunning(processing.registryReload(), cfg.duration(GatewaySettings.REGISTRY_POLL), disk,
                new JournalRetention(journal, forwarders, processing.evaluatedPosition(), diskAlarm,
                        settings.retention().toMillis(), clock), settings.retentionCheck(), processing.checkTechnicalAlarms());
    }

    /** Closes {@code c} when the gateway closes (in reverse order of opening) and returns it. */
    private <T extends AutoCloseable> T own(T c) {
        closeables.add(c);
        return c;
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

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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.config.GatewayConfig;
import org.homeward.gateway.config.GatewaySettings;
import org.homeward.gateway.device.AuthBackoff;
import org.homeward.gateway.device.FileDeviceDirectory;
import org.homeward.gateway.device.RegistryAdmin;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.device.RegistryStore;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.DeviceEvent;
import java.util.function.Consumer;
import org.homeward.gateway.adapter.coap.CoapAdapter;
import org.homeward.gateway.adapter.coap.CoapSettings;
import org.homeward.gateway.tls.TlsProviders;
import org.homeward.gateway.forward.Forwarder;
import org.homeward.gateway.forward.Forwarders;
import org.homeward.gateway.forward.Sink;
import org.homeward.gateway.adapter.mqtt.MqttServer;
import org.homeward.gateway.adapter.mqtt.NettyTransport;
import org.homeward.gateway.ingest.DefaultIngestService;
import org.homeward.gateway.ingest.PackDecoder;
import org.homeward.gateway.ingest.senml.PackResult;
import org.homeward.gateway.ingest.senml.SenmlPackDecoder;
import org.homeward.gateway.journal.JournalEntry;
import org.homeward.gateway.journal.JournalRecords;
import org.homeward.gateway.journal.SegmentedJournal;
import org.homeward.gateway.clinical.ClinicalSettings;
import org.homeward.gateway.processing.LiveListener;
import org.homeward.gateway.processing.PatientSnapshot;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.audit.AuditLog;
import org.homeward.gateway.web.HealthCheck;
import org.homeward.gateway.web.HttpServer;
import org.homeward.gateway.web.LiveHub;
import org.homeward.gateway.processing.PatientProfile;
import org.homeward.gateway.processing.PatientShards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.homeward.gateway.files.PrivateFiles;

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
    private SegmentedJournal journal;
    private final LiveFanout liveFanout = new LiveFanout();
    private MqttServer mqttServer;
    private volatile boolean ready;
    private volatile io.netty.handler.ssl.SslProvider tlsProvider;
    private PatientShards shards;
    private FileDeviceDirectory directory;
    /** Patients and device assignments as last told to the shards; guarded by {@code this} (see {@link #syncRegistry}). */
    private final Map<String, PatientProfile> toldPatients = new java.util.HashMap<>();
    private final Map<String, Assignment> assigned = new java.util.HashMap<>();

    /** A device's patient and kind, as the shards know it. */
    private record Assignment(String patientId, String kind) {
    }
    private DiskAlarm diskAlarm;
    private JournalFaultAlarm journalFault;
    private AlarmWrites alarmWrites;
    private long journalMaxBytes;
    private AlarmAudit alarmAudit;
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
        this.tlsProvider = tlsProvider;
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

        directory = new FileDeviceDirectory(new RegistryStore(dataDir));
        journal = SegmentedJournal.open(settings.journal(), clock, meters);
        closeables.add(journal);
        journalMaxBytes = settings.journal().maxBytes();
        diskAlarm = new DiskAlarm(journal::nearFull, journal::sizeBytes, journalMaxBytes, meters, clock);
        journalFault = new JournalFaultAlarm(journal::faultedSince, meters);
        alarmWrites = new AlarmWrites(journal);

        ThreadPoolExecutor auditExecutor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(AUDIT_QUEUE), daemon("audit"));
        closeables.add(auditExecutor::shutdown);
        AuditLog audit = settings.auditLog();
        WebAuditTrail auditTrail = new WebAuditTrail(audit, auditExecutor, clock, meters);
        alarmAudit = new AlarmAudit(auditTrail);

        ClinicalSettings clinical = settings.clinical();
        EscalationNotifier notifier = new EscalationNotifier(settings.escalationWebhook(), meters);
        closeables.add(notifier);
        shards = new PatientShards(settings.shards(), new ClinicalBinding(clinical, notifier), liveFanout,
                this::journalAlarm, clock, clinical.zone(), meters);
        closeables.add(shards);
        syncRegistry();
        long replayed = replay();
        shards.replayDone();
        shards.start();
        keepOnlyAssignedDevices();
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
            liveFanout.target = hub;
            RegistryAdminService admin = new RegistryAdminService(new RegistryAdmin(new RegistryStore(dataDir), audit, clock),
                    shards, this::reloadRegistryNow);
            HttpServer http = new HttpServer(settings.http(), shards,
                    new NurseCommands(shards, journal, alarmWrites, auditTrail), new RegistryUsers(directory, clock),
                    meters, this::health, hub, meters, clock, auditTrail, settings.httpTls(), admin);
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
        this.mqttServer = mqtt;
        writePorts(dataDir);
        ready = true;
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(daemon("housekeeping"));
        closeables.add(housekeeping::shutdownNow);
        long poll = cfg.duration(GatewaySettings.REGISTRY_POLL).toMillis();
        housekeeping.scheduleWithFixedDelay(this::reloadRegistry, poll, poll, TimeUnit.MILLISECONDS);
        long retention = settings.retention().toMillis();
        long check = settings.retentionCheck().toMillis();
        housekeeping.scheduleWithFixedDelay(() -> retain(forwarders, retention, clock), check, check,
                TimeUnit.MILLISECONDS);
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

    /**
     * Journal retention: a segment goes only when every forwarder has passed it and it is older
     * than the retention period. With no forwarder the journal is the only store and age alone counts.
     */
    private void retain(Forwarders forwarders, long retentionMillis, Clock clock) {
        try {
            long upTo = forwarders.forwarders().isEmpty() ? journal.lastSequence() : forwarders.lowestCursor();
            long freed = journal.deleteUpTo(upTo, clock.millis() - retentionMillis);
            if (freed > 0) {
                LOG.info("journal retention freed {} bytes", freed);
            }
            diskAlarm.check();
        } catch (IOException | RuntimeException e) {
            LOG.error("journal retention failed: {}", e.toString());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private HealthCheck.Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        long bytes = journal.sizeBytes();
        details.put("journal", Map.of("lastSequence", journal.lastSequence(), "bytes", bytes,
                "maxBytes", journalMaxBytes, "nearFull", journal.nearFull(),
                "full", journalMaxBytes > 0 && bytes >= journalMaxBytes, "writable", !journalFault.isActive()));
        List<Map<String, Object>> technical = new ArrayList<>(diskAlarm.active());
        technical.addAll(journalFault.active());
        details.put("technicalAlarms", technical);
        details.put("patients", shards.patients().size());
        details.put("mqttSessions", mqttServer == null ? 0 : mqttServer.sessionCount());
        details.put("ports", ports);
        details.put("fileDescriptors", Map.of("open", FdBudget.openNow(), "limit", FdBudget.processLimit()));
        if (tlsProvider != null) {
            details.put("tls", Map.of("provider", TlsProviders.name(tlsProvider),
                    "library", TlsProviders.library(tlsProvider)));
        }
        return new HealthCheck.Health(ready && !journal.nearFull() && !journalFault.isActive(), details);
    }

    /** Lets the shards be built before the live hub that reads them. */
    private static final class LiveFanout implements LiveListener {
        volatile LiveListener target = LiveListener.NONE;

        @Override
        public void onPatientChanged(PatientSnapshot snapshot, Reading reading) {
            target.onPatientChanged(snapshot, reading);
        }

        @Override
        public void onAlarm(Alarm alarm) {
            target.onAlarm(alarm);
        }
    }

    /**
     * Puts registry changes in force: the directory re-reads a changed file (its listeners close the
     * connections of revoked, rotated and moved devices) and the shards learn of new patients and
     * devices. Called by housekeeping every poll interval.
     */
    private void reloadRegistry() {
        if (directory.refresh()) {
            syncRegistry();
        }
    }

    /** After an admin API change: re-read the registry whatever its time stamp says, then as above. */
    private void reloadRegistryNow() {
        directory.reload();
        syncRegistry();
    }

    /**
     * Tells the shards of new or changed patients and devices, and takes a moved, revoked or deleted
     * device off its former patient. Only the differences from the last sync are sent: the shards'
     * control queues are bounded (overflow is shed), and one admin change must not re-send every
     * patient and device of the registry. Synchronized: housekeeping and admin requests both call it.
     */
    private synchronized void syncRegistry() {
        RegistryData data = directory.data();
        for (RegistryData.Patient p : data.patients()) {
            PatientProfile profile = new PatientProfile(p.patientId(), LocalDate.parse(p.infusionDate()), p.product(),
                    p.displayLabel());
            if (!profile.equals(toldPatients.put(p.patientId(), profile))) {
                shards.upsertPatient(profile);
            }
        }
        Map<String, Assignment> now = new java.util.HashMap<>();
        for (RegistryData.Device d : data.devices()) {
            if (!d.revoked() && d.patientId() != null && !d.patientId().isEmpty()) {
                Assignment a = new Assignment(d.patientId(), d.kind());
                now.put(d.deviceId(), a);
                if (!a.equals(assigned.get(d.deviceId()))) {
                    shards.registerDevice(d.patientId(), d.deviceId(), d.kind());
                }
            }
        }
        assigned.forEach((device, was) -> {
            Assignment is = now.get(device);
            if (is == null || !is.patientId().equals(was.patientId())) {
                shards.unregisterDevice(was.patientId(), device);
            }
        });
        assigned.clear();
        assigned.putAll(now);
    }

    /** The journal replay lists devices under the patients they sent for; the registry may have moved them since. */
    private synchronized void keepOnlyAssignedDevices() {
        Map<String, String> devicePatient = new java.util.HashMap<>();
        assigned.forEach((device, a) -> devicePatient.put(device, a.patientId()));
        shards.keepOnlyAssigned(devicePatient);
    }

    private long replay() throws IOException {
        long after = 0;
        long count = 0;
        while (true) {
            List<JournalEntry> batch = journal.read(after, 4096);
            if (batch.isEmpty()) {
                return count;
            }
            for (JournalEntry e : batch) {
                try {
                    JournalRecords.Decoded d = JournalRecords.decode(e.payload());
                    switch (d.type()) {
                        case JournalRecords.READINGS: shards.replayReadings(d.readings()); break;
                        case JournalRecords.ALARM:
                            shards.replayAlarm(d.alarm());
                            alarmAudit.remember(d.alarm());
                            break;
                        case JournalRecords.MANUAL: shards.replayManual(d.manual()); break;
                        case JournalRecords.THRESHOLDS: shards.replayThresholds(d.thresholds()); break;
                        default: break;
                    }
                } catch (IllegalArgumentException bad) {
                    LOG.error("journal entry {} cannot be decoded and is skipped: {}", e.sequence(), bad.getMessage());
                }
                after = e.sequence();
                count++;
            }
        }
    }

    private void journalAlarm(Alarm a) {
        alarmAudit.onChange(a);
        io.micrometer.core.instrument.Counter.builder(org.homeward.gateway.metrics.Meters.ALARMS).tag("rule", a.rule())
                .tag("priority", a.priority().name()).tag("state", a.state().name()).register(meters).increment();
        alarmWrites.write(a).whenComplete((seq, err) -> {
            if (err != null) {
                LOG.error("alarm change could not be journaled: {}", err.toString());
            }
        });
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

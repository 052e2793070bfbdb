package org.homeward.gateway.cluster.registry;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.homeward.gateway.audit.AuditLog;
import org.homeward.gateway.device.FileDeviceDirectory;
import org.homeward.gateway.device.RegistryAdmin;
import org.homeward.gateway.device.RegistryStore;
import org.homeward.gateway.files.PrivateFiles;

/**
 * One node's registry side in cluster mode, wired as the gateway wires it: a {@link NodeRegistry}
 * following the topic into the node's own registry.json, the {@link FileDeviceDirectory} devices
 * authenticate against (reloaded on each applied version), and the admin over the topic.
 */
final class RegistryTestNode implements AutoCloseable {
    final Path dataDir;
    final RegistryStore store;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final NodeRegistry registry;
    final FileDeviceDirectory directory;
    final RegistryAdmin admin;

    RegistryTestNode(String nodeId, Path dataDir, String bootstrap, String topic, int maxBytes, byte[] masterKey)
            throws IOException {
        this(nodeId, dataDir, bootstrap, topic, maxBytes, masterKey, 1, 1);
    }

    /** With the registry topic created with {@code replication} replicas and {@code minInsync} min.insync.replicas. */
    RegistryTestNode(String nodeId, Path dataDir, String bootstrap, String topic, int maxBytes, byte[] masterKey,
                     int replication, int minInsync) throws IOException {
        this.dataDir = dataDir;
        this.store = new RegistryStore(dataDir);
        PrivateFiles.createDirectories(store.masterKeyFile().getParent());
        Files.write(store.masterKeyFile(), masterKey); // operations copy the one master.key to every node
        RegistryTopic.ensure(base(bootstrap), topic, replication, minInsync, maxBytes);
        registry = NodeRegistry.start(settings(nodeId, topic, maxBytes), base(bootstrap), store, Clock.systemUTC(), meters,
                Duration.ofSeconds(60));
        directory = new FileDeviceDirectory(store);
        registry.onApplied(directory::reload);
        admin = new RegistryAdmin(registry.storage(), masterKey, new AuditLog(dataDir.resolve("audit/audit.log")),
                Clock.systemUTC());
    }

    static ClusterRegistry.Settings settings(String writer, String topic, int maxBytes) {
        return new ClusterRegistry.Settings(topic, writer, maxBytes, Duration.ofSeconds(30));
    }

    static Properties base(String bootstrap) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    double counted(String outcome) {
        var c = meters.find(org.homeward.gateway.metrics.Meters.REGISTRY_RECORDS).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        registry.close();
    }
}

package org.homeward.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.homeward.gateway.cluster.ClusterSettings;
import org.homeward.gateway.cluster.KafkaClients;
import org.homeward.gateway.cluster.registry.ClusterRegistry;
import org.homeward.gateway.cluster.registry.NodeRegistry;
import org.homeward.gateway.cluster.registry.OneShotRegistry;
import org.homeward.gateway.cluster.registry.RegistryTopic;
import org.homeward.gateway.config.GatewayConfig;
import org.homeward.gateway.config.GatewaySettings;
import org.homeward.gateway.device.RegistryStorage;
import org.homeward.gateway.device.RegistryStore;

/**
 * Cluster mode's registry, wired from the settings: a node's {@link NodeRegistry} (the registry
 * topic followed into the node's registry.json) and the command line's {@link OneShotRegistry}. Both
 * create the registry topic when it is missing and read the master key from {@code data.dir}, where
 * operations put the cluster's one copy. Called once by the starting thread or the command.
 */
final class ClusterRegistryWiring {
    /** Longest a node waits at start-up to read the registry topic to its end. */
    static final Duration START_WAIT = Duration.ofSeconds(60);
    /** Longest one registry change (compare-and-set, retries included) may take. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private ClusterRegistryWiring() {
    }

    /** The node's registry, caught up with the topic; null on the single-process default. */
    static NodeRegistry node(GatewayConfig cfg, Path dataDir, Clock clock, MeterRegistry meters) {
        ClusterSettings cluster = new ComponentSettings(cfg).cluster();
        if (!cluster.enabled()) {
            return null;
        }
        KafkaClients clients = ensureTopic(cfg, cluster);
        return NodeRegistry.start(settings(cfg, cluster, cluster.nodeId()), clients.common("registry"),
                new RegistryStore(dataDir), clock, meters, START_WAIT);
    }

    /** Where the admin commands write: the cluster's registry topic; null on the single-process default (the local file). */
    static RegistryStorage commandLine(GatewayConfig cfg) {
        ClusterSettings cluster = new ComponentSettings(cfg).cluster();
        if (!cluster.enabled()) {
            return null;
        }
        KafkaClients clients = ensureTopic(cfg, cluster);
        byte[] key = new RegistryStore(cfg.path(GatewaySettings.DATA_DIR)).existingMasterKey();
        return new OneShotRegistry(settings(cfg, cluster, "cli@" + cluster.nodeId()), clients.common("registry-cli"), key,
                Clock.systemUTC());
    }

    private static KafkaClients ensureTopic(GatewayConfig cfg, ClusterSettings cluster) {
        KafkaClients clients = new KafkaClients(cluster);
        RegistryTopic.ensure(clients.admin(), cluster.topics().registry(), cluster.replicationFactor(),
                cluster.minInsyncReplicas(), cfg.bytesInt(GatewaySettings.CLUSTER_REGISTRY_MAX_BYTES));
        return clients;
    }

    private static ClusterRegistry.Settings settings(GatewayConfig cfg, ClusterSettings cluster, String writer) {
        return new ClusterRegistry.Settings(cluster.topics().registry(), writer,
                cfg.bytesInt(GatewaySettings.CLUSTER_REGISTRY_MAX_BYTES), WRITE_TIMEOUT);
    }
}

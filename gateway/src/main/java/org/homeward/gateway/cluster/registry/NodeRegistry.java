package org.homeward.gateway.cluster.registry;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.device.RegistryStorage;
import org.homeward.gateway.device.RegistryStore;
import org.homeward.gateway.files.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's registry in cluster mode: follows the registry topic ({@link ClusterRegistry}) and writes
 * every version in force to the node's own {@code registry.json} (0600, fsync'd, a cache: the
 * device directory, the users and the shards read it as in the single-process mode, and a restart
 * has it before Kafka answers), then tells the listeners (the gateway reloads at once instead of at
 * the next {@code registry.poll-interval}). Changes made on this node go through {@link #storage()}.
 *
 * <p>Start-up waits until the topic has been read to its end. An empty topic is seeded with the
 * node's local registry file when that has content (moving a single node to a cluster, or a
 * cluster whose topic was lost): one attempt; when another node seeded first its version wins. On a
 * node's first start in cluster mode a non-empty local file is kept as {@code registry.json.pre-cluster}.
 *
 * <p>Threading: listeners run on the registry's thread and must not block long.
 */
public final class NodeRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistry.class);
    private final ClusterRegistry registry;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private NodeRegistry(ClusterRegistry.Settings settings, Properties base, RegistryStore local, Clock clock,
                         MeterRegistry meters) {
        this.registry = ClusterRegistry.follow(settings, base, local.existingMasterKey(), clock, meters, data -> {
            local.update(ignored -> data);
            listeners.forEach(Runnable::run);
        });
    }

    /** Starts following and waits up to {@code startWait} for the topic's end; fails with a clear message otherwise. */
    public static NodeRegistry start(ClusterRegistry.Settings settings, Properties base, RegistryStore local, Clock clock,
                                     MeterRegistry meters, Duration startWait) {
        RegistryData before = local.read(); // the local file as it was before the topic overwrites it
        keepPreClusterCopy(local, before);
        NodeRegistry node = new NodeRegistry(settings, base, local, clock, meters);
        try {
            if (!node.registry.awaitCaughtUp(startWait)) {
                throw new IllegalStateException("cluster registry: topic " + settings.topic() + " not read to its end within "
                        + startWait.toSeconds() + " s; is Kafka at the bootstrap servers reachable?");
            }
            if (node.registry.version() == 0 && !isEmpty(before)) {
                node.seed(before, settings.writeTimeout());
            }
            LOG.info("cluster registry: version {} in force from topic {}", node.registry.version(), settings.topic());
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /**
     * On a node's first start in cluster mode its registry.json becomes a cache the topic overwrites:
     * a registry it had as a single process is kept as registry.json.pre-cluster (once).
     */
    private static void keepPreClusterCopy(RegistryStore local, RegistryData before) {
        Path backup = local.file().resolveSibling("registry.json.pre-cluster");
        try {
            if (!isEmpty(before) && !Files.exists(backup)) {
                PrivateFiles.write(backup, Files.readAllBytes(local.file()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cluster registry: cannot keep a copy of " + local.file(), e);
        }
    }

    private void seed(RegistryData data, Duration timeout) {
        boolean won = registry.tryPublish(RegistryFollower.InForce.NONE, data,
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout.toMillis()));
        LOG.warn(won ? "cluster registry: the topic was empty; seeded it with this node's registry ({} patients, {} devices)"
                        : "cluster registry: the topic was empty but another node seeded it first; this node's registry"
                        + " ({} patients, {} devices) is not in force, a copy is in registry.json.pre-cluster",
                data.patients().size(), data.devices().size());
    }

    private static boolean isEmpty(RegistryData d) {
        return d.patients().isEmpty() && d.devices().isEmpty() && d.users().isEmpty();
    }

    /** Told after each new version is in force in the local file. */
    public void onApplied(Runnable listener) {
        listeners.add(listener);
    }

    /** Where this node's admin changes go: the topic, compare-and-set. */
    public RegistryStorage storage() {
        return registry;
    }

    /** The version in force on this node. */
    public long version() {
        return registry.version();
    }

    @Override
    public void close() {
        registry.close();
    }
}

package org.homeward.gateway.cluster.registry;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.device.RegistryStorage;

/**
 * The cluster registry for the admin command line: each read or change opens its own Kafka clients,
 * reads the topic from its beginning, does its work (a change is a compare-and-set, see
 * {@link ClusterRegistry}) and closes them, so one command costs one connection and leaves no thread
 * behind. Blocking (network), on the calling thread.
 */
public final class OneShotRegistry implements RegistryStorage {
    private final ClusterRegistry.Settings settings;
    private final Properties base;
    private final byte[] masterKey;
    private final Clock clock;

    public OneShotRegistry(ClusterRegistry.Settings settings, Properties base, byte[] masterKey, Clock clock) {
        this.settings = settings;
        this.base = base;
        this.masterKey = masterKey.clone();
        this.clock = clock;
    }

    private ClusterRegistry open() {
        return ClusterRegistry.oneShot(settings, base, masterKey, clock, new SimpleMeterRegistry());
    }

    @Override
    public RegistryData read() {
        try (ClusterRegistry r = open()) {
            return r.read();
        }
    }

    @Override
    public RegistryData update(UnaryOperator<RegistryData> change) {
        try (ClusterRegistry r = open()) {
            return r.update(change);
        }
    }
}

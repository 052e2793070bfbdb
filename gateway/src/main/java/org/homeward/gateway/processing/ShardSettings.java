package org.homeward.gateway.processing;

import java.time.Duration;

/**
 * @param shards          number of single-threaded shards
 * @param queueCapacity   bounded control queue per shard (commands, device events); readings are read from the log
 * @param history         in-memory trend window per patient
 * @param tick            timer resolution for rules (gaps, persistence, escalation)
 * @param publishInterval while a shard is behind the log, changed snapshots are published at most this often
 * @param readBatch       log entries a shard reads per step
 * @param lagAlarm        a shard that has not caught up with the log for this long raises a technical alarm
 */
public record ShardSettings(int shards, int queueCapacity, Duration history, Duration tick, Duration publishInterval,
                            int readBatch, Duration lagAlarm) {
    public ShardSettings {
        if (shards < 1 || queueCapacity < 1 || readBatch < 1) {
            throw new IllegalArgumentException("shards, queue capacity and read batch must be at least 1");
        }
        if (tick.isNegative() || tick.isZero() || publishInterval.isNegative() || lagAlarm.isNegative()
                || lagAlarm.isZero()) {
            throw new IllegalArgumentException("tick and lag alarm must be positive, publish interval not negative");
        }
    }

    /** As before the log-reading shards: the given values and the defaults of the newer settings. */
    public ShardSettings(int shards, int queueCapacity, Duration history, Duration tick) {
        this(shards, queueCapacity, history, tick, Duration.ofMillis(20), 256, Duration.ofSeconds(30));
    }

    public static ShardSettings defaults() {
        return new ShardSettings(2, 65_536, Duration.ofHours(72), Duration.ofSeconds(1));
    }

    /** The same settings with another shard count (cluster mode runs one shard per owned partition). */
    public ShardSettings withShards(int count) {
        return new ShardSettings(count, queueCapacity, history, tick, publishInterval, readBatch, lagAlarm);
    }
}

package org.homeward.gateway.processing;

import java.time.Duration;

/**
 * @param shards         number of single-threaded shards
 * @param queueCapacity  bounded queue per shard and lane
 * @param history        in-memory trend window per patient
 * @param tick           timer resolution for rules (gaps, persistence, escalation)
 */
public record ShardSettings(int shards, int queueCapacity, Duration history, Duration tick) {
    public static ShardSettings defaults() {
        return new ShardSettings(2, 65_536, Duration.ofHours(72), Duration.ofSeconds(1));
    }
}

package org.homeward.gateway.adapter.mqtt;

import io.netty.channel.Channel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Live device sessions by device id: at most one connection per device. A new CONNECT of the
 * same device takes the old session over. Thread-safe; bounded by maxConnections.
 */
final class SessionRegistry {
    private final ConcurrentMap<String, Channel> channels = new ConcurrentHashMap<>();

    /** Registers the channel and returns the one it replaces, or null. */
    Channel register(String deviceId, Channel channel) {
        return channels.put(deviceId, channel);
    }

    /** Removes the entry only if it is still this channel (a take-over may have replaced it). */
    void unregister(String deviceId, Channel channel) {
        channels.remove(deviceId, channel);
    }

    Channel find(String deviceId) {
        return channels.get(deviceId);
    }

    int size() {
        return channels.size();
    }
}

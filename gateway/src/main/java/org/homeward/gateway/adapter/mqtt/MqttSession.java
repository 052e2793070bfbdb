package org.homeward.gateway.adapter.mqtt;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.homeward.gateway.device.DeviceInfo;

/**
 * State of one authenticated connection, attached to its channel. Mutable fields are written on
 * the channel's event loop; the ones read by {@link MqttServer} from other threads are volatile.
 */
final class MqttSession {
    private static final AttributeKey<MqttSession> KEY = AttributeKey.valueOf("homeward.mqtt.session");

    private final DeviceInfo device;
    private final String clientId;
    private final boolean v5;
    private final boolean problemInformation;
    private final Will will;
    /** MQTT 5 CONNECT Maximum Packet Size: the server must not send a larger packet (spec §3.1.2.11.4). */
    private int clientMaximumPacket = MqttSettings.MQTT_MAX_PACKET;
    private volatile int commandsQos = -1;
    private String closeReason = "connection lost";
    private boolean willSuppressed;
    private int nextPacketId;
    /**
     * Commands sent on this connection (never twice per connection), and QoS 1 packet id → command id until
     * PUBACK. Null until the first command: most devices never get one, and an empty HashSet (with its
     * HashMap) plus an empty HashMap cost 112 B of heap per idle connection (issue 14).
     */
    private Set<String> sentCommands;
    private Map<Integer, String> inflightCommands;
    private Channel channel;
    /** PUBLISH/PUBREL state; null until the first PUBLISH (40 B less per idle connection, issue 14). */
    private MqttPublishes publishes;
    // keep-alive bookkeeping of KeepAliveSweeper, touched only on the channel's event loop
    boolean seen;
    long lastSeenRound;
    long keepAliveRounds;
    int sweepSlot = -1;

    /** The last will, already checked to target the device's own status topic. */
    record Will(String topic, byte[] payload, String contentType) {
    }

    MqttSession(DeviceInfo device, String clientId, boolean v5, boolean problemInformation, Will will) {
        this.device = device;
        this.clientId = clientId;
        this.v5 = v5;
        this.problemInformation = problemInformation;
        this.will = will;
    }

    /** The session of this channel, or null before a successful CONNECT. */
    static MqttSession of(Channel channel) {
        return channel.attr(KEY).get();
    }

    void attach(Channel channel) {
        this.channel = channel;
        channel.attr(KEY).set(this);
    }

    /** The channel this session is attached to (null before {@link #attach}). */
    Channel channel() {
        return channel;
    }

    /** This connection's publish state, created on first use. Event loop only. */
    MqttPublishes publishes(AdapterContext context) {
        if (publishes == null) {
            publishes = new MqttPublishes(context);
        }
        return publishes;
    }

    /** This connection's publish state, or null before its first PUBLISH. Event loop only. */
    MqttPublishes publishesIfAny() {
        return publishes;
    }

    /** A packet arrived (keep-alive); on the event loop. */
    void markSeen() {
        seen = true;
    }

    DeviceInfo device() {
        return device;
    }

    String deviceId() {
        return device.deviceId();
    }

    String clientId() {
        return clientId;
    }

    boolean isV5() {
        return v5;
    }

    /** MQTT 5 Request Problem Information: may PUBACK/SUBACK carry a Reason String. */
    boolean problemInformation() {
        return v5 && problemInformation;
    }

    void clientMaximumPacket(int bytes) {
        clientMaximumPacket = bytes > 0 ? bytes : MqttSettings.MQTT_MAX_PACKET;
    }

    /**
     * UTF-8 bytes a PUBACK/PUBREC Reason String may take: 0 when the client asked for no problem information
     * (or speaks 3.1.1), else the protocol's string limit (65,535) or what the client's maximum packet size
     * leaves after the rest of the packet.
     */
    int reasonBudget() {
        return problemInformation() ? Math.max(0, Math.min(MqttReplies.MAX_REASON_STRING,
                clientMaximumPacket - MqttReplies.PUB_REPLY_OVERHEAD)) : 0;
    }

    Will will() {
        return will;
    }

    /** Granted QoS of the commands subscription, or -1 when not subscribed. */
    int commandsQos() {
        return commandsQos;
    }

    void commandsQos(int qos) {
        commandsQos = qos;
    }

    String closeReason() {
        return closeReason;
    }

    /** Records why the server closes; the first reason wins. Suppresses the will when asked. */
    void closing(String reason, boolean suppressWill) {
        if ("connection lost".equals(closeReason)) {
            closeReason = reason;
        }
        willSuppressed |= suppressWill;
    }

    boolean willSuppressed() {
        return willSuppressed;
    }

    /** Marks the command sent on this connection; false when it already was. Event loop only. */
    boolean firstSend(String commandId) {
        if (sentCommands == null) {
            sentCommands = new HashSet<>();
        }
        return sentCommands.add(commandId);
    }

    /** Remembers which command a QoS 1 packet carries until its PUBACK. Event loop only. */
    void inflight(int packetId, String commandId) {
        if (inflightCommands == null) {
            inflightCommands = new HashMap<>();
        }
        inflightCommands.put(packetId, commandId);
    }

    /** The command a PUBACK acknowledges, or null (not a command, or already acknowledged). Event loop only. */
    String acknowledged(int packetId) {
        return inflightCommands == null ? null : inflightCommands.remove(packetId);
    }

    /** Next packet id for server-to-device publishes, 1..65535. */
    int nextPacketId() {
        nextPacketId = nextPacketId % 65_535 + 1;
        return nextPacketId;
    }
}

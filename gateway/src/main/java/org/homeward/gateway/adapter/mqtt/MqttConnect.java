package org.homeward.gateway.adapter.mqtt;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import java.util.Optional;
import org.homeward.gateway.device.DeviceInfo;
import org.homeward.gateway.domain.DeviceEvent;

/**
 * CONNECT, for {@link MqttProtocolHandler}: identifies the device (client certificate CN, else user name =
 * device id and password = secret), checks the will, registers the session (taking over an older
 * connection of the same device), swaps the connect timer for the keep-alive timer and answers CONNACK.
 * Stateless; shared by the connections of one listener.
 */
final class MqttConnect {
    private static final byte SESSION_TAKEN_OVER = (byte) 0x8E;
    private final AdapterContext context;
    private final String listener;
    private final KeepAliveSweeper keepAliveSweeper;

    MqttConnect(AdapterContext context, String listener, KeepAliveSweeper keepAliveSweeper) {
        this.keepAliveSweeper = keepAliveSweeper;
        this.context = context;
        this.listener = listener;
    }

    /** The first CONNECT of a connection (a second one is the caller's protocol error). */
    void onConnect(Channel channel, MqttConnectMessage connect) {
        boolean v5 = connect.variableHeader().version() == 5;
        String clientId = connect.payload().clientIdentifier();
        if (!v5 && (clientId == null || clientId.isEmpty()) && !connect.variableHeader().isCleanSession()) {
            // MQTT 3.1.1 §3.1.3-8: an empty client id needs CleanSession=1
            context.metrics().protocolError("client_id_rejected");
            refuse(channel, MqttReplies.clientIdInvalid(false));
            return;
        }
        InetAddress address = address(channel);
        // per identity for a registered device, per address only for attempts without one (CGNAT: docs/security.md)
        String claimed = claimedIdentity(channel, connect.payload());
        boolean known = claimed != null && context.directory().find(claimed).isPresent();
        long blocked = known ? context.backoff().blockedMillis(claimed) : context.backoff().blockedMillis(address);
        if (blocked > 0) {
            context.metrics().authFailure(listener, "backoff");
            refuse(channel, MqttReplies.backingOff(v5));
            return;
        }
        DeviceInfo device = identify(channel, connect.payload(), v5);
        if (device == null) {
            if (known) {
                context.backoff().failed(claimed);
            } else {
                context.backoff().failed(address);
            }
            return;
        }
        context.backoff().succeeded(device.deviceId());
        MqttSession.Will will = will(connect, device.deviceId());
        if (connect.variableHeader().isWillFlag() && will == null) {
            context.metrics().refused(listener, "will_topic_not_allowed");
            refuse(channel, MqttReplies.notAuthorized(v5));
            return;
        }
        establish(channel, connect, device, will, v5);
    }

    private static InetAddress address(Channel channel) {
        return channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
    }

    /** The device id the client claims: its certificate's CN, else its user name (may be null). */
    private static String claimedIdentity(Channel channel, MqttConnectPayload payload) {
        String certCn = PeerIdentity.commonName(channel);
        return certCn != null ? certCn : payload.userName();
    }

    /** The authenticated device, or null after sending the refusal. */
    private DeviceInfo identify(Channel channel, MqttConnectPayload payload, boolean v5) {
        String user = payload.userName();
        String certCn = PeerIdentity.commonName(channel);
        if (certCn != null) {
            Optional<DeviceInfo> device = context.directory().find(certCn);
            if (user != null && !user.equals(certCn)) {
                return authFailed(channel, "certificate_user_mismatch", MqttReplies.notAuthorized(v5));
            }
            return device.orElseGet(() -> authFailed(channel, "certificate_device_inactive",
                    MqttReplies.notAuthorized(v5)));
        }
        byte[] secret = payload.passwordInBytes();
        if (user == null || secret == null) {
            return authFailed(channel, "missing_credentials", MqttReplies.badCredentials(v5));
        }
        Optional<DeviceInfo> device = context.directory().authenticate(user, secret);
        if (device.isPresent()) {
            return device.get();
        }
        // the device learns only "bad user name or password", whatever the reason was
        String reason = context.directory().explainFailure(user, secret).tag();
        return authFailed(channel, reason, MqttReplies.badCredentials(v5));
    }

    private DeviceInfo authFailed(Channel channel, String reason, MqttConnectReturnCode code) {
        context.metrics().authFailure(listener, reason);
        refuse(channel, code);
        return null;
    }

    private static void refuse(Channel channel, MqttConnectReturnCode code) {
        channel.writeAndFlush(MqttReplies.connAckRefused(code)).addListener(ChannelFutureListener.CLOSE);
    }

    /** The will if it targets the device's own status topic, null if absent or elsewhere. */
    private static MqttSession.Will will(MqttConnectMessage connect, String deviceId) {
        MqttConnectPayload p = connect.payload();
        if (!connect.variableHeader().isWillFlag() || !TopicRoute.statusTopic(deviceId).equals(p.willTopic())) {
            return null;
        }
        byte[] body = p.willMessageInBytes() == null ? new byte[0] : p.willMessageInBytes();
        return new MqttSession.Will(p.willTopic(), body, TopicRoute.contentType(p.willProperties()));
    }

    private void establish(Channel channel, MqttConnectMessage connect, DeviceInfo device,
                           MqttSession.Will will, boolean v5) {
        String clientId = connect.payload().clientIdentifier();
        boolean assignId = clientId == null || clientId.isEmpty();
        if (assignId) {
            clientId = "homeward-" + channel.id().asShortText();
        }
        MqttProperties in = connect.variableHeader().properties();
        MqttSession session = new MqttSession(device, clientId, v5, intProperty(in, MqttProperties.REQUEST_PROBLEM_INFORMATION, 1) != 0, will);
        session.clientMaximumPacket(intProperty(in, MqttProperties.MAXIMUM_PACKET_SIZE, MqttSettings.MQTT_MAX_PACKET));
        session.attach(channel);
        takeOver(context.sessions().register(device.deviceId(), channel), channel);

        int requested = connect.variableHeader().keepAliveTimeSeconds();
        int max = context.settings().maxKeepAliveSeconds();
        int keepAlive = requested == 0 || requested > max ? max : requested;
        UnauthenticatedSlots.release(channel); // authenticated: no longer counts against its address
        if (channel.pipeline().get(MqttChannelInitializer.CONNECT_TIMEOUT) != null) {
            channel.pipeline().remove(MqttChannelInitializer.CONNECT_TIMEOUT);
        }
        keepAliveSweeper.track(channel, session, keepAlive);

        MqttProperties out = v5 ? connAckProperties(in, keepAlive != requested ? keepAlive : -1,
                assignId ? clientId : null) : MqttProperties.NO_PROPERTIES;
        channel.writeAndFlush(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(false).properties(out).build());
        context.emit(device, DeviceEvent.Type.CONNECTED, listener);
    }

    private static void takeOver(Channel old, Channel current) {
        if (old != null && old != current) {
            old.eventLoop().execute(() -> MqttReplies.disconnect(old, SESSION_TAKEN_OVER, "session taken over", true));
        }
    }

    private MqttProperties connAckProperties(MqttProperties in, int serverKeepAlive, String assignedId) {
        MqttProperties p = new MqttProperties();
        p.add(new IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, context.settings().receiveMaximum()));
        p.add(new IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, context.settings().maxPacketBytes()));
        p.add(new IntegerProperty(MqttProperties.RETAIN_AVAILABLE, 0));
        p.add(new IntegerProperty(MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, 0));
        p.add(new IntegerProperty(MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, 0));
        p.add(new IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 0));
        if (intProperty(in, MqttProperties.SESSION_EXPIRY_INTERVAL, 0) != 0) {
            // sessions are not kept after the connection ends
            p.add(new IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, 0));
        }
        if (serverKeepAlive >= 0) {
            p.add(new IntegerProperty(MqttProperties.SERVER_KEEP_ALIVE, serverKeepAlive));
        }
        if (assignedId != null) {
            p.add(new MqttProperties.StringProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, assignedId));
        }
        return p;
    }

    private static int intProperty(MqttProperties props, int id, int fallback) {
        MqttProperties.MqttProperty<?> p = props == null ? null : props.getProperty(id);
        return p != null && p.value() instanceof Integer i ? i : fallback;
    }
}

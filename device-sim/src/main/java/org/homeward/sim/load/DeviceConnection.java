package org.homeward.sim.load;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One simulated device on one connection: CONNECT with its credentials, then publishes SenML packs
 * either as fast as its window of unacknowledged QoS 1 publishes allows (max mode) or at a fixed
 * rate. Publish→PUBACK latency is measured from {@code System.nanoTime()} at write. All state is
 * confined to the channel's event loop except the send log read by the WebSocket probe.
 */
final class DeviceConnection extends ChannelInboundHandlerAdapter {
    private final Credentials cred;
    private final LoadSettings settings;
    private final FleetStats stats;
    private final MqttFleet.Listener listener;
    private final PackBuilder pack;
    private final SendLog sendLog;
    private final long connectStartNanos;
    private Channel channel;
    private boolean connected;
    private boolean refused;
    private boolean maxMode;
    private ScheduledFuture<?> tick;
    private int[] freeIds;
    private int freeTop;
    private long[] sentAt;
    private long lastMillis;

    DeviceConnection(Credentials cred, LoadSettings settings, FleetStats stats, MqttFleet.Listener listener, SendLog sendLog) {
        this.cred = cred;
        this.settings = settings;
        this.stats = stats;
        this.listener = listener;
        this.pack = new PackBuilder(cred.deviceId(), settings.packBytes());
        this.sendLog = sendLog;
        this.connectStartNanos = System.nanoTime();
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.writeAndFlush(MqttMessageBuilders.connect().clientId(cred.deviceId()).username(cred.deviceId())
                .password(cred.secret().getBytes(StandardCharsets.UTF_8)).protocolVersion(settings.version())
                .keepAlive(settings.keepAliveSeconds()).cleanSession(true).build());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof MqttMessage m && m.fixedHeader() != null) {
                MqttMessageType type = m.fixedHeader().messageType();
                if (type == MqttMessageType.CONNACK) {
                    onConnAck((MqttConnAckMessage) m);
                } else if (type == MqttMessageType.PUBACK) {
                    onPubAck(m);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onConnAck(MqttConnAckMessage m) {
        FleetStats.record(stats.connectLatency, System.nanoTime() - connectStartNanos);
        if (m.variableHeader().connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            connected = true;
            stats.connected.increment();
            listener.connected(this);
        } else {
            stats.connectRefused.increment();
            refused = true;
            listener.failed(this);
            channel.close();
        }
    }

    private void onPubAck(MqttMessage m) {
        if (!(m.variableHeader() instanceof MqttMessageIdVariableHeader v) || freeIds == null) {
            return;
        }
        int id = v.messageId();
        if (id < 1 || id >= sentAt.length || sentAt[id] == 0) {
            return;
        }
        FleetStats.record(stats.publishLatency, System.nanoTime() - sentAt[id]);
        sentAt[id] = 0;
        freeIds[freeTop++] = id;
        if (v instanceof MqttPubReplyMessageVariableHeader r && (r.reasonCode() & 0xFF) >= 0x80) {
            stats.pubackRefused.increment();
        } else {
            stats.acked.increment();
        }
        if (maxMode) {
            fill(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (maxMode && ctx.channel().isWritable()) {
            fill(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopPublishing();
        if (connected) {
            connected = false;
            stats.connected.decrement();
            stats.disconnects.increment();
            listener.disconnected(this);
        } else if (!refused) {
            stats.connectFailures.increment();
            listener.failed(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Publishes as fast as the window and the socket allow until {@link #stopPublishing()}. */
    void startMax() {
        channel.eventLoop().execute(() -> {
            maxMode = true;
            fill(true);
        });
    }

    /** Publishes {@code perSecond} packs a second, the first after {@code initialDelayNanos}. */
    void startRate(double perSecond, long initialDelayNanos) {
        long period = (long) (1_000_000_000L / perSecond);
        channel.eventLoop().execute(() -> tick = channel.eventLoop().scheduleAtFixedRate(() -> {
            if (!publishOne()) {
                stats.windowFull.increment();
            }
            channel.flush();
        }, initialDelayNanos, period, TimeUnit.NANOSECONDS));
    }

    void stopPublishing() {
        if (channel == null) {
            return;
        }
        channel.eventLoop().execute(() -> {
            maxMode = false;
            if (tick != null) {
                tick.cancel(false);
                tick = null;
            }
        });
    }

    private void fill(boolean flush) {
        while (maxMode && channel.isWritable() && publishOne()) {
            flush = true;
        }
        if (flush) {
            channel.flush();
        }
    }

    /** Writes one publish (not flushed); false when the window is full or the connection is down. */
    private boolean publishOne() {
        if (!connected || !channel.isActive()) {
            return false;
        }
        int id = 0;
        if (settings.qos() == MqttQoS.AT_LEAST_ONCE) {
            if (freeIds == null) {
                freeIds = new int[settings.window()];
                for (int i = 0; i < freeIds.length; i++) {
                    freeIds[i] = freeIds.length - i;
                }
                freeTop = freeIds.length;
                sentAt = new long[settings.window() + 1];
            }
            if (freeTop == 0) {
                return false;
            }
            id = freeIds[--freeTop];
        }
        long millis = Math.max(System.currentTimeMillis(), lastMillis + 1);
        lastMillis = millis;
        MqttPublishMessage publish = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, settings.qos(), false, 0),
                new MqttPublishVariableHeader(cred.topic(), id), pack.build(channel.alloc(), millis));
        long now = System.nanoTime();
        if (id != 0) {
            sentAt[id] = now;
        }
        if (sendLog != null) {
            sendLog.sent(cred.patientId(), millis, now);
        }
        channel.write(publish, channel.voidPromise());
        stats.sent.increment();
        return true;
    }
}

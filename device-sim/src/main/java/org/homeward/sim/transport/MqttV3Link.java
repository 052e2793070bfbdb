package org.homeward.sim.transport;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device over MQTT 3.1.1 (Paho async): username = device id, password = secret, QoS 1, will on
 * the status topic, CBOR on {@code .../senml/cbor}. Subscribes to its commands topic. Reconnects on
 * its own; packs that cannot go out are held and backfilled on reconnect.
 */
final class MqttV3Link implements DeviceLink, MqttCallbackExtended {
    private static final Logger LOG = LoggerFactory.getLogger(MqttV3Link.class);
    private static final int MAX_INFLIGHT = 200;

    private final LinkSettings s;
    private final OfflineBuffer buffer;
    private final AtomicBoolean up = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();

    MqttV3Link(LinkSettings s) throws MqttException {
        this.s = s;
        this.buffer = new OfflineBuffer(s.bufferCapacity(), s.stats());
        this.client = new MqttAsyncClient("tcp://" + s.host() + ":" + s.port(), s.deviceId(), new MemoryPersistence());
        options.setUserName(s.deviceId());
        options.setPassword(s.secret().toCharArray());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(10_000);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        options.setMaxInflight(MAX_INFLIGHT);
        options.setWill(Topics.status(s.deviceId()), Topics.offlineNotice(s.baseName()), 1, false);
        client.setCallback(this);
    }

    @Override
    public void start() {
        connect(1);
    }

    private void connect(int attempt) {
        if (closed.get()) {
            return;
        }
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // connectComplete() does the work
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    s.stats().errors.increment();
                    LOG.debug("MQTT connect failed (attempt {}): {}", attempt, e.toString());
                    retryLater(attempt);
                }
            });
        } catch (MqttException e) {
            retryLater(attempt);
        }
    }

    private void retryLater(int attempt) {
        if (!closed.get()) {
            long delay = Math.min(10_000, 250L << Math.min(attempt, 6));
            s.scheduler().schedule(() -> connect(attempt + 1), delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        if (up.compareAndSet(false, true)) {
            s.stats().connected.incrementAndGet();
        }
        try {
            client.subscribe(Topics.commands(s.deviceId()), 1);
        } catch (MqttException e) {
            s.stats().errors.increment();
        }
        s.scheduler().execute(this::pump);
    }

    @Override
    public void connectionLost(Throwable cause) {
        if (up.compareAndSet(true, false)) {
            s.stats().connected.decrementAndGet();
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        s.stats().commands.increment();
        LOG.debug("command received: {}", new String(message.getPayload(), StandardCharsets.UTF_8));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // acks are counted by the per-publish listener, which knows the send time
    }

    @Override
    public boolean send(Outgoing pack) {
        if (up.get() && buffer.isEmpty() && publish(pack, false)) {
            return true;
        }
        return buffer.offer(pack);
    }

    @Override
    public void pump() {
        Outgoing o;
        while (up.get() && (o = buffer.poll()) != null) {
            if (!publish(o, true)) {
                buffer.requeue(o);
                return;
            }
        }
    }

    private boolean publish(Outgoing o, boolean backfill) {
        long t0 = System.nanoTime();
        try {
            client.publish(Topics.of(s.deviceId(), o.channel(), o.format(), false), o.payload(), 1, false, null,
                    new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            s.stats().acked.increment();
                            s.stats().ackLatency(t0);
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable e) {
                            s.stats().errors.increment();
                            buffer.requeue(o);
                        }
                    });
            s.stats().sent.increment();
            if (backfill) {
                s.stats().backfilled.increment();
            }
            return true;
        } catch (MqttException e) {
            return false;
        }
    }

    @Override
    public boolean connected() {
        return up.get();
    }

    @Override
    public void close() {
        closed.set(true);
        try {
            if (client.isConnected()) {
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            LOG.debug("disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", e.toString());
        }
        connectionLost(null);
    }
}

package org.homeward.sim.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device over MQTT 5 (Paho async): like {@link MqttV3Link}, but the format travels in the
 * Content Type property ({@code application/senml+json|cbor}) with the Payload Format Indicator set
 * for JSON, and a PUBACK reason code ≥ 0x80 counts as an error (the gateway refused the pack).
 */
final class MqttV5Link implements DeviceLink, MqttCallback {
    private static final Logger LOG = LoggerFactory.getLogger(MqttV5Link.class);

    private final LinkSettings s;
    private final OfflineBuffer buffer;
    private final AtomicBoolean up = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options = new MqttConnectionOptions();

    MqttV5Link(LinkSettings s) throws MqttException {
        this.s = s;
        this.buffer = new OfflineBuffer(s.bufferCapacity(), s.stats());
        this.client = new MqttAsyncClient("tcp://" + s.host() + ":" + s.port(), s.deviceId(), new MemoryPersistence());
        options.setUserName(s.deviceId());
        options.setPassword(s.secret().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 10);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        MqttMessage will = new MqttMessage(Topics.offlineNotice(s.baseName()));
        will.setQos(1);
        options.setWill(Topics.status(s.deviceId()), will);
        MqttProperties willProps = new MqttProperties();
        willProps.setContentType("application/senml+json");
        options.setWillMessageProperties(willProps);
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
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // connectComplete() does the work
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    s.stats().errors.increment();
                    LOG.debug("MQTT 5 connect failed (attempt {}): {}", attempt, e.toString());
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
    public void disconnected(MqttDisconnectResponse response) {
        if (up.compareAndSet(true, false)) {
            s.stats().connected.decrementAndGet();
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        s.stats().errors.increment();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        s.stats().commands.increment();
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // counted by the per-publish listener
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
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
        MqttProperties props = new MqttProperties();
        props.setContentType(o.format().mediaType());
        props.setPayloadFormat(o.format() == org.homeward.sim.senml.SenmlFormat.JSON);
        MqttMessage m = new MqttMessage(o.payload(), 1, false, props);
        long t0 = System.nanoTime();
        try {
            client.publish(Topics.of(s.deviceId(), o.channel(), o.format(), true), m, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        s.stats().errors.increment();
                        return;
                    }
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
        disconnected(null);
    }
}

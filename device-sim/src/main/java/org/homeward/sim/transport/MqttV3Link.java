package org.homeward.sim.transport;

import java.nio.charset.StandardCharsets;
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
 * its own; packs that cannot go out are held and backfilled on reconnect ({@link PahoLink}).
 */
final class MqttV3Link extends PahoLink implements MqttCallbackExtended {
    private static final Logger LOG = LoggerFactory.getLogger(MqttV3Link.class);
    private static final int MAX_INFLIGHT = 200;

    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();

    MqttV3Link(LinkSettings s) throws MqttException {
        super(s);
        this.client = new MqttAsyncClient("tcp://" + s.host() + ":" + s.port(), s.deviceId(), new MemoryPersistence());
        options.setUserName(s.deviceId());
        options.setPassword(s.secret().toCharArray());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setServerURIs(s.mqttUris()); // a cluster's other gateways, tried in turn when this one is gone
        options.setMaxReconnectDelay(10_000);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        options.setMaxInflight(MAX_INFLIGHT);
        options.setWill(Topics.status(s.deviceId()), Topics.offlineNotice(s.baseName()), 1, false);
        client.setCallback(this);
    }

    @Override
    void connectOnce(int attempt) throws MqttException {
        client.connect(options, null, new Outcome(this, null, 0, attempt));
    }

    @Override
    void subscribeCommands() throws MqttException {
        client.subscribe(Topics.commands(s.deviceId()), 1);
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        linkUp();
    }

    @Override
    public void connectionLost(Throwable cause) {
        linkDown();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        s.stats().commands.increment();
        LOG.debug("command received: {}", new String(message.getPayload(), StandardCharsets.UTF_8));
        CommandHandler.Reply reply = s.commands().onCommand(message.getPayload());
        if (reply == null) {
            return;
        }
        if (reply.reading() != null) {
            send(reply.reading());
        }
        try {
            client.publish(Topics.commandResponse(s.deviceId()), reply.answer(), 1, false);  // the id is in the JSON
        } catch (MqttException e) {
            s.stats().errors.increment();
        }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // acks are counted by the per-publish listener, which knows the send time
    }

    @Override
    boolean publishOnce(Outgoing o, long t0) {
        try {
            client.publish(Topics.of(s.deviceId(), o.channel(), o.format(), false), o.payload(), 1, false, null,
                    new Outcome(this, o, t0, 0));
            return true;
        } catch (MqttException e) {
            return false;
        }
    }

    @Override
    void disconnect() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(2000).waitForCompletion(3000);
        }
    }

    @Override
    void closeClient() throws MqttException {
        client.close(true);
    }

    /** Completion of a connect ({@code pack} null; success is handled by connectComplete) or of a publish. */
    private record Outcome(MqttV3Link link, Outgoing pack, long sentNanos, int attempt) implements IMqttActionListener {
        @Override
        public void onSuccess(IMqttToken token) {
            if (pack != null) {
                link.acked(sentNanos);
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            if (pack == null) {
                link.connectFailed(attempt, e);
            } else {
                link.failed(pack);
            }
        }
    }
}

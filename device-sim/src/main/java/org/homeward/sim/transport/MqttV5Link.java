package org.homeward.sim.transport;

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

/**
 * A device over MQTT 5 (Paho async): like {@link MqttV3Link}, but the format travels in the
 * Content Type property ({@code application/senml+json|cbor}) with the Payload Format Indicator set
 * for JSON, and a PUBACK reason code ≥ 0x80 counts as an error (the gateway refused the pack).
 */
final class MqttV5Link extends PahoLink implements MqttCallback {
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options = new MqttConnectionOptions();

    MqttV5Link(LinkSettings s) throws MqttException {
        super(s);
        this.client = new MqttAsyncClient("tcp://" + s.host() + ":" + s.port(), s.deviceId(), new MemoryPersistence());
        options.setUserName(s.deviceId());
        options.setPassword(s.secret().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setServerURIs(s.mqttUris()); // a cluster's other gateways, tried in turn when this one is gone
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
    void closeClient() throws MqttException {
        client.close(true);
    }

    @Override
    void connectOnce(int attempt) throws MqttException {
        client.connect(options, null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                // connectComplete() does the work
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                connectFailed(attempt, e);
            }
        });
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        linkUp();
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        s.stats().errors.increment();
    }

    @Override
    void disconnect() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(2000).waitForCompletion(3000);
        }
    }

    @Override
    void subscribeCommands() throws MqttException {
        client.subscribe(Topics.commands(s.deviceId()), 1);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        s.stats().commands.increment();
        CommandHandler.Reply reply = s.commands().onCommand(message.getPayload());
        if (reply == null) {
            return;
        }
        if (reply.reading() != null) {
            send(reply.reading());
        }
        // MQTT 5: answer where the gateway asked, with its correlation data
        MqttProperties in = message.getProperties();
        MqttProperties out = new MqttProperties();
        out.setCorrelationData(in == null ? null : in.getCorrelationData());
        out.setContentType("application/json");
        String topic5 = in != null && in.getResponseTopic() != null ? in.getResponseTopic() : Topics.commandResponse(s.deviceId());
        try {
            client.publish(topic5, new MqttMessage(reply.answer(), 1, false, out));  // not awaited: Paho's callback thread
        } catch (MqttException e) {
            s.stats().errors.increment();
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        linkDown();
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
    boolean publishOnce(Outgoing o, long t0) {
        MqttProperties props = new MqttProperties();
        props.setContentType(o.format().mediaType());
        props.setPayloadFormat(o.format() == org.homeward.sim.senml.SenmlFormat.JSON);
        MqttMessage m = new MqttMessage(o.payload(), 1, false, props);
        try {
            client.publish(Topics.of(s.deviceId(), o.channel(), o.format(), true), m, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        s.stats().errors.increment();
                        return;
                    }
                    acked(t0);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    failed(o);
                }
            });
            return true;
        } catch (MqttException e) {
            return false;
        }
    }
}

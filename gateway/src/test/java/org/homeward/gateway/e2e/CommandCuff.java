package org.homeward.gateway.e2e;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A Paho MQTT 5 device for command tests: collects what arrives on its commands topic (Paho sends
 * the PUBACK once {@link #messageArrived} returns) and, when asked, answers each command with
 * {@code answer} on the response topic the gateway named, with the correlation data it sent.
 */
final class CommandCuff implements MqttCallback, AutoCloseable {
    final BlockingQueue<MqttMessage> got = new LinkedBlockingQueue<>();
    final MqttAsyncClient client;
    private final String autoAnswer;

    /** Connects as {@code device}; subscribes to its commands topic when {@code subscribe}; answers when {@code autoAnswer} is not null. */
    CommandCuff(int port, String device, String secret, boolean subscribe, String autoAnswer) throws MqttException {
        this.autoAnswer = autoAnswer;
        client = new MqttAsyncClient("tcp://127.0.0.1:" + port, "cmd-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(device);
        o.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        o.setConnectionTimeout(20);
        client.setCallback(this);
        client.connect(o).waitForCompletion(20_000);
        if (subscribe) {
            client.subscribe(new MqttSubscription("v1/devices/" + device + "/commands", 1)).waitForCompletion(20_000);
        }
    }

    /** Publishes {@code json} at QoS 1 to {@code topic}, with {@code correlation} when not null; returns the completed token. */
    IMqttToken answer(String topic, String json, byte[] correlation) throws MqttException {
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        if (correlation != null) {
            MqttProperties p = new MqttProperties();
            p.setCorrelationData(correlation);
            m.setProperties(p);
        }
        IMqttToken t = client.publish(topic, m);
        t.waitForCompletion(20_000);
        return t;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        got.add(message);
        if (autoAnswer != null) {
            MqttProperties p = message.getProperties();
            MqttMessage a = new MqttMessage(autoAnswer.getBytes(StandardCharsets.UTF_8));
            a.setQos(1);
            MqttProperties ap = new MqttProperties();
            ap.setCorrelationData(p.getCorrelationData());
            a.setProperties(ap);
            try {
                client.publish(p.getResponseTopic(), a);  // not waited for: this is Paho's callback thread
            } catch (MqttException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }

    @Override
    public void close() throws MqttException {
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }
}

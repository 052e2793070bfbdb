package org.homeward.gateway.forward.mqtt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;
import org.homeward.gateway.forward.DeliveryResult;
import org.homeward.gateway.forward.ForwardRecord;
import org.homeward.gateway.forward.RecordJson;
import org.homeward.gateway.forward.Sink;

/**
 * MQTT bridge sink (Eclipse Paho v3): each record is one QoS 1 message with the
 * {@link RecordJson} payload, on the rendered topic; a record is confirmed by its PUBACK. The
 * session is persistent (cleanSession=false, file persistence under
 * {@code <dataDir>/forward/mqtt-paho}), so messages in flight when the link drops are resent by
 * Paho on reconnect; the receiver may therefore see a key twice and should deduplicate by
 * {@code key}. The sink connects lazily and reconnects on the next delivery after a loss.
 * A batch is published pipelined (one connection, in list order) and confirmed in order: the
 * first failure makes it and every later record TRANSIENT. A record whose ids cannot form a
 * topic is PERMANENT. Single-threaded use (see {@link Sink}).
 */
public final class MqttSink implements Sink {
    private static final int MAX_INFLIGHT = 10_000;

    private final MqttSinkSettings settings;
    private final Topics topics;
    private final MqttAsyncClient client;
    private volatile boolean closed;

    /**
     * @param settings broker, topics, credentials, time-out
     * @param dataDir  gateway data directory; the Paho session store goes to {@code dataDir/forward/mqtt-paho}
     * @throws MqttException when the client cannot be created (bad URI)
     */
    public MqttSink(MqttSinkSettings settings, Path dataDir) throws MqttException {
        this.settings = settings;
        this.topics = new Topics(settings.topicTemplate(), settings.alarmTopicTemplate());
        MqttDefaultFilePersistence persistence =
                new MqttDefaultFilePersistence(dataDir.resolve("forward").resolve("mqtt-paho").toString());
        this.client = new MqttAsyncClient(settings.uri(), settings.clientId(), persistence);
    }

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public List<DeliveryResult> deliver(List<ForwardRecord> batch) {
        List<DeliveryResult> results = new ArrayList<>(batch.size());
        String down = connect();
        if (down != null) {
            batch.forEach(r -> results.add(DeliveryResult.transientFailure(down)));
            return results;
        }
        List<IMqttDeliveryToken> tokens = new ArrayList<>(batch.size());
        String failure = null;
        for (ForwardRecord r : batch) {
            Optional<String> topic = topics.topic(r);
            if (topic.isEmpty()) {
                tokens.add(null);
                continue;
            }
            if (failure == null) {
                try {
                    tokens.add(client.publish(topic.get(), RecordJson.toBytes(r), 1, false));
                    continue;
                } catch (MqttException e) {
                    failure = "publish: " + e.getMessage();
                }
            }
            tokens.add(null);
        }
        return confirm(batch, tokens, failure);
    }

    private List<DeliveryResult> confirm(List<ForwardRecord> batch, List<IMqttDeliveryToken> tokens, String failure) {
        List<DeliveryResult> results = new ArrayList<>(batch.size());
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        String failed = null;
        for (int i = 0; i < batch.size(); i++) {
            IMqttDeliveryToken t = tokens.get(i);
            if (t == null) {
                results.add(topics.topic(batch.get(i)).isEmpty()
                        ? DeliveryResult.permanentFailure("ids cannot form an MQTT topic")
                        : DeliveryResult.transientFailure(failed != null ? failed : failure));
                continue;
            }
            if (failed == null) {
                failed = await(t, deadline);
            }
            results.add(failed == null ? DeliveryResult.ok() : DeliveryResult.transientFailure(failed));
        }
        return results;
    }

    private static String await(IMqttDeliveryToken t, long deadlineNanos) {
        long waitMillis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        try {
            t.waitForCompletion(waitMillis);
            return t.isComplete() && t.getException() == null ? null : "no PUBACK within the time-out";
        } catch (MqttException e) {
            return "PUBACK: " + e.getMessage();
        }
    }

    /** Connects if needed; returns null when connected, else why not. */
    private String connect() {
        if (closed) {
            return "sink closed";
        }
        if (client.isConnected()) {
            return null;
        }
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setAutomaticReconnect(false);
        o.setMaxInflight(MAX_INFLIGHT);
        o.setConnectionTimeout((int) Math.max(1, settings.timeout().toSeconds()));
        o.setKeepAliveInterval(30);
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password().toCharArray());
        }
        if (settings.socketFactory() != null) {
            o.setSocketFactory(settings.socketFactory());
        }
        try {
            client.connect(o).waitForCompletion(settings.timeout().toMillis());
            return client.isConnected() ? null : "connect timed out";
        } catch (MqttException e) {
            return "connect: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (client.isConnected()) {
                client.disconnect(1000).waitForCompletion(2000);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // already closed
        }
    }
}

package org.homeward.sim.load;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;

/**
 * How the load client talks to the broker.
 *
 * @param host broker host
 * @param port broker MQTT port
 * @param version MQTT 3.1.1 or 5
 * @param qos QoS 0 or 1 of every publish
 * @param window unacknowledged QoS 1 publishes per connection (pipelining depth; 32 = gateway receive-maximum)
 * @param packBytes SenML pack size (default 200)
 * @param threads event loop threads (1 or 2)
 * @param keepAliveSeconds MQTT keep-alive sent in CONNECT (no PINGREQs are sent: keep it above the run time)
 * @param connectWindow connections started but not yet CONNACKed (bounds SYN bursts)
 */
record LoadSettings(String host, int port, MqttVersion version, MqttQoS qos, int window, int packBytes,
                    int threads, int keepAliveSeconds, int connectWindow) {
    LoadSettings {
        if (qos != MqttQoS.AT_MOST_ONCE && qos != MqttQoS.AT_LEAST_ONCE) {
            throw new IllegalArgumentException("qos must be 0 or 1");
        }
        if (window < 1 || window > 65535) {
            throw new IllegalArgumentException("window must be 1..65535");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    static LoadSettings defaults(String host, int port) {
        return new LoadSettings(host, port, MqttVersion.MQTT_3_1_1, MqttQoS.AT_LEAST_ONCE, 32,
                PackBuilder.DEFAULT_SIZE, 1, 600, 1000);
    }
}

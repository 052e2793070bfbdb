package org.homeward.gateway.adapter.mqtt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.homeward.gateway.ingest.IngestOutcome;
import org.homeward.gateway.ingest.IngestService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput probe, not a test: one Paho v5 client publishing QoS 1 packs as fast as the
 * server's Receive Maximum allows, ingest completing on another thread (like the journal).
 * Run: {@code mvn -o -q -pl gateway test -Dtest=MqttLoadProbe -Dhomeward.probe=true}.
 */
@EnabledIfSystemProperty(named = "homeward.probe", matches = "true")
@Timeout(300)
class MqttLoadProbe {
    private static final int MESSAGES = 20_000;

    @Test
    void qos1Throughput() throws Exception {
        ExecutorService journal = Executors.newSingleThreadExecutor();
        IngestService ingest = r -> CompletableFuture.supplyAsync(() -> new IngestOutcome(1, List.of(), List.of()), journal);
        FakeDirectory directory = new FakeDirectory().add(ServerFixture.DEVICE, ServerFixture.SECRET);
        try (NettyTransport transport = NettyTransport.create(2)) {
            MqttServer server = new MqttServer(ServerFixture.settings(), ingest, directory, e -> { },
                    new SimpleMeterRegistry(), Clock.systemUTC(), transport);
            int port = server.start().mqtt();
            MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port, "probe", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName(ServerFixture.DEVICE);
            o.setPassword(ServerFixture.SECRET.getBytes(StandardCharsets.UTF_8));
            client.connect(o).waitForCompletion(10_000);
            byte[] pack = "[{\"n\":\"hr\",\"u\":\"beat/min\",\"v\":72}]".getBytes(StandardCharsets.UTF_8);
            for (int round = 0; round < 2; round++) {  // first round warms up the JIT
                CountDownLatch acked = new CountDownLatch(MESSAGES);
                long start = System.nanoTime();
                for (int i = 0; i < MESSAGES; i++) {
                    publishWhenAllowed(client, pack, acked);
                }
                acked.await(240, TimeUnit.SECONDS);
                double secs = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d: %d QoS1 publishes acked in %.2f s = %.0f msg/s (epoll=%s)%n",
                        round, MESSAGES, secs, MESSAGES / secs, transport.isEpoll());
            }
            client.disconnect().waitForCompletion(10_000);
            client.close();
            server.close();
        } finally {
            journal.shutdownNow();
        }
    }

    private static void publishWhenAllowed(MqttAsyncClient client, byte[] pack, CountDownLatch acked) throws Exception {
        while (true) {
            try {
                MqttMessage m = new MqttMessage(pack);
                m.setQos(1);
                client.publish("v1/devices/" + ServerFixture.DEVICE + "/senml", m, null,
                        new org.eclipse.paho.mqttv5.client.MqttActionListener() {
                            @Override
                            public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken t) {
                                acked.countDown();
                            }

                            @Override
                            public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken t, Throwable e) {
                                acked.countDown();
                            }
                        });
                return;
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                // client-side in-flight window full: wait for an ack to free a slot
                Thread.onSpinWait();
            }
        }
    }
}

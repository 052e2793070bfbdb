package org.homeward.gateway.adapter.mqtt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.homeward.gateway.domain.DeviceEvent;
import org.homeward.gateway.metrics.Meters;

/** A real server on an ephemeral loopback port with test doubles behind it. */
final class ServerFixture implements AutoCloseable {
    static final String DEVICE = "dev-a1";
    static final String SECRET = "s3cret-a1";
    static final String OTHER = "dev-b2";

    final FakeIngest ingest = new FakeIngest();
    final FakeDirectory directory = new FakeDirectory().add(DEVICE, SECRET).add(OTHER, "s3cret-b2");
    final Queue<DeviceEvent> events = new ConcurrentLinkedQueue<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final NettyTransport transport = NettyTransport.create(2);
    final MqttServer server;
    final int port;
    final int tlsPort;

    ServerFixture() {
        this(settings());
    }

    ServerFixture(MqttSettings settings) {
        server = new MqttServer(settings, ingest, directory, events::add, meters, Clock.systemUTC(), transport);
        MqttServer.Ports ports = server.start();
        port = ports.mqtt();
        tlsPort = ports.mqttTls();
    }

    static MqttSettings settings() {
        return new MqttSettings(true, "127.0.0.1", 0, false, 0, null, null, MqttSettings.ClientAuth.NONE, null,
                Duration.ofSeconds(10), 65_536, 100, 100, 32, 300, 32 * 1024, 64 * 1024);
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    double count(String meter, String reason) {
        return meters.find(meter).tag("reason", reason).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    double protocolErrors(String reason) {
        return count(Meters.PROTOCOL_ERRORS, reason);
    }

    List<DeviceEvent.Type> eventTypes() {
        return events.stream().map(DeviceEvent::type).toList();
    }

    @Override
    public void close() {
        server.close();
        transport.close();
    }
}

package org.homeward.gateway.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.homeward.gateway.audit.AuditLog;
import org.homeward.gateway.device.RegistryAdmin;
import org.homeward.gateway.device.RegistryStore;

/**
 * Simulated wearables: registered through the CLI's registry code, publishing SenML over MQTT 5
 * with Paho at QoS 1. Each publish carries temp (its identifying value 30 + i/1000 °C, i growing
 * per device across reconnects), hr and spo2. Records what got a success PUBACK, what was refused
 * with which reason code, and PUBACK latencies.
 */
final class Devices implements AutoCloseable {
    static final String NURSE = "nurse1";

    final Map<String, String> patientOf = new LinkedHashMap<>();
    final Set<Received.Sent> acked = ConcurrentHashMap.newKeySet();
    final Set<Received.Sent> sent = ConcurrentHashMap.newKeySet();
    final Map<Integer, AtomicInteger> refusedByCode = new ConcurrentHashMap<>();
    private final RegistryAdmin admin;
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, Integer> counters = new LinkedHashMap<>();
    private final List<Client> clients = new ArrayList<>();
    private volatile boolean stopped;
    private volatile ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

    Devices(Path dataDir) {
        admin = new RegistryAdmin(new RegistryStore(dataDir), new AuditLog(dataDir.resolve("audit/audit.log")),
                Clock.systemUTC());
        admin.addUser(NURSE, "nurse", "nurse1-password".toCharArray(), "test");
    }

    Devices add(String patient, String... deviceIds) {
        if (!patientOf.containsValue(patient)) {
            admin.addPatient(patient, LocalDate.now().minusDays(2).toString(), "", "", "test");
        }
        for (String d : deviceIds) {
            secrets.put(d, admin.addDevice(d, patient, "patch", "test"));
            patientOf.put(d, patient);
            counters.put(d, 0);
        }
        return this;
    }

    String secret(String device) {
        return secrets.get(device);
    }

    /**
     * Connects one MQTT 5 client per device (fresh clients after a gateway restart); with several
     * ports (cluster nodes) the devices are spread over them round robin, in registration order.
     */
    void connect(int... ports) throws Exception {
        closeClients();
        int n = 0;
        for (Map.Entry<String, String> e : secrets.entrySet()) {
            int port = ports[n++ % ports.length];
            MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + port, e.getKey(), new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName(e.getKey());
            o.setPassword(e.getValue().getBytes(StandardCharsets.UTF_8));
            o.setReceiveMaximum(32);
            c.connect(o).waitForCompletion(30_000);
            clients.add(new Client(e.getKey(), c, new Semaphore(16)));
        }
    }

    /**
     * {@code rounds} publishes per device, round robin, at most 16 in flight per device, paced to
     * {@code perSecond} publishes in total (0 = as fast as PUBACKs allow). Returns the publishes
     * started; stops early when a device had no PUBACK for 30 s (gateway gone).
     */
    int send(int rounds, int perSecond) throws InterruptedException {
        long gap = perSecond > 0 ? 1_000_000_000L / perSecond : 0;
        long next = System.nanoTime();
        int started = 0;
        stopped = false;
        for (int round = 0; round < rounds && !stopped; round++) {
            for (Client c : clients) {
                if (!c.inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
                    return started;
                }
                int i = counters.merge(c.device, 1, Integer::sum);
                double temp = 30.0 + i / 1000.0;
                publish(c, "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":" + temp
                        + "},{\"n\":\"hr\",\"u\":\"beat/min\",\"v\":" + (60 + i % 40)
                        + "},{\"n\":\"spo2\",\"u\":\"/\",\"v\":0.97}]", Received.Sent.of(c.device, temp));
                started++;
                if (gap > 0) {
                    next += gap;
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            }
        }
        return started;
    }

    /** Makes a running {@link #send} return after its current publish. */
    void stop() {
        stopped = true;
    }

    /** Two temperatures ≥ 38.0 °C measured 4 min apart (SenML bt/t): CRS-FEVER for a patch. */
    void sendFever(String device) throws InterruptedException {
        Client c = clients.stream().filter(x -> x.device.equals(device)).findFirst().orElseThrow();
        c.inFlight.acquire();
        double bt = System.currentTimeMillis() / 1000.0 - 300;
        publish(c, "[{\"bt\":" + bt + ",\"n\":\"temp\",\"u\":\"Cel\",\"v\":38.5,\"t\":0},"
                + "{\"n\":\"temp\",\"u\":\"Cel\",\"v\":38.6,\"t\":240}]", Received.Sent.of(device, 38.5));
        sent.add(Received.Sent.of(device, 38.6));
    }

    private void publish(Client c, String payload, Received.Sent id) {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        sent.add(id);
        long t0 = System.nanoTime();
        ConcurrentLinkedQueue<Long> lat = latencies;
        try {
            c.client.publish("v1/devices/" + c.device + "/senml", m, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    int code = codes == null || codes.length == 0 ? 0 : codes[0];
                    if (code < 0x80) {
                        acked.add(id);
                        if (payload.contains("\"bt\"")) {
                            acked.add(Received.Sent.of(c.device, 38.6));
                        }
                        lat.add(System.nanoTime() - t0);
                    } else {
                        refusedByCode.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                    }
                    c.inFlight.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    if (e instanceof MqttException me && me.getReasonCode() >= 0x80 && me.getReasonCode() < 0x100) {
                        refusedByCode.computeIfAbsent(me.getReasonCode(), k -> new AtomicInteger()).incrementAndGet();
                    }
                    c.inFlight.release();
                }
            });
        } catch (MqttException e) {
            c.inFlight.release();
        }
    }

    /** PUBACK latencies (ns) since the last call, and a fresh collection for the next phase. */
    List<Long> takeLatencies() {
        ConcurrentLinkedQueue<Long> old = latencies;
        latencies = new ConcurrentLinkedQueue<>();
        List<Long> out = new ArrayList<>(old);
        out.sort(null);
        return out;
    }

    /** Waits until every started publish has its PUBACK (or failure). */
    boolean drain() throws InterruptedException {
        for (Client c : clients) {
            if (!c.inFlight.tryAcquire(16, 60, TimeUnit.SECONDS)) {
                return false;
            }
            c.inFlight.release(16);
        }
        return true;
    }

    static String summary(List<Long> sortedNanos) {
        if (sortedNanos.isEmpty()) {
            return "n=0";
        }
        return String.format("n=%d median=%.1f ms p99=%.1f ms max=%.1f ms", sortedNanos.size(),
                pct(sortedNanos, 0.5), pct(sortedNanos, 0.99), sortedNanos.get(sortedNanos.size() - 1) / 1e6);
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size()))) / 1e6;
    }

    private void closeClients() {
        for (Client c : clients) {
            try {
                c.client.disconnectForcibly(0, 1_000, false);
            } catch (MqttException ignored) {
                // the gateway may already be gone (SIGKILL)
            }
            try {
                c.client.close(true);
            } catch (MqttException ignored) {
                // closing a dead client
            }
        }
        clients.clear();
    }

    @Override
    public void close() {
        closeClients();
    }

    private record Client(String device, MqttAsyncClient client, Semaphore inFlight) {
    }
}

package org.homeward.gateway.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A few simulated patients at home, each with a temperature patch and a pulse oximeter speaking
 * SenML over MQTT (Paho, QoS 1) to a real gateway: every second each device sends a fresh pack
 * whose values change, and every few seconds a status pack (battery, signal, worn). Patients
 * can be given a history (a backfilled pack with absolute {@code bt}, as a device that was
 * offline would send) and a fever. Publishing runs on one scheduler thread; failures while the
 * gateway is down are counted, not thrown (Paho reconnects by itself).
 */
final class SimulatedWard implements AutoCloseable {
    /** One simulated patient's kit. */
    record Kit(String patientId, String patchId, String patchSecret, String oximeterId, String oximeterSecret,
               double baseTemp, double baseHr, double pi, double oximeterBattery) {
    }

    private final List<Kit> kits = new ArrayList<>();
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-ward");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong tick = new AtomicLong();
    final AtomicLong published = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private final java.util.Set<String> quiet = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> febrile = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile String uri;

    /** Registers the patient and its two devices in the gateway's registry (before the gateway starts). */
    Kit add(GatewayFixture gw, String patientId, String label, double baseTemp, double baseHr, double pi,
            double oximeterBattery) {
        gw.patient(patientId, label, 2);
        Kit k = new Kit(patientId, "d-" + patientId + "-patch", gw.device("d-" + patientId + "-patch", patientId, "patch"),
                "d-" + patientId + "-oxi", gw.device("d-" + patientId + "-oxi", patientId, "oximeter"), baseTemp, baseHr, pi,
                oximeterBattery);
        kits.add(k);
        return k;
    }

    /** Connects every device to {@code tcp://127.0.0.1:mqttPort}. */
    void connect(int mqttPort) throws MqttException {
        uri = "tcp://127.0.0.1:" + mqttPort;
        for (Kit k : kits) {
            clients.add(client(k.patchId(), k.patchSecret()));
            clients.add(client(k.oximeterId(), k.oximeterSecret()));
        }
    }

    private MqttAsyncClient client(String id, String secret) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(uri, id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(id);
        o.setPassword(secret.toCharArray());
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(1000);
        o.setConnectionTimeout(20);
        o.setCleanSession(true);
        c.connect(o).waitForCompletion(30_000);
        return c;
    }

    /** Starts the live feed: one pack per device per second, status every 5 s. */
    void startFeed() {
        scheduler.scheduleAtFixedRate(this::publishRound, 0, 1, TimeUnit.SECONDS);
    }

    /**
     * Sends {@code hours} of history for a patient's patch and oximeter, one sample every 20 min,
     * the last one {@code endMinutesAgo} before now (as a device that was offline backfills).
     * Call before {@link #startFeed()}: the rules ignore samples older than the newest one.
     */
    void backfill(Kit k, int hours, int endMinutesAgo) throws MqttException {
        long end = System.currentTimeMillis() - endMinutesAgo * 60_000L;
        long start = end - hours * 3_600_000L;
        StringBuilder temp = new StringBuilder();
        StringBuilder oxi = new StringBuilder();
        for (long t = start; t <= end; t += 20 * 60_000L) {
            double v = k.baseTemp() + 0.25 * Math.sin(t / 7_200_000.0);
            double hr = k.baseHr() + 5 * Math.cos(t / 5_400_000.0);
            double rel = (t - start) / 1000.0;
            temp.append(temp.isEmpty() ? first(k.patchId(), start) : ",{").append(rec(rel, "temp", "Cel", v))
                    .append("},{").append(rec(rel, "rr", "1/s", (15 + 2 * Math.sin(t / 4_000_000.0)) / 60)).append('}');
            oxi.append(oxi.isEmpty() ? first(k.oximeterId(), start) : ",{").append(rec(rel, "spo2", "/", 0.97))
                    .append("},{").append(rec(rel, "hr", "1/s", hr / 60)).append("},{")
                    .append(rec(rel, "pi", "/", k.pi())).append('}');
        }
        publish(k.patchId(), "senml", "[" + temp + "]").waitForCompletion(30_000);
        publish(k.oximeterId(), "senml", "[" + oxi + "]").waitForCompletion(30_000);
    }

    /** The patch of this patient sends no live temperature until {@link #fever}. */
    void quietPatch(Kit k) {
        quiet.add(k.patientId());
    }

    /**
     * The patch reports a fever: three samples ≥ 38.0 °C measured 5, 3 and 1 min ago (a confirmed
     * fever under ASTCT: ≥ 2 samples spanning ≥ 4 min), then 38.5 °C and more live.
     */
    void fever(Kit k) throws MqttException {
        long start = System.currentTimeMillis() - 5 * 60_000L;
        String pack = "[" + first(k.patchId(), start) + rec(0, "temp", "Cel", 38.2) + "},{" + rec(120, "temp", "Cel", 38.4)
                + "},{" + rec(240, "temp", "Cel", 38.5) + "}]";
        publish(k.patchId(), "senml", pack).waitForCompletion(30_000);
        febrile.add(k.patientId());
        quiet.remove(k.patientId());
    }

    private static String first(String device, long startMillis) {
        return String.format(Locale.ROOT, "{\"bn\":\"urn:dev:%s:\",\"bt\":%.3f,", device, startMillis / 1000.0);
    }

    private static String rec(double relSeconds, String name, String unit, double v) {
        return String.format(Locale.ROOT, "\"t\":%.3f,\"n\":\"%s\",\"u\":\"%s\",\"v\":%.4f", relSeconds, name, unit, v);
    }

    private void publishRound() {
        long n = tick.incrementAndGet();
        double bt = System.currentTimeMillis() / 1000.0;
        for (Kit k : kits) {
            boolean fever = febrile.contains(k.patientId());
            double temp = (fever ? 38.5 : k.baseTemp()) + 0.05 * (n % 5);
            double hr = k.baseHr() + (n % 7) + (fever ? 15 : 0);
            double rr = 14 + (n % 3) + (fever ? 4 : 0);
            String tempRecord = quiet.contains(k.patientId()) ? ""
                    : String.format(Locale.ROOT, "\"n\":\"temp\",\"u\":\"Cel\",\"v\":%.2f},{", temp);
            tryPublish(k.patchId(), "senml", String.format(Locale.ROOT,
                    "[{\"bn\":\"urn:dev:%s:\",\"bt\":%.3f,%s\"n\":\"rr\",\"u\":\"1/s\",\"v\":%.5f}]",
                    k.patchId(), bt, tempRecord, rr / 60));
            tryPublish(k.oximeterId(), "senml", String.format(Locale.ROOT,
                    "[{\"bn\":\"urn:dev:%s:\",\"bt\":%.3f,\"n\":\"spo2\",\"u\":\"/\",\"v\":%.2f},"
                            + "{\"n\":\"hr\",\"u\":\"1/s\",\"v\":%.5f},{\"n\":\"pi\",\"u\":\"/\",\"v\":%.4f}]",
                    k.oximeterId(), bt, 0.95 + 0.01 * (n % 4), hr / 60, k.pi()));
            if (n % 5 == 1) {
                status(k.patchId(), bt, 78 - n / 60.0, -98);
                status(k.oximeterId(), bt, k.oximeterBattery() - n / 60.0, -104);
            }
        }
    }

    private void status(String device, double bt, double battery, double rssiDbm) {
        tryPublish(device, "status", String.format(Locale.ROOT,
                "[{\"bn\":\"urn:dev:%s:\",\"bt\":%.3f,\"n\":\"bat\",\"u\":\"%%EL\",\"v\":%.1f},"
                        + "{\"n\":\"rssi\",\"u\":\"dBW\",\"v\":%.1f},{\"n\":\"wear\",\"vb\":true}]",
                device, bt, Math.max(5, battery), rssiDbm - 30));
    }

    private void tryPublish(String device, String channel, String json) {
        try {
            publish(device, channel, json);
            published.incrementAndGet();
        } catch (MqttException | RuntimeException e) {
            failed.incrementAndGet(); // gateway down or in-flight window full: the next round sends newer values
        }
    }

    private org.eclipse.paho.client.mqttv3.IMqttDeliveryToken publish(String device, String channel, String json)
            throws MqttException {
        MqttAsyncClient c = clients.stream().filter(x -> x.getClientId().equals(device)).findFirst().orElseThrow();
        return c.publish("v1/devices/" + device + "/" + channel, json.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        for (MqttAsyncClient c : clients) {
            try {
                c.disconnectForcibly(1000, 1000);
                c.close(true);
            } catch (MqttException e) {
                // already gone
            }
        }
    }
}

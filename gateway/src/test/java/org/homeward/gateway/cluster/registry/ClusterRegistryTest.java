package org.homeward.gateway.cluster.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.homeward.gateway.audit.AuditLog;
import org.homeward.gateway.device.DeviceDirectory;
import org.homeward.gateway.device.DeviceInfo;
import org.homeward.gateway.device.RegistryAdmin;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.device.Roster;
import org.homeward.gateway.forward.kafka.KafkaTestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster registry against a real single-node KRaft broker (child JVM): two nodes, each with
 * its own data directory and the same master.key, follow one registry topic.
 */
@Timeout(300)
class ClusterRegistryTest {
    static final int MAX_BYTES = 4 << 20;
    static KafkaTestBroker broker;
    static final AtomicInteger TOPICS = new AtomicInteger();

    @TempDir
    static Path brokerDir;
    @TempDir
    Path dir;
    byte[] masterKey = new byte[32];
    String topic;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = new KafkaTestBroker(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void freshTopicAndKey() {
        new SecureRandom().nextBytes(masterKey);
        topic = "registry-" + TOPICS.incrementAndGet();
    }

    RegistryTestNode node(String id) throws Exception {
        return new RegistryTestNode(id, dir.resolve(id), broker.bootstrap(), topic, MAX_BYTES, masterKey);
    }

    @Test
    void aDeviceAddedOnNodeAAuthenticatesOnNodeB() throws Exception {
        try (RegistryTestNode a = node("a"); RegistryTestNode b = node("b")) {
            a.admin.addPatient("p-1", "2026-11-20", "axi-cel", "", "admin");
            long asked = System.nanoTime();
            String secret = a.admin.addDevice("d-1", "p-1", "oximeter", "admin");
            long answered = System.nanoTime();

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(() ->
                    b.directory.authenticate("d-1", secret.getBytes(StandardCharsets.UTF_8)).isPresent());
            long inForce = System.nanoTime();
            System.out.printf("cluster registry: device add on node A answered in %d ms; it authenticates on node B %d ms"
                    + " after the add began (%d ms after A answered)%n", (answered - asked) / 1_000_000,
                    (inForce - asked) / 1_000_000, (inForce - answered) / 1_000_000);
            assertThat(b.directory.find("d-1")).contains(new DeviceInfo("d-1", "p-1", "oximeter"));
            assertThat(b.store.read().devices()).extracting(RegistryData.Device::deviceId).containsExactly("d-1");
            assertThat(Files.getPosixFilePermissions(b.store.file())).extracting(Object::toString)
                    .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");

            b.admin.revokeDevice("d-1", "admin"); // and back: a change on B is in force on A
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    a.directory.explainFailure("d-1", secret.getBytes(StandardCharsets.UTF_8))
                            == DeviceDirectory.AuthFailure.REVOKED);
            assertThat(a.registry.version()).isEqualTo(b.registry.version()).isEqualTo(3);
        }
    }

    @Test
    void concurrentWritersOnTwoNodesAndTheCommandLineLoseNoChange() throws Exception {
        int perWriter = 8;
        try (RegistryTestNode a = node("a"); RegistryTestNode b = node("b")) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            try {
                for (String w : List.of("a1", "a2", "b1", "cli")) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perWriter; i++) {
                            adminFor(w, a, b).addPatient("p-" + w + "-" + i, "2026-11-20", "", "", w);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(240, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Set<String> expected = ConcurrentHashMap.newKeySet();
            for (String w : List.of("a1", "a2", "b1", "cli")) {
                for (int i = 0; i < perWriter; i++) {
                    expected.add("p-" + w + "-" + i);
                }
            }
            for (RegistryTestNode n : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(n.directory.data().patients().stream().map(RegistryData.Patient::patientId)
                                .collect(Collectors.toSet())).isEqualTo(expected));
            }
            assertThat(a.registry.version()).isEqualTo(b.registry.version()).isEqualTo(4L * perWriter);
            System.out.printf("cluster registry: %d concurrent changes, %.0f lost races retried (stale records)%n",
                    4 * perWriter, a.counted("stale"));
        }
    }

    /** Node A's and B's admins, and a command-line admin that opens its own clients per change. */
    private RegistryAdmin adminFor(String writer, RegistryTestNode a, RegistryTestNode b) {
        if (writer.startsWith("a")) {
            return a.admin;
        }
        if (writer.startsWith("b")) {
            return b.admin;
        }
        return new RegistryAdmin(new OneShotStorage(), masterKey, new AuditLog(dir.resolve("cli-audit.log")), Clock.systemUTC());
    }

    /** The command line's storage: a one-shot registry per read or change, as AdminCli uses it. */
    private final class OneShotStorage implements org.homeward.gateway.device.RegistryStorage {
        private ClusterRegistry open() {
            return ClusterRegistry.oneShot(RegistryTestNode.settings("cli", topic, MAX_BYTES),
                    RegistryTestNode.base(broker.bootstrap()), masterKey, Clock.systemUTC(), new SimpleMeterRegistry());
        }

        @Override
        public RegistryData read() {
            try (ClusterRegistry r = open()) {
                return r.read();
            }
        }

        @Override
        public RegistryData update(java.util.function.UnaryOperator<RegistryData> change) {
            try (ClusterRegistry r = open()) {
                return r.update(change);
            }
        }
    }

    @Test
    void malformedOversizedAndUnsignedRecordsAreCountedAndNeverApplied() throws Exception {
        try (RegistryTestNode a = node("a")) {
            a.admin.addPatient("p-1", "2026-11-20", "", "", "admin");
            RegistryRecords mine = new RegistryRecords(masterKey, MAX_BYTES);
            byte[] otherKey = new byte[32];
            new SecureRandom().nextBytes(otherKey);
            RegistryData evil = new RegistryData(List.of(new RegistryData.Patient("p-evil", "2026-11-20", "", "", 1L)),
                    List.of(), List.of());
            try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(ClusterRegistry.producerProperties(
                    RegistryTestNode.base(broker.bootstrap()), MAX_BYTES))) {
                // not gzip'd JSON, though correctly signed
                send(raw, mine, "k-garbage", "{not json".getBytes(StandardCharsets.UTF_8));
                // a valid document signed with another master key (a node or intruder without the cluster's key)
                send(raw, new RegistryRecords(otherKey, MAX_BYTES), "k-foreign",
                        new RegistryRecords(otherKey, MAX_BYTES).encode(new RegistryRecords.Document(99, 98, "x", 0, evil)));
                // signed, well-formed JSON, but content the shards could not apply (a date that is no date)
                RegistryData badDate = new RegistryData(List.of(new RegistryData.Patient("p-2", "20-11-2026", "", "", 1L)),
                        List.of(), List.of());
                send(raw, mine, "k-baddate", mine.encode(new RegistryRecords.Document(50, 49, "x", 0, badDate)));
                // a zip bomb: small on the wire, larger than max-bytes once inflated
                byte[] bomb = new RegistryRecords(masterKey, 64 << 20).encode(new RegistryRecords.Document(60, 59, "x", 0,
                        bulk(40_000)));
                assertThat(bomb.length).isLessThan(MAX_BYTES);
                send(raw, mine, "k-bomb", bomb);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(a.counted("malformed")).isEqualTo(2);
                assertThat(a.counted("unsigned")).isEqualTo(1);
                assertThat(a.counted("oversize")).isEqualTo(1);
            });
            assertThat(a.registry.version()).isEqualTo(1);
            assertThat(a.directory.data().patients()).extracting(RegistryData.Patient::patientId).containsExactly("p-1");

            a.admin.addPatient("p-3", "2026-11-21", "", "", "admin"); // the registry still takes changes
            assertThat(a.directory.data().patients()).extracting(RegistryData.Patient::patientId).containsExactly("p-1", "p-3");
            assertThat(a.registry.version()).isEqualTo(2);
        }
    }

    private void send(KafkaProducer<String, byte[]> raw, RegistryRecords signer, String key, byte[] value) throws Exception {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, 0, key, value);
        signer.sign(key, value, r.headers());
        raw.send(r).get(30, TimeUnit.SECONDS);
    }

    private static RegistryData bulk(int patients) {
        List<RegistryData.Patient> ps = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            ps.add(new RegistryData.Patient("p-" + i, "2026-11-20", "axi-cel", "p-" + i, 1L));
        }
        return new RegistryData(ps, List.of(), List.of());
    }

    @Test
    void aRosterOfAThousandPatientsWithThreeDevicesEachFitsAndReachesTheOtherNode() throws Exception {
        StringBuilder csv = new StringBuilder("patient,infusion-date,product,device,kind\n");
        for (int i = 0; i < 1000; i++) {
            for (String kind : List.of("patch", "oximeter", "bp-cuff")) {
                csv.append("p-").append(i).append(",2026-11-20,axi-cel,d-").append(kind).append('-').append(i).append(',')
                        .append(kind).append('\n');
            }
        }
        try (RegistryTestNode a = node("a"); RegistryTestNode b = node("b")) {
            long t0 = System.nanoTime();
            var enrolled = a.admin.episodes().importRoster(Roster.parse("ward.csv", csv.toString()), "ward.csv", "admin");
            long imported = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
                    .until(() -> b.directory.data().devices().size() == 3000);
            long applied = System.nanoTime();
            var last = enrolled.get(enrolled.size() - 1);
            assertThat(b.directory.authenticate(last.deviceId(), last.secret().getBytes(StandardCharsets.UTF_8))).isPresent();
            byte[] value = new RegistryRecords(masterKey, MAX_BYTES).encode(new RegistryRecords.Document(1, 0, "a", 0,
                    b.directory.data()));
            System.out.printf("cluster registry: 1000 patients x 3 devices: registry.json %d bytes, record %d bytes (gzip);"
                            + " import on A %d ms, then in force on B after %d ms%n", Files.size(b.store.file()), value.length,
                    (imported - t0) / 1_000_000, (applied - imported) / 1_000_000);
        }
    }
}

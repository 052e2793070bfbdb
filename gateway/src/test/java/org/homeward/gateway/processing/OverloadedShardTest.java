package org.homeward.gateway.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.homeward.gateway.device.DeviceDirectory;
import org.homeward.gateway.device.DeviceInfo;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Transport;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.ingest.Channel;
import org.homeward.gateway.ingest.DefaultIngestService;
import org.homeward.gateway.ingest.IngestOutcome;
import org.homeward.gateway.ingest.IngestRequest;
import org.homeward.gateway.ingest.PackDecoder;
import org.homeward.gateway.ingest.PayloadFormat;
import org.homeward.gateway.journal.JournalSettings;
import org.homeward.gateway.journal.SegmentedJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "nothing that was PUBACKed skips evaluation": the real ingest service, the real journal
 * and the real shards, with one shard whose rules are held still while many packs are acknowledged,
 * then released. Every acknowledged reading must reach the rules exactly once, the older ones read
 * back from the journal because the in-memory ring of recent entries has moved past them.
 */
@Timeout(60)
class OverloadedShardTest {
    static final int PATIENTS = 8;
    /** More packs than the ring of recent entries holds: the held shard must read the oldest from the journal. */
    static final int PACKS = JournalReadingLog.RECENT + 1_000;

    @TempDir
    Path dir;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ObservedRules rules = new ObservedRules(true);

    @Test
    void givenAShardHeldStillWhenManyPacksAreAcknowledgedThenEveryAcknowledgedReadingReachesTheRules()
            throws Exception {
        try (SegmentedJournal journal = SegmentedJournal.open(JournalSettings.defaults(dir), Clock.systemUTC(), meters);
             PatientShards shards = Processing.shards(journal, new ShardSettings(1, 16, Duration.ofHours(1),
                     Duration.ofSeconds(1)), rules, meters)) {
            DefaultIngestService ingest = new DefaultIngestService(new Devices(), new OneReadingDecoder(), journal,
                    shards, meters);

            // when: many packs arrive while the shard cannot evaluate anything
            List<CompletableFuture<IngestOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < PACKS; i++) {
                futures.add(ingest.ingest(new IngestRequest(Transport.MQTT, "d-" + (i % PATIENTS), Channel.SENML,
                        PayloadFormat.SENML_JSON, new byte[] {'['}, 1_000L + i)));
            }
            Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
            for (int i = 0; i < PACKS; i++) {
                try {
                    int n = futures.get(i).get(30, TimeUnit.SECONDS).accepted();
                    acknowledged.merge("p-" + (i % PATIENTS), n, Integer::sum);
                } catch (java.util.concurrent.ExecutionException refused) {
                    // refused packs were never acknowledged: the device keeps them and retries
                }
            }
            int total = acknowledged.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(total).as("acknowledged readings").isGreaterThan(PACKS / 2);
            assertThat(rules.counts().values().stream().mapToInt(Integer::intValue).sum())
                    .as("the shard was held still").isZero();

            // then: once the shard runs again, every acknowledged reading is evaluated, none twice
            rules.hold.countDown();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(rules.counts()).isEqualTo(acknowledged));
        }
    }

    /** Device d-N belongs to patient p-N. */
    static final class Devices implements DeviceDirectory {
        @Override public Optional<DeviceInfo> authenticate(String id, byte[] secret) { return find(id); }
        @Override public AuthFailure explainFailure(String id, byte[] secret) { return AuthFailure.NONE; }
        @Override public Optional<byte[]> pskFor(String id) { return Optional.empty(); }
        @Override public Optional<DeviceInfo> find(String id) {
            return Optional.of(new DeviceInfo(id, "p-" + id.substring(2), "patch"));
        }
        @Override public void onDeactivated(Consumer<String> listener) { }
    }

    /** One temperature reading per pack, stamped with the request's receive time. */
    static final class OneReadingDecoder implements PackDecoder {
        @Override
        public Result decode(PayloadFormat format, byte[] payload, String deviceId, String patientId, long at) {
            return new Result(List.of(new Reading(deviceId, patientId, Vital.TEMP, 37.0, at, at, Quality.OK, "Cel",
                    false)), List.of(), List.of());
        }
    }
}

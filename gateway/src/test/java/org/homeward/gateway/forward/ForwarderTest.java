package org.homeward.gateway.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.records.JournalRecords;
import org.homeward.gateway.metrics.Meters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ForwarderTest {
    static final ForwarderSettings FAST = ForwarderSettings.defaults().withPollInterval(Duration.ofMillis(10))
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(40));

    @TempDir
    Path dir;
    final InMemoryJournal journal = new InMemoryJournal();
    final FakeSink sink = new FakeSink();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    Forwarder forwarder(ForwarderSettings settings) throws IOException {
        return new Forwarder(journal, sink, settings, dir, "gw1", registry, Clock.systemUTC());
    }

    double count(String outcome) {
        return registry.get(Meters.FORWARD_RECORDS).tag("sink", "fake").tag("outcome", outcome).counter().count();
    }

    @Test
    void alarmsInTheWindowGoAheadOfReadingsAndTheCursorIsPersistedAfterConfirmation() throws Exception {
        journal.append(TestRecords.vitals(1, "p1"));
        journal.append(TestRecords.vitals(2, "p1"));
        journal.append(JournalRecords.alarm(TestRecords.alarm("p1", "a1", AlarmState.ACTIVE, 3)));
        journal.append(JournalRecords.alarm(TestRecords.alarm("p1", "a1", AlarmState.ACKNOWLEDGED, 4)));
        try (Forwarder f = forwarder(FAST)) {
            f.start();
            await().until(() -> f.cursor() == 4);
        }
        assertThat(sink.confirmed).extracting(ForwardRecord::idempotencyKey)
                .containsExactly("gw1-3-0", "gw1-4-0", "gw1-1-0", "gw1-1-1", "gw1-2-0", "gw1-2-1");
        assertThat(Files.readString(dir.resolve("forward/fake.cursor")).trim()).isEqualTo("4");
        assertThat(count("delivered")).isEqualTo(6);
    }

    @Test
    void aRestartResumesAfterThePersistedCursorWithoutResending() throws Exception {
        journal.append(TestRecords.vitals(1, "p1"));
        try (Forwarder f = forwarder(FAST)) {
            f.start();
            await().until(() -> f.cursor() == 1);
        }
        journal.append(TestRecords.vitals(2, "p1"));
        try (Forwarder f = new Forwarder(journal, sink, FAST, dir, "gw1", new SimpleMeterRegistry(), Clock.systemUTC())) {
            assertThat(f.cursor()).isEqualTo(1);
            f.start();
            await().until(() -> f.cursor() == 2);
        }
        assertThat(sink.confirmed).extracting(ForwardRecord::idempotencyKey)
                .containsExactly("gw1-1-0", "gw1-1-1", "gw1-2-0", "gw1-2-1");
    }

    @Test
    void transientFailuresAreRetriedInOrderAndTheCursorWaits() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(3);
        sink.script = r -> r.sequence() == 2 && failuresLeft.getAndDecrement() > 0
                ? DeliveryResult.transientFailure("503") : DeliveryResult.ok();
        for (int i = 1; i <= 3; i++) {
            journal.append(TestRecords.vitals(i, "p1", "p2"));
        }
        try (Forwarder f = forwarder(FAST)) {
            f.start();
            await().until(() -> f.cursor() == 3);
        }
        List<String> p1 = sink.confirmed.stream().filter(r -> r.patientId().equals("p1"))
                .map(ForwardRecord::idempotencyKey).toList();
        assertThat(p1).containsExactly("gw1-1-0", "gw1-1-1", "gw1-2-0", "gw1-2-1", "gw1-3-0", "gw1-3-1");
        assertThat(sink.confirmed).hasSize(12);
        assertThat(count("retried")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void givenASinkThatKeepsFailing_whenTheThirdAttemptFails_thenForwardSinkDownIsRaisedAndClearedByTheNextDelivery()
            throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        sink.script = r -> down.get() ? DeliveryResult.transientFailure("HTTP 401: token expired") : DeliveryResult.ok();
        journal.append(TestRecords.vitals(1, "p1"));
        try (Forwarder f = forwarder(FAST)) {
            f.start();
            await().until(() -> registry.get(Meters.FORWARD_SINK_DOWN).tag("sink", "fake").gauge().value() == 1.0);
            assertThat(count("retried")).isGreaterThanOrEqualTo(3 * 2); // 3 attempts of the entry's 2 records
            assertThat(f.cursor()).isZero();
            assertThat(f.technicalAlarm()).hasValueSatisfying(a -> assertThat(a)
                    .containsEntry("rule", "FORWARD-SINK-DOWN").containsEntry("reason", "HTTP 401: token expired"));
            assertThat(count("dead_lettered")).isZero();

            down.set(false);
            await().until(() -> f.cursor() == 1);
            assertThat(registry.get(Meters.FORWARD_SINK_DOWN).tag("sink", "fake").gauge().value()).isZero();
            assertThat(f.technicalAlarm()).isEmpty();
            assertThat(registry.get(Meters.FORWARD_SINK_DOWN_RAISED).tag("sink", "fake").counter().count()).isEqualTo(1);
        }
    }

    @Test
    void aPermanentRejectionIsDeadLetteredAndLaterRecordsStillFlow() throws Exception {
        sink.script = r -> r.reading() != null && r.reading().vital() == Vital.HR && r.sequence() == 1
                ? DeliveryResult.permanentFailure("HTTP 422: bad code") : DeliveryResult.ok();
        journal.append(TestRecords.vitals(1, "p1"));
        journal.append(TestRecords.vitals(2, "p1"));
        journal.append(new byte[] {9, 1, 0});
        journal.append(JournalRecords.manual(new org.homeward.gateway.domain.ManualEntry("p1",
                org.homeward.gateway.domain.ManualEntry.Kind.ICE_SCORE, 9, "", "nurse1", TestRecords.T0)));
        // a cluster owner's learned baseline: internal state, skipped like the manual entry, never dead-lettered
        journal.append(JournalRecords.baseline(new org.homeward.gateway.domain.LearnedBaseline("p1", Vital.TEMP,
                TestRecords.T0, 1440, 36.4, 7.2)));
        try (Forwarder f = forwarder(FAST)) {
            f.start();
            await().until(() -> f.cursor() == 5);
        }
        assertThat(sink.confirmed).extracting(ForwardRecord::idempotencyKey)
                .containsExactly("gw1-1-0", "gw1-2-0", "gw1-2-1");
        List<String> lines = Files.readAllLines(dir.resolve("forward/fake.deadletter.jsonl"));
        assertThat(lines).hasSize(2);
        // the undecodable entry is dead-lettered when its window is read, before the window is delivered
        JsonNode first = new ObjectMapper().readTree(lines.get(1));
        assertThat(first.get("key").asText()).isEqualTo("gw1-1-1");
        assertThat(first.get("reason").asText()).isEqualTo("HTTP 422: bad code");
        assertThat(first.get("record").get("vital").asText()).isEqualTo("hr");
        JsonNode second = new ObjectMapper().readTree(lines.get(0));
        assertThat(second.get("sequence").asLong()).isEqualTo(3);
        assertThat(second.get("reason").asText()).startsWith("undecodable journal entry");
        assertThat(count("dead_lettered")).isEqualTo(2);
        assertThat(count("skipped")).isEqualTo(2);
    }

    @Test
    void batchesRespectTheBatchSizeAndTheBacklogGaugeDrainsToZero() throws Exception {
        for (int i = 1; i <= 50; i++) {
            journal.append(TestRecords.vitals(i, "p1", "p2"));
        }
        try (Forwarder f = forwarder(FAST.withBatch(20, 7))) {
            assertThat(registry.get(Meters.FORWARD_BACKLOG).tag("sink", "fake").gauge().value()).isEqualTo(50);
            f.start();
            await().until(() -> f.cursor() == 50);
            assertThat(registry.get(Meters.FORWARD_BACKLOG).tag("sink", "fake").gauge().value()).isZero();
            assertThat(registry.get(Meters.FORWARD_BACKLOG_AGE).tag("sink", "fake").gauge().value()).isZero();
        }
        // entries hold 4 records: a batch of 7 is extended to the end of the entry it stops in
        assertThat(sink.batchSizes).allMatch(n -> n == 8 || n == 4);
        assertThat(sink.confirmed).hasSize(200);
    }

    @Test
    void lowestCursorIsTheSlowestForwarder() throws Exception {
        journal.append(TestRecords.vitals(1, "p1"));
        Forwarder f = forwarder(FAST);
        assertThat(new Forwarders(journal, List.of(f)).lowestCursor()).isZero();
        assertThat(new Forwarders(journal, List.of()).lowestCursor()).isEqualTo(1);
        f.close();
    }

    @Test
    void aDamagedCursorFileStopsStartUp() throws Exception {
        Files.createDirectories(dir.resolve("forward"));
        Files.writeString(dir.resolve("forward/fake.cursor"), "12x");
        assertThatThrownBy(() -> forwarder(FAST)).isInstanceOf(IOException.class).hasMessageContaining("damaged");
    }

    @Test
    void backoffDoublesUpToTheMaximumWithJitterInTheUpperHalf() {
        Backoff low = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
        Backoff high = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999);
        assertThat(low.delayMillis(0)).isEqualTo(500);
        assertThat(high.delayMillis(0)).isEqualTo(999);
        assertThat(low.delayMillis(3)).isEqualTo(4000);
        assertThat(low.delayMillis(6)).isEqualTo(30_000);
        assertThat(high.delayMillis(30)).isEqualTo(59_999);
    }
}

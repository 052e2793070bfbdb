package org.homeward.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.homeward.gateway.device.DeviceDirectory;
import org.homeward.gateway.device.DeviceInfo;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Transport;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.journal.JournalEntry;
import org.homeward.gateway.journal.JournalException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ingest seam's own logic, with fakes around it: outcomes, failure mapping, and "ack only when durable". */
@Timeout(10)
class DefaultIngestServiceTest {
    static final Reading TEMP = new Reading("d-1", "p-1", Vital.TEMP, 37.0, 1, 1, Quality.OK, "Cel", false);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final FakeJournal journal = new FakeJournal();
    final FakeSink sink = new FakeSink();
    PackDecoder.Result decoded = new PackDecoder.Result(List.of(TEMP), List.of(), List.of());

    DefaultIngestService service() {
        PackDecoder decoder = (f, p, d, pt, at) -> decoded;
        return new DefaultIngestService(new OneDevice(), decoder, journal, sink, meters);
    }

    static IngestRequest request(String device) {
        return new IngestRequest(Transport.MQTT, device, Channel.SENML, PayloadFormat.SENML_JSON, new byte[] {'['}, 1);
    }

    @Test
    void completesOnlyWhenTheJournalEntryIsDurableThenFeedsTheShards() throws Exception {
        CompletableFuture<IngestOutcome> f = service().ingest(request("d-1"));
        assertThat(f).isNotDone();
        assertThat(sink.accepted).isEmpty();
        journal.pending.get(0).complete(1L);
        assertThat(f.get().accepted()).isEqualTo(1);
        assertThat(sink.accepted).containsExactly(TEMP);
        assertThat(meters.counter("homeward.ingest.requests", "transport", "mqtt", "outcome", "ok").count()).isEqualTo(1);
    }

    @Test
    void aPackUtReachesTheShardsAfterItsReadingsAndOnlyWhenDurable() throws Exception {
        CompletableFuture<IngestOutcome> none = service().ingest(request("d-1"));
        journal.pending.get(0).complete(1L);
        none.get();
        assertThat(sink.intervals).isEmpty();
        decoded = new PackDecoder.Result(List.of(TEMP), List.of(), List.of(), 300_000);
        CompletableFuture<IngestOutcome> f = service().ingest(request("d-1"));
        assertThat(sink.intervals).isEmpty();
        journal.pending.get(1).complete(2L);
        f.get();
        assertThat(sink.intervals).containsExactly(300_000L);
    }

    @Test
    void journalFailuresMapToRetryableReasonsAndNothingReachesTheShards() {
        for (JournalException.Kind kind : JournalException.Kind.values()) {
            CompletableFuture<IngestOutcome> f = service().ingest(request("d-1"));
            journal.pending.get(journal.pending.size() - 1).completeExceptionally(new JournalException(kind, "x"));
            FailureReason expected = kind == JournalException.Kind.OVERLOADED ? FailureReason.OVERLOADED
                    : kind == JournalException.Kind.FULL ? FailureReason.STORAGE_FULL : FailureReason.STORAGE_FAILED;
            assertThat(reason(f)).isEqualTo(expected);
            assertThat(expected.isRetryable()).isTrue();
            assertThat(meters.counter("homeward.ingest.requests", "transport", "mqtt", "outcome", expected.tag())
                    .count()).as("counted under its reason: %s", kind).isPositive();
        }
        assertThat(sink.accepted).isEmpty();
        assertThat(meters.counter("homeward.ingest.requests", "transport", "mqtt", "outcome", "ok").count()).isZero();
    }

    @Test
    void anUnknownDeviceIsRefusedBeforeDecoding() {
        assertThat(reason(service().ingest(request("d-unknown")))).isEqualTo(FailureReason.DEVICE_NOT_ACTIVE);
        assertThat(journal.pending).isEmpty();
    }

    @Test
    void aPackWhoseEveryRecordIsRefusedIsNoValidRecordsAndEachRefusalIsCounted() {
        decoded = new PackDecoder.Result(List.of(), List.of(new RecordRejection(0, "temp",
                RecordRejection.Reason.IMPLAUSIBLE_VALUE, "temp 52.0 Cel outside 25.0..45.0 °C")), List.of());
        assertThat(reason(service().ingest(request("d-1")))).isEqualTo(FailureReason.NO_VALID_RECORDS);
        assertThat(sink.rejected).hasSize(1);
        assertThat(meters.counter("homeward.ingest.records.rejected", "transport", "mqtt", "reason", "implausible_value")
                .count()).isEqualTo(1);
        assertThat(journal.pending).isEmpty();
    }

    @Test
    void aDecoderBugIsAMalformedPayloadNotAnEscapedException() {
        PackDecoder broken = (f, p, d, pt, at) -> {
            throw new IllegalStateException("bug");
        };
        DefaultIngestService s = new DefaultIngestService(new OneDevice(), broken, journal, sink, meters);
        assertThat(reason(s.ingest(request("d-1")))).isEqualTo(FailureReason.MALFORMED_PAYLOAD);
    }

    private static FailureReason reason(CompletableFuture<IngestOutcome> f) {
        try {
            f.get();
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return ((IngestException) e.getCause()).reason();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static final class OneDevice implements DeviceDirectory {
        @Override public Optional<DeviceInfo> authenticate(String deviceId, byte[] secret) { return find(deviceId); }
        @Override public AuthFailure explainFailure(String deviceId, byte[] secret) { return AuthFailure.NONE; }
        @Override public Optional<byte[]> pskFor(String deviceId) { return Optional.empty(); }
        @Override public Optional<DeviceInfo> find(String deviceId) {
            return "d-1".equals(deviceId) ? Optional.of(new DeviceInfo("d-1", "p-1", "patch")) : Optional.empty();
        }
        @Override public void onDeactivated(Consumer<String> listener) { }
    }

    static final class FakeSink implements ReadingSink {
        final List<Reading> accepted = new ArrayList<>();
        final List<RecordRejection> rejected = new ArrayList<>();
        final List<Long> intervals = new ArrayList<>();
        @Override public void durable(long seq, List<Reading> readings) { accepted.addAll(readings); }
        @Override public void rejected(String d, String p, RecordRejection r, long at) { rejected.add(r); }
        @Override public void expectedInterval(String d, String p, long millis) { intervals.add(millis); }
    }

    static final class FakeJournal implements Journal {
        final List<CompletableFuture<Long>> pending = new ArrayList<>();
        @Override public CompletableFuture<Long> append(byte[] entry) {
            CompletableFuture<Long> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }
        @Override public List<JournalEntry> read(long afterSequence, int max) { return List.of(); }
        @Override public long lastSequence() { return 0; }
        @Override public long firstSequence() { return 1; }
        @Override public long deleteUpTo(long sequence, long olderThanMillis) { return 0; }
        @Override public long sizeBytes() { return 0; }
        @Override public void close() { }
    }
}

package org.homeward.gateway.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.homeward.gateway.device.DeviceDirectory;
import org.homeward.gateway.device.DeviceInfo;
import org.homeward.gateway.domain.Transport;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.journal.JournalException;
import org.homeward.gateway.records.JournalRecords;
import org.homeward.gateway.metrics.Meters;

/**
 * The ingest seam: look the device up, decode and validate the pack on the caller's thread, append
 * the accepted readings to the journal as one entry, and complete when that entry is fsync'd (in
 * cluster mode the {@link PackLog} is the patient's Kafka partition instead, keyed by patient). The
 * patient shards read the readings from the journal themselves (they are only woken here), so a
 * reading that is acknowledged cannot miss the rules; the only overload answer is the journal's own
 * (queue full, disk limit). Every outcome is counted by transport and outcome.
 */
public final class DefaultIngestService implements IngestService {
    private static final int REASONS = RecordRejection.Reason.values().length;
    private final DeviceDirectory devices;
    private final PackDecoder decoder;
    private final PackLog log;
    private final ReadingSink sink;
    private final MeterRegistry meters;
    private final Map<Transport, Timer> latency = new EnumMap<>(Transport.class);
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final DeviceRateLimiter rateLimiter;
    private final AtomicReferenceArray<Counter> okRequestCounters = new AtomicReferenceArray<>(Transport.values().length);
    private final AtomicReferenceArray<Counter> readingCounters = new AtomicReferenceArray<>(Transport.values().length);
    private final AtomicReferenceArray<Counter> rejectedCounters =
            new AtomicReferenceArray<>(Transport.values().length * REASONS);

    public DefaultIngestService(DeviceDirectory devices, PackDecoder decoder, Journal journal, ReadingSink sink,
                                MeterRegistry meters) {
        this(devices, decoder, journal, sink, meters, DeviceRateLimiter.UNLIMITED);
    }

    /** With a per-device message rate limit, checked after the device lookup and before decoding. */
    public DefaultIngestService(DeviceDirectory devices, PackDecoder decoder, Journal journal, ReadingSink sink,
                                MeterRegistry meters, DeviceRateLimiter rateLimiter) {
        this(devices, decoder, PackLog.of(journal), sink, meters, rateLimiter);
    }

    /** Appending to any {@link PackLog} (the local journal, or the patient's Kafka partition in cluster mode). */
    public DefaultIngestService(DeviceDirectory devices, PackDecoder decoder, PackLog log, ReadingSink sink,
                                MeterRegistry meters, DeviceRateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.devices = devices;
        this.decoder = decoder;
        this.log = log;
        this.sink = sink;
        this.meters = meters;
        for (Transport t : Transport.values()) {
            latency.put(t, Timer.builder(Meters.INGEST_LATENCY).tag("transport", t.tag())
                    .description("Receive to durable").publishPercentileHistogram().register(meters));
        }
    }

    @Override
    public CompletableFuture<IngestOutcome> ingest(IngestRequest request) {
        long startNanos = System.nanoTime();
        try {
            return start(request, startNanos);
        } catch (IngestException e) {
            return fail(request, e);
        } catch (RuntimeException e) {
            // a decoder bug must never escape into an adapter; it is a refusal like any other
            return fail(request, new IngestException(FailureReason.MALFORMED_PAYLOAD, "could not decode: " + e, e));
        }
    }

    private CompletableFuture<IngestOutcome> start(IngestRequest request, long startNanos) {
        DeviceInfo device = devices.find(request.deviceId()).orElseThrow(() -> new IngestException(
                FailureReason.DEVICE_NOT_ACTIVE, "device is not registered, revoked or not assigned to a patient"));
        if (!rateLimiter.tryAcquire(device.deviceId())) {
            throw new IngestException(FailureReason.RATE_LIMITED, "device message rate exceeded; retry later");
        }
        PackDecoder.Result pack = decoder.decode(request.format(), request.payload(), device.deviceId(),
                device.patientId(), request.receivedAtMillis());
        if (!pack.rejections().isEmpty()) {
            for (RecordRejection r : pack.rejections()) {
                rejectedRecords(request.transport(), r.reason()).increment();
            }
            sink.rejected(device.deviceId(), device.patientId(), pack.rejections(), request.receivedAtMillis());
        }
        if (pack.readings().isEmpty()) {
            if (!pack.rejections().isEmpty()) {
                throw new IngestException(FailureReason.NO_VALID_RECORDS, ReasonText.rejections(pack.rejections()));
            }
            record(request, "ok", 0, startNanos);
            return CompletableFuture.completedFuture(new IngestOutcome(0, List.of(), pack.warnings()));
        }
        byte[] entry = JournalRecords.readings(pack.readings());
        // one completion stage per pack (the outcome is counted where it is decided, not in a second stage)
        return log.append(device.patientId(), entry).handle((seq, error) -> {
            if (error != null) {
                IngestException failure = mapJournalFailure(error);
                record(request, failure.reason().tag(), 0, startNanos);
                throw new CompletionException(failure);
            }
            try {
                sink.durable(seq, pack.readings());
                if (pack.updateIntervalMillis() > 0) {
                    sink.expectedInterval(device.deviceId(), device.patientId(), pack.updateIntervalMillis());
                }
            } catch (RuntimeException e) {
                record(request, reasonOf(e).tag(), 0, startNanos);
                throw e;
            }
            IngestOutcome outcome = new IngestOutcome(pack.readings().size(), pack.rejections(), pack.warnings());
            record(request, "ok", outcome.accepted(), startNanos);
            return outcome;
        });
    }

    private static IngestException mapJournalFailure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof IngestException mapped) {
            return mapped; // another PackLog (Kafka) maps its own failures
        }
        if (cause instanceof JournalException) {
            JournalException je = (JournalException) cause;
            switch (je.kind()) {
                case OVERLOADED:
                    return new IngestException(FailureReason.OVERLOADED, "journal queue full", je);
                case FULL:
                    return new IngestException(FailureReason.STORAGE_FULL, "journal disk limit reached", je);
                default:
                    return new IngestException(FailureReason.STORAGE_FAILED, je.getMessage(), je);
            }
        }
        return new IngestException(FailureReason.STORAGE_FAILED, String.valueOf(cause), cause);
    }

    private static FailureReason reasonOf(Throwable error) {
        Throwable t = error;
        while (t != null && !(t instanceof IngestException)) {
            t = t.getCause();
        }
        return t == null ? FailureReason.STORAGE_FAILED : ((IngestException) t).reason();
    }

    private CompletableFuture<IngestOutcome> fail(IngestRequest request, IngestException e) {
        record(request, e.reason().tag(), 0, 0);
        return CompletableFuture.failedFuture(e);
    }

    /** Counts the outcome; with {@code startNanos} > 0 and readings accepted, times receive-to-durable. */
    private void record(IngestRequest request, String outcome, int accepted, long startNanos) {
        Transport t = request.transport();
        if ("ok".equals(outcome)) {
            okRequests(t).increment();
        } else {
            count(Meters.INGEST_REQUESTS, "transport", t.tag(), "outcome", outcome);
        }
        if (accepted > 0) {
            readings(t).increment(accepted);
            latency.get(t).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        }
    }

    // Every acknowledged pack counts one "ok" request and its readings: these two counters are looked up
    // by transport ordinal instead of by a key string built per pack (two concatenations and a hash each).
    private Counter okRequests(Transport t) {
        Counter c = okRequestCounters.get(t.ordinal());
        if (c == null) {
            c = Counter.builder(Meters.INGEST_REQUESTS).tag("transport", t.tag()).tag("outcome", "ok").register(meters);
            okRequestCounters.set(t.ordinal(), c); // a racing event loop registers the same counter: Micrometer returns it
        }
        return c;
    }

    // A device that sends a record we refuse (an unknown name, say) sends it in every pack: looked up by
    // ordinals, like the two above, not by a key string built per refused record.
    private Counter rejectedRecords(Transport t, RecordRejection.Reason reason) {
        int i = t.ordinal() * REASONS + reason.ordinal();
        Counter c = rejectedCounters.get(i);
        if (c == null) {
            c = Counter.builder(Meters.INGEST_RECORDS_REJECTED).tag("transport", t.tag()).tag("reason", reason.tag())
                    .register(meters);
            rejectedCounters.set(i, c);
        }
        return c;
    }

    private Counter readings(Transport t) {
        Counter c = readingCounters.get(t.ordinal());
        if (c == null) {
            c = Counter.builder(Meters.INGEST_READINGS).tag("transport", t.tag()).register(meters);
            readingCounters.set(t.ordinal(), c);
        }
        return c;
    }

    private void count(String name, String k1, String v1, String k2, String v2) {
        counters.computeIfAbsent(name + '|' + v1 + '|' + v2, k -> Counter.builder(name).tag(k1, v1).tag(k2, v2)
                .register(meters)).increment();
    }
}

package org.homeward.gateway.forward;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.homeward.gateway.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one {@link Sink} from the journal on its own thread, at least once, with its own
 * persisted cursor ({@code <dataDir>/forward/<sink>.cursor}), so a slow or dead sink never slows
 * ingest or the other sinks. In cluster mode the same logic reads the readings topic instead, through
 * a {@link ForwardSource} that commits a consumer group's offsets where this one writes the cursor.
 *
 * <p>Each poll reads a window of up to {@code windowEntries} entries after the cursor. The
 * window's alarm changes go first (the alarm lane), in journal order, then its readings, in
 * journal order, in batches of {@code batchSize} records (extended so that a batch never splits
 * a journal entry). Order guarantee at the destination (first arrival of each idempotency key): per patient, readings arrive in journal order; alarm changes
 * arrive in journal order; an alarm may overtake readings journaled before it (at most one window
 * ahead), never another alarm change. Transient failures are retried (same records, same order)
 * after an exponential back-off with jitter; permanent ones go to
 * {@code <dataDir>/forward/<sink>.deadletter.jsonl} and never block later records. The cursor is
 * written (atomically) only after the sink confirmed or the record was dead-lettered, so a crash
 * causes re-delivery, never loss.
 *
 * <p>Threading: {@link #start} and {@link #close} from any thread; everything else runs on the
 * forwarder thread. {@link #cursor} may be read from any thread.
 */
public final class Forwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    private static final long JOIN_MILLIS = 15_000;

    private final ForwardSource source;
    private final Sink sink;
    private final ForwarderSettings settings;
    private final Clock clock;
    private final DeadLetterFile deadLetters;
    private final Backoff backoff;
    private final ForwarderMetrics metrics;
    private final SinkDownAlarm sinkDown;
    private final AtomicLong oldestPendingMillis = new AtomicLong(Long.MAX_VALUE);
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    /**
     * @param journal   the journal to read (thread-safe reads)
     * @param sink      the destination; the forwarder owns it and closes it
     * @param settings  window, batch, poll and back-off settings
     * @param dataDir   the gateway data directory; files go to {@code dataDir/forward/}
     * @param gatewayId this gateway's id, the first part of every idempotency key
     * @param registry  where the meters go
     * @param clock     time source for back-log age and dead-letter stamps
     * @throws IOException when the cursor file exists but cannot be read or is damaged
     */
    public Forwarder(Journal journal, Sink sink, ForwarderSettings settings, Path dataDir, String gatewayId,
                     MeterRegistry registry, Clock clock) throws IOException {
        this(ForwardSource.journal(Objects.requireNonNull(journal, "journal"),
                dataDir.resolve("forward").resolve(sink.name() + ".cursor"), Objects.requireNonNull(gatewayId, "gatewayId"),
                sink.name()), sink, settings, dataDir, registry, clock);
    }

    /**
     * A forwarder over any {@link ForwardSource} (cluster mode: the readings topic as a consumer group);
     * it owns the source and closes it on its thread.
     */
    public Forwarder(ForwardSource source, Sink sink, ForwarderSettings settings, Path dataDir, MeterRegistry registry,
                     Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        Path dir = dataDir.resolve("forward");
        this.deadLetters = new DeadLetterFile(dir.resolve(sink.name() + ".deadletter.jsonl"), sink.name(), clock);
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.metrics = new ForwarderMetrics(registry, sink.name(), this::backlog, this::backlogAgeSeconds);
        this.sinkDown = new SinkDownAlarm(sink.name(), registry, clock);
        this.thread = new Thread(this::run, "forward-" + sink.name());
        this.thread.setDaemon(true);
    }

    /** Starts the forwarder thread. */
    public void start() {
        thread.start();
    }

    /** Highest source position (journal sequence by default) finished with (confirmed or dead-lettered). */
    public long cursor() {
        return source.position();
    }

    /** True when journal retention must wait for {@link #cursor} (false for the readings-topic source). */
    public boolean holdsJournal() {
        return source.holdsJournal();
    }

    /** The sink's name. */
    public String sinkName() {
        return sink.name();
    }

    /** Cluster mode: readings-topic partitions this node forwards for the sink now; empty for the journal. */
    public java.util.OptionalInt ownedPartitions() {
        return source.ownedPartitions();
    }

    /** Entries after the cursor (journal entries, or readings-topic records not yet finished). */
    public long backlog() {
        return source.backlog();
    }

    /** True while the forwarder thread runs (it ends only on close or a bug). */
    public boolean running() {
        return thread.isAlive();
    }

    /** The sink's technical alarm {@code FORWARD-SINK-DOWN} as a JSON-ready map while it is raised. */
    public java.util.Optional<java.util.Map<String, Object>> technicalAlarm() {
        return sinkDown.active();
    }

    /** Age in seconds of the oldest entry not yet delivered (0 without backlog). */
    public long backlogAgeSeconds() {
        long oldest = oldestPendingMillis.get();
        if (backlog() == 0 || oldest == Long.MAX_VALUE) {
            return 0;
        }
        return Math.max(0, (clock.millis() - oldest) / 1000);
    }

    /** Stops the thread (a delivery in progress is abandoned, not confirmed) and closes the sink. */
    @Override
    public void close() {
        stop.countDown();
        sink.close();
        if (thread.getState() == Thread.State.NEW) {
            source.close(); // never started: no forwarder thread will close it
        }
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            poll();
        } finally {
            source.close();
        }
    }

    private void poll() {
        int failures = 0;
        while (stop.getCount() > 0) {
            try {
                List<ForwardSource.Entry> entries = source.next(settings.windowEntries());
                failures = 0;
                if (entries.isEmpty()) {
                    oldestPendingMillis.set(Long.MAX_VALUE);
                    pause(settings.pollInterval().toMillis());
                } else {
                    forward(Window.of(entries));
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("forwarder {}: {}; retrying", sink.name(), e.toString());
                pause(backoff.delayMillis(failures++));
            }
        }
    }

    private void forward(Window w) throws IOException {
        oldestPendingMillis.set(w.oldestMillis());
        metrics.skipped.increment(w.skipped());
        for (Window.Undecodable u : w.undecodable()) {
            deadLetters.writeUndecodable(u.sequence(), u.reason());
            metrics.deadLettered.increment();
        }
        if (lane(w, w.alarms()) && lane(w, w.readings())) {
            advance(w);
        }
    }

    /** Delivers one lane in batches; false when stopped before it finished. */
    private boolean lane(Window w, List<ForwardRecord> records) throws IOException {
        int from = 0;
        while (from < records.size()) {
            int to = batchEnd(records, from);
            if (!deliverUntilDone(w, records.subList(from, to))) {
                return false;
            }
            advance(w);
            from = to;
        }
        return true;
    }

    /**
     * End of the batch starting at {@code from}: {@code batchSize} records, extended to the end of
     * the journal entry it stops in, so a batch never splits an entry (a SenML pack), and a sink
     * sees readings measured together (e.g. systolic and diastolic) in one call.
     */
    private int batchEnd(List<ForwardRecord> records, int from) {
        int to = Math.min(records.size(), from + settings.batchSize());
        while (to < records.size() && records.get(to).sequence() == records.get(to - 1).sequence()) {
            to++;
        }
        return to;
    }

    private boolean deliverUntilDone(Window w, List<ForwardRecord> batch) throws IOException {
        List<ForwardRecord> pending = batch;
        for (int attempt = 0; ; attempt++) {
            List<DeliveryResult> results = attempt(pending);
            List<ForwardRecord> again = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                ForwardRecord r = pending.get(i);
                DeliveryResult res = results.get(i);
                if (res.outcome() == DeliveryResult.Outcome.OK) {
                    metrics.delivered.increment();
                    sinkDown.delivered();
                    w.done(r);
                } else if (res.outcome() == DeliveryResult.Outcome.PERMANENT) {
                    deadLetters.write(r, res.reason());
                    metrics.deadLettered.increment();
                    LOG.warn("forwarder {}: record {} refused for its content, written to the dead-letter file: {}",
                            sink.name(), r.idempotencyKey(), abbreviate(res.reason()));
                    w.done(r);
                } else {
                    again.add(r);
                }
            }
            if (again.isEmpty()) {
                return true;
            }
            metrics.retried.increment(again.size());
            sinkDown.failed(attempt + 1, firstReason(again, pending, results));
            LOG.info("forwarder {}: {} records not confirmed ({}), retry {}", sink.name(), again.size(),
                    firstReason(again, pending, results), attempt + 1);
            if (!pause(backoff.delayMillis(attempt))) {
                return false;
            }
            pending = again;
        }
    }

    private List<DeliveryResult> attempt(List<ForwardRecord> pending) {
        List<DeliveryResult> results;
        try {
            results = sink.deliver(List.copyOf(pending));
        } catch (RuntimeException e) {
            results = null;
            LOG.warn("forwarder {}: sink threw {}", sink.name(), e.toString());
        }
        if (results == null || results.size() != pending.size()) {
            return pending.stream().map(r -> DeliveryResult.transientFailure("sink failed")).toList();
        }
        return results;
    }

    private static String firstReason(List<ForwardRecord> again, List<ForwardRecord> pending,
                                      List<DeliveryResult> results) {
        return results.get(pending.indexOf(again.get(0))).reason();
    }

    private static String abbreviate(String reason) {
        return reason.length() <= 300 ? reason : reason.substring(0, 300) + "…";
    }

    private void advance(Window w) {
        long next = w.completedUpTo(source.position());
        if (next != source.position()) {
            source.finished(next);
        }
    }

    /** Waits; false when the forwarder is stopping. */
    private boolean pause(long millis) {
        try {
            return !stop.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package org.homeward.gateway.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.homeward.gateway.audit.AlarmAudit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.metrics.Meters;
import org.homeward.gateway.metrics.TechnicalAlarm;
import org.homeward.gateway.records.JournalRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every alarm value the shards produce goes: the alarm audit, the alarm counter, and the
 * journal (from which the forwarders read it).
 *
 * <p>Ack discipline: an alarm value whose append fails is not dropped. It goes to a bounded
 * back-log ({@value #BACKLOG} values) and is appended again with exponential back-off
 * ({@value #FIRST_RETRY_MILLIS} ms doubling up to {@value #MAX_RETRY_MILLIS} ms), oldest first; while
 * the back-log is not empty new values queue behind it, so the journal keeps each alarm's changes in
 * the order they were made (replay keeps the last one per alarm). A value whose alarm has a newer
 * value already durable is skipped (counted {@code superseded}), never written after it. While values
 * wait the gateway's technical alarm {@value #RULE} is active ({@code /health} lists it, gauge
 * {@code homeward.gateway.technical.alarm{rule}}, one WARN line when raised, one INFO line when the
 * back-log is written); it clears when the last waiting value is durable. Outcomes are counted by
 * {@code homeward.alarm.appends{outcome}}, the back-log by {@code homeward.alarm.append.backlog}.
 * A full back-log drops the new value (counted {@code backlog_full}, logged at ERROR).
 *
 * <p>Threading: {@link #accept} is called on shard threads and never blocks (the audit queues, the
 * append is asynchronous). {@link #retryDue()} is called by a scheduler; it never blocks either.
 * Completions run on the journal's writer thread; a successful retry appends the next waiting value
 * from there at once, so a recovered journal drains the back-log without waiting for the scheduler.
 */
public final class AlarmJournal implements Consumer<Alarm> {
    static final String RULE = "GATEWAY-ALARM-NOT-JOURNALED";
    static final int BACKLOG = 10_000;
    static final long FIRST_RETRY_MILLIS = 200;
    static final long MAX_RETRY_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(AlarmJournal.class);
    private final AlarmAudit audit;
    private final Journal journal;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Counter failed;
    private final Counter retried;
    private final Counter superseded;
    private final Counter backlogFull;
    private final TechnicalAlarm alarm;
    /** The newest value of each alarm that is not yet durable; removed when it is. */
    private final Map<String, Pending> newest = new ConcurrentHashMap<>();
    // guarded by this
    private final Deque<Pending> backlog = new ArrayDeque<>();
    private boolean retryInFlight;
    private int attempt;
    private long nextRetryAt;
    private String lastError = "";

    /** One alarm value on its way into the journal. */
    private static final class Pending {
        final Alarm alarm;
        final byte[] entry;
        /** Completes with the sequence once durable; fails if the first append fails (a retry may still store it). */
        final CompletableFuture<Long> firstAttempt = new CompletableFuture<>();
        volatile boolean queued;

        Pending(Alarm alarm) {
            this.alarm = alarm;
            this.entry = JournalRecords.alarm(alarm);
        }
    }

    public AlarmJournal(AlarmAudit audit, Journal journal, MeterRegistry meters, Clock clock) {
        this.audit = audit;
        this.journal = journal;
        this.meters = meters;
        this.clock = clock;
        this.failed = outcome("failed");
        this.retried = outcome("retried");
        this.superseded = outcome("superseded");
        this.backlogFull = outcome("backlog_full");
        this.alarm = new TechnicalAlarm(RULE, meters);
        Gauge.builder(Meters.ALARM_APPEND_BACKLOG, this, AlarmJournal::waiting).register(meters);
    }

    private Counter outcome(String outcome) {
        return Counter.builder(Meters.ALARM_APPENDS).tag("outcome", outcome).register(meters);
    }

    @Override
    public void accept(Alarm a) {
        audit.onChange(a);
        Counter.builder(Meters.ALARMS).tag("rule", a.rule()).tag("priority", a.priority().name())
                .tag("state", a.state().name()).register(meters).increment();
        Pending p = new Pending(a);
        newest.put(a.id(), p);
        synchronized (this) {
            if (!backlog.isEmpty() || retryInFlight) {
                p.firstAttempt.completeExceptionally(new IllegalStateException(
                        "earlier alarm changes still wait for the journal: " + lastError));
                enqueue(p);
                return;
            }
        }
        send(p, false);
    }

    /**
     * Completes when the alarm's newest change (made on its shard before this call) is durable, or
     * exceptionally when its first append failed or had to wait behind earlier failed ones: a nurse
     * command then answers 503 (the change is still retried and may yet be stored). Already durable,
     * or never changed here: completed. Never blocks.
     */
    public CompletableFuture<Long> durable(String alarmId) {
        Pending p = newest.get(alarmId);
        return p == null ? CompletableFuture.completedFuture(0L) : p.firstAttempt;
    }

    /** Appends the oldest waiting value if its back-off has passed and no retry is in flight. */
    public void retryDue() {
        Pending next;
        synchronized (this) {
            if (retryInFlight || backlog.isEmpty() || clock.millis() < nextRetryAt) {
                return;
            }
            next = nextRetry();
        }
        if (next != null) {
            send(next, true);
        }
    }

    private void send(Pending p, boolean retry) {
        journal.append(p.entry).whenComplete((seq, err) -> {
            if (err == null) {
                durable(p, seq, retry);
            } else {
                failed(p, retry, err);
            }
        });
    }

    private void durable(Pending p, long seq, boolean retry) {
        p.firstAttempt.complete(seq);
        newest.remove(p.alarm.id(), p);
        if (!retry) {
            return;
        }
        retried.increment();
        Pending next;
        synchronized (this) {
            retryInFlight = false;
            attempt = 0;
            next = nextRetry();
        }
        if (next != null) {
            send(next, true);
        }
    }

    private void failed(Pending p, boolean retry, Throwable err) {
        p.firstAttempt.completeExceptionally(err);
        failed.increment();
        synchronized (this) {
            lastError = String.valueOf(err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                    ? err.getCause() : err);
            if (retry) {
                retryInFlight = false;
                p.queued = true;
                backlog.addFirst(p);
                attempt++;
            } else {
                enqueue(p);
            }
            nextRetryAt = clock.millis() + Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(attempt, 16));
            if (alarm.raise(clock.millis())) {
                LOG.warn("technical alarm {}: an alarm change could not be journaled ({}); it is kept and retried, "
                        + "forwarders get it once the journal takes it", RULE, lastError);
            }
        }
    }

    /** Guarded by this. Adds at the tail, or drops and counts when the back-log is full. */
    private void enqueue(Pending p) {
        if (backlog.size() >= BACKLOG) {
            newest.remove(p.alarm.id(), p);
            backlogFull.increment();
            LOG.error("alarm change dropped: {} alarm changes already wait for the journal (rule {}, state {})",
                    BACKLOG, p.alarm.rule(), p.alarm.state());
            return;
        }
        p.queued = true;
        backlog.addLast(p);
    }

    /**
     * Guarded by this. The oldest waiting value that may still be written: one whose alarm has no newer
     * value, or whose newer value waits behind it. Others are counted superseded and skipped.
     */
    private Pending takeNext() {
        Pending p;
        while ((p = backlog.pollFirst()) != null) {
            p.queued = false;
            Pending latest = newest.get(p.alarm.id());
            if (latest == p || latest != null && latest.queued) {
                return p;
            }
            superseded.increment();
        }
        return null;
    }

    /** Guarded by this. The next value to retry (then in flight), or null; clears the alarm when none waits. */
    private Pending nextRetry() {
        Pending next = takeNext();
        if (next != null) {
            retryInFlight = true;
        } else if (alarm.clear()) {
            LOG.info("technical alarm {} cleared: every waiting alarm change is journaled", RULE);
        }
        return next;
    }

    synchronized int waiting() {
        return backlog.size() + (retryInFlight ? 1 : 0);
    }

    /** The active technical alarm as a JSON-ready map (empty when none). */
    public synchronized List<Map<String, Object>> technicalAlarms() {
        if (!alarm.isActive()) {
            return List.of();
        }
        Map<String, Object> a = alarm.view();
        a.put("waiting", backlog.size() + (retryInFlight ? 1 : 0));
        a.put("lastError", lastError);
        return List.of(a);
    }
}

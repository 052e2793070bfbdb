package org.homeward.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.homeward.gateway.audit.AlarmAudit;
import org.homeward.gateway.audit.AuditTrail;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.forward.TestRecords;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.journal.JournalEntry;
import org.homeward.gateway.journal.JournalException;
import org.homeward.gateway.journal.JournalSettings;
import org.homeward.gateway.journal.MutableClock;
import org.homeward.gateway.journal.SegmentedJournal;
import org.homeward.gateway.metrics.Meters;
import org.homeward.gateway.records.JournalRecords;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alarm value whose journal append fails is retried with back-off into a real journal, in order,
 * under a technical alarm that clears once it is written (issue 11 item 5).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AlarmJournalTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(TestRecords.T0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private SegmentedJournal disk;
    private FlakyJournal journal;
    private AlarmJournal alarms;

    @BeforeEach
    void open() throws IOException {
        disk = SegmentedJournal.open(JournalSettings.defaults(dir), clock, meters);
        journal = new FlakyJournal(disk);
        alarms = new AlarmJournal(new AlarmAudit(AuditTrail.NONE), journal, meters, clock);
    }

    @AfterEach
    void close() {
        disk.close();
    }

    @Test
    void givenAJournalThatFailsTwice_whenAnAlarmChanges_thenItReachesTheJournalAndTheTechnicalAlarmIsRaisedThenCleared()
            throws Exception {
        journal.failNext(2);
        Alarm raised = TestRecords.alarm("p-1", "a-1", AlarmState.ACTIVE, 1);

        alarms.accept(raised);

        assertThat(journaled()).isEmpty();
        assertThat(alarms.technicalAlarms()).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("rule", AlarmJournal.RULE).containsEntry("waiting", 1));
        assertThat(gauge()).isEqualTo(1.0);

        alarms.retryDue(); // back-off not yet over: nothing is tried
        assertThat(journal.attempts.get()).isEqualTo(1);
        clock.advance(AlarmJournal.FIRST_RETRY_MILLIS);
        alarms.retryDue(); // second failure: the back-off doubles
        assertThat(journal.attempts.get()).isEqualTo(2);
        clock.advance(AlarmJournal.FIRST_RETRY_MILLIS);
        alarms.retryDue();
        assertThat(journal.attempts.get()).isEqualTo(2);
        clock.advance(AlarmJournal.FIRST_RETRY_MILLIS);
        alarms.retryDue();

        Awaitility.await().until(() -> !journaled().isEmpty());
        assertThat(journaled()).containsExactly(raised);
        Awaitility.await().until(() -> alarms.technicalAlarms().isEmpty());
        assertThat(gauge()).isEqualTo(0.0);
        assertThat(count("failed")).isEqualTo(2.0);
        assertThat(count("retried")).isEqualTo(1.0);
        assertThat(meters.get(Meters.GATEWAY_TECHNICAL_ALARMS_RAISED).tag("rule", AlarmJournal.RULE).counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void givenAFailedAlarmValue_whenNewerValuesArriveBeforeTheRetry_thenTheJournalKeepsEveryChangeInOrder()
            throws Exception {
        journal.failNext(1);
        Alarm active = TestRecords.alarm("p-1", "a-1", AlarmState.ACTIVE, 1);
        Alarm acked = TestRecords.alarm("p-1", "a-1", AlarmState.ACKNOWLEDGED, 2);
        Alarm other = TestRecords.alarm("p-2", "a-2", AlarmState.ACTIVE, 3);

        alarms.accept(active);
        alarms.accept(acked);
        alarms.accept(other);
        assertThat(journal.attempts.get()).as("newer values wait behind the failed one").isEqualTo(1);
        clock.advance(AlarmJournal.FIRST_RETRY_MILLIS);
        alarms.retryDue();

        Awaitility.await().until(() -> journaled().size() == 3);
        assertThat(journaled()).containsExactly(active, acked, other);
        Awaitility.await().until(() -> alarms.technicalAlarms().isEmpty());
    }

    @Test
    void givenAFailedValueWhoseNewerValueIsAlreadyDurable_whenRetried_thenItIsSkippedNotWrittenAfterIt()
            throws Exception {
        Alarm active = TestRecords.alarm("p-1", "a-1", AlarmState.ACTIVE, 1);
        Alarm acked = TestRecords.alarm("p-1", "a-1", AlarmState.ACKNOWLEDGED, 2);
        CompletableFuture<Long> first = journal.holdNext();

        alarms.accept(active); // in flight, its outcome not known yet
        alarms.accept(acked); // written
        Awaitility.await().until(() -> journaled().size() == 1);
        first.completeExceptionally(new JournalException(JournalException.Kind.IO, "write failed", null));
        clock.advance(AlarmJournal.FIRST_RETRY_MILLIS);
        alarms.retryDue();

        assertThat(journaled()).containsExactly(acked);
        assertThat(count("superseded")).isEqualTo(1.0);
        assertThat(alarms.technicalAlarms()).isEmpty();
    }

    private double gauge() {
        return meters.get(Meters.GATEWAY_TECHNICAL_ALARM).tag("rule", AlarmJournal.RULE).gauge().value();
    }

    private double count(String outcome) {
        return meters.get(Meters.ALARM_APPENDS).tag("outcome", outcome).counter().count();
    }

    private List<Alarm> journaled() throws IOException {
        List<Alarm> out = new ArrayList<>();
        for (JournalEntry e : disk.read(0, 100)) {
            out.add(JournalRecords.decode(e.payload()).alarm());
        }
        return out;
    }

    /** A real journal whose next appends can be made to fail, or be held for the test to complete. */
    static final class FlakyJournal implements Journal {
        private final Journal delegate;
        final AtomicInteger attempts = new AtomicInteger();
        private int failures;
        private CompletableFuture<Long> held;

        FlakyJournal(Journal delegate) {
            this.delegate = delegate;
        }

        synchronized void failNext(int n) {
            failures = n;
        }

        synchronized CompletableFuture<Long> holdNext() {
            held = new CompletableFuture<>();
            return held;
        }

        @Override
        public synchronized CompletableFuture<Long> append(byte[] entry) {
            attempts.incrementAndGet();
            if (held != null) {
                CompletableFuture<Long> f = held;
                held = null;
                return f;
            }
            if (failures > 0) {
                failures--;
                return CompletableFuture.failedFuture(
                        new JournalException(JournalException.Kind.FULL, "journal full", null));
            }
            return delegate.append(entry);
        }

        @Override
        public List<JournalEntry> read(long afterSequence, int max) throws IOException {
            return delegate.read(afterSequence, max);
        }

        @Override
        public long lastSequence() {
            return delegate.lastSequence();
        }

        @Override
        public long firstSequence() {
            return delegate.firstSequence();
        }

        @Override
        public long deleteUpTo(long sequence, long olderThanMillis) throws IOException {
            return delegate.deleteUpTo(sequence, olderThanMillis);
        }

        @Override
        public long sizeBytes() {
            return delegate.sizeBytes();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}

package org.homeward.gateway.cluster;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.journal.Journal;
import org.homeward.gateway.journal.JournalEntry;
import org.homeward.gateway.journal.JournalException;
import org.homeward.gateway.records.JournalRecords;
import org.homeward.gateway.domain.LearnedBaseline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append side of {@link Journal} on the readings topic, for what the owner of a patient writes
 * besides packs: alarm changes ({@code app.AlarmJournal}), manual entries and threshold changes
 * ({@code app.NurseCommands}), learned baselines ({@link #baseline}). Each record goes to its patient's partition (the patient is read from
 * the record), so the partition stays the complete journal a new owner replays, and the alarm journal's
 * retry, ordering and "503 when it cannot be stored" work unchanged. A Kafka failure becomes a
 * {@link JournalException} of kind {@code IO} (or {@code OVERLOADED}). Reads are not served here: the
 * partition is read by {@link PartitionProcessing}. Thread-safe.
 */
public final class PartitionJournal implements Journal {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionJournal.class);
    private final ReadingsTopic topic;

    public PartitionJournal(ReadingsTopic topic) {
        this.topic = topic;
    }

    @Override
    public CompletableFuture<Long> append(byte[] entry) {
        String patient;
        try {
            patient = patientOf(JournalRecords.decode(entry));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new JournalException(JournalException.Kind.IO, "not a record: " + e.getMessage()));
        }
        return topic.record(patient, entry).handle((position, error) -> {
            if (error == null) {
                return position;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            boolean busy = cause instanceof IngestException ie && ie.reason() == FailureReason.OVERLOADED;
            throw new CompletionException(new JournalException(busy ? JournalException.Kind.OVERLOADED
                    : JournalException.Kind.IO, "Kafka: " + cause.getMessage(), cause));
        });
    }

    /**
     * Writes a learned baseline whose learning is over ({@code JournalRecords.BASELINE}) to its patient's
     * partition, for a later take-over from a checkpoint. Not acknowledged to anyone: a failed write is logged
     * and the next owner re-learns that baseline from what it replays (the behaviour before the record).
     */
    public void baseline(LearnedBaseline b) {
        append(JournalRecords.baseline(b)).whenComplete((position, error) -> {
            if (error != null) {
                LOG.warn("a learned {} baseline could not be written to the partition (a take-over re-learns it): {}",
                        b.vital(), error.getMessage());
            }
        });
    }

    private static String patientOf(JournalRecords.Decoded d) {
        return switch (d.type()) {
            case JournalRecords.ALARM -> d.alarm().patientId();
            case JournalRecords.MANUAL -> d.manual().patientId();
            case JournalRecords.THRESHOLDS -> d.thresholds().patientId();
            case JournalRecords.READINGS -> d.readings().get(0).patientId();
            case JournalRecords.BASELINE -> d.baseline().patientId();
            default -> throw new IllegalArgumentException("record type " + d.type() + " has no patient");
        };
    }

    @Override
    public List<JournalEntry> read(long afterSequence, int max) throws IOException {
        throw new IOException("the readings topic is read by partition, not through this journal");
    }

    @Override
    public long lastSequence() {
        return 0;
    }

    @Override
    public long firstSequence() {
        return 1;
    }

    @Override
    public long deleteUpTo(long sequence, long olderThanMillis) {
        return 0; // retention is the topic's (cluster.readings-retention)
    }

    @Override
    public long sizeBytes() {
        return 0;
    }

    @Override
    public void close() {
        // the producer belongs to ReadingsTopic
    }

}

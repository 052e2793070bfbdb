package org.homeward.gateway.ingest;

import java.util.concurrent.CompletableFuture;
import org.homeward.gateway.journal.Journal;

/**
 * Where {@link DefaultIngestService} makes an encoded pack durable: the local journal (one entry,
 * complete when fsync'd; the key is not used) or, in cluster mode, the patient's partition of the
 * readings topic (keyed by the patient pseudonym, complete when the in-sync replicas have it).
 *
 * <p>The future completes with the entry's position in its log, or fails with the log's own error:
 * a {@link org.homeward.gateway.journal.JournalException} from the journal, an {@link IngestException}
 * already mapped to a {@link FailureReason} from any other log. It must never complete normally
 * before the pack is durable. Thread-safe; non-blocking or bounded.
 */
@FunctionalInterface
public interface PackLog {

    /** Appends {@code entry} (a {@code JournalRecords.readings} record) for {@code patientId}. */
    CompletableFuture<Long> append(String patientId, byte[] entry);

    /** The local journal: the key is ignored, the entry's position is its journal sequence. */
    static PackLog of(Journal journal) {
        return (patientId, entry) -> journal.append(entry);
    }
}

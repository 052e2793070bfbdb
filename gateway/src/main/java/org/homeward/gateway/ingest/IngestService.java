package org.homeward.gateway.ingest;

import java.util.concurrent.CompletableFuture;

/**
 * The one seam every protocol adapter calls.
 *
 * <p>Threading: may be called from any thread, including Netty event loops and Californium
 * threads; it never blocks. Decoding and validation run on the calling thread (microseconds);
 * the durable write happens on the journal's writer thread.
 *
 * <p>Completion: the future completes normally once every accepted reading is durable (fsync'd),
 * and only then may the adapter acknowledge (PUBACK / 2.04). It completes on a journal thread,
 * so adapters must hop back to their own thread before touching a channel. It fails with an
 * {@link IngestException} whose {@link FailureReason} the adapter maps to its protocol; no other
 * exception type escapes. The future is never left pending: an overloaded gateway fails fast
 * with {@link FailureReason#OVERLOADED}.
 */
public interface IngestService {

    CompletableFuture<IngestOutcome> ingest(IngestRequest request);
}

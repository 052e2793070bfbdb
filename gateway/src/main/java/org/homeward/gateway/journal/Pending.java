package org.homeward.gateway.journal;

import java.util.concurrent.CompletableFuture;

/** An append waiting in the queue; the writer fills in the sequence. */
final class Pending {
    /** Queued by close() to stop the writer once the queue is drained. */
    static final Pending STOP = new Pending(new byte[0], null, 0);

    final byte[] payload;
    final CompletableFuture<Long> future;
    final long enqueuedNanos;
    long sequence;

    Pending(byte[] payload, CompletableFuture<Long> future, long enqueuedNanos) {
        this.payload = payload;
        this.future = future;
        this.enqueuedNanos = enqueuedNanos;
    }

    int frameBytes() {
        return FrameCodec.frameBytes(payload.length);
    }
}

package org.homeward.gateway.adapter.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.ingest.IngestOutcome;
import org.homeward.gateway.ingest.IngestRequest;
import org.homeward.gateway.ingest.IngestService;

/** Records every ingest call; completes it at once, fails it, or leaves it to the test. */
final class FakeIngest implements IngestService {
    record Call(IngestRequest request, CompletableFuture<IngestOutcome> future) {
        void succeed() {
            future.complete(new IngestOutcome(1, List.of(), List.of()));
        }

        void fail(FailureReason reason) {
            future.completeExceptionally(new IngestException(reason, "test double"));
        }
    }

    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    volatile boolean autoComplete = true;
    volatile FailureReason failWith;

    @Override
    public CompletableFuture<IngestOutcome> ingest(IngestRequest request) {
        Call call = new Call(request, new CompletableFuture<>());
        calls.add(call);
        if (failWith != null) {
            call.fail(failWith);
        } else if (autoComplete) {
            call.succeed();
        }
        return call.future();
    }

    /** The next call, waiting up to ten seconds. */
    Call next() throws InterruptedException {
        Call call = calls.poll(10, TimeUnit.SECONDS);
        assertThat(call).as("an ingest call within 10 s").isNotNull();
        return call;
    }

    /** The next call if one is already there, else null. */
    Call poll() {
        return calls.poll();
    }
}

package org.homeward.gateway.adapter.coap;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.homeward.gateway.ingest.IngestOutcome;
import org.homeward.gateway.ingest.IngestRequest;
import org.homeward.gateway.ingest.IngestService;

/** Records every request; each answer comes from the current {@link #answer} (default: held until the test completes it). */
final class FakeIngest implements IngestService {
    record Call(IngestRequest request, CompletableFuture<IngestOutcome> future) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile Function<IngestRequest, CompletableFuture<IngestOutcome>> answer = request -> new CompletableFuture<>();

    @Override
    public CompletableFuture<IngestOutcome> ingest(IngestRequest request) {
        CompletableFuture<IngestOutcome> future = answer.apply(request);
        calls.add(new Call(request, future));
        return future;
    }

    /** Every request completes at once as durable with all records accepted. */
    void acceptAll() {
        answer = request -> CompletableFuture.completedFuture(new IngestOutcome(1, List.of(), List.of()));
    }

    static IngestOutcome ok(int accepted) {
        return new IngestOutcome(accepted, List.of(), List.of());
    }
}
